"""Metrics a plugin adds to its process's ``/metrics``: prometheus-client types on the process registry.

Each function makes its metric on the first call and answers the same one after, so a plugin
built twice in one process (tests, replicas of a colocated plugin) registers it once. Name
plugin metrics ``turnout_<plugin>_...``.

>>> backend = info("turnout_example_backend", "The example's engine", engine="numpy")
>>> info("turnout_example_backend", "The example's engine", engine="numpy") is backend
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info

from framework._metrics import process_metrics

__all__ = ["counter", "gauge", "histogram", "info", "registry"]

M = TypeVar("M")


def registry() -> CollectorRegistry:
    """This process's registry, for a custom collector (``registry().register(collector)``)."""
    return process_metrics().registry


def _once(name: str, kind: type[M], make: Callable[[], M]) -> M:
    made: dict[str, Any] = process_metrics().plugin_metrics
    existing = made.get(name)
    if existing is None:
        existing = made[name] = make()
    if not isinstance(existing, kind):
        raise ValueError(f"metric {name!r} already exists as a {type(existing).__name__}")
    return existing


def counter(name: str, documentation: str, labelnames: Sequence[str] = ()) -> Counter:
    """A counter (exposed as ``<name>_total``)."""
    return _once(name, Counter, lambda: Counter(name, documentation, labelnames, registry=registry()))


def gauge(name: str, documentation: str, labelnames: Sequence[str] = ()) -> Gauge:
    """A gauge."""
    return _once(name, Gauge, lambda: Gauge(name, documentation, labelnames, registry=registry()))


def histogram(
    name: str, documentation: str, labelnames: Sequence[str] = (), buckets: Sequence[float] = Histogram.DEFAULT_BUCKETS
) -> Histogram:
    """A histogram with ``buckets`` (upper bounds)."""
    return _once(
        name, Histogram, lambda: Histogram(name, documentation, labelnames, registry=registry(), buckets=buckets)
    )


def info(name: str, documentation: str, **values: str) -> Info:
    """An info metric (``<name>_info{key="value",...} 1``) set to ``values`` now; later calls set it again."""
    metric = _once(name, Info, lambda: Info(name, documentation, registry=registry()))
    metric.info(values)
    return metric
