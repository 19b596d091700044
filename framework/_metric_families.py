"""Counters and latency histograms for the framework's hot paths, without a lock per update.

prometheus-client guards every value with a mutex (about 1 us per counter, 2 us per histogram
observation here). The framework updates its own metrics only from the event loop's thread and
reads them there at scrape time, so a plain integer per series is enough: a counter is one
``+=``, an observation a ``bisect`` and two. Label children are made once and kept by callers.
Plugins' own metrics use prometheus-client's types (framework.metrics), safe from any thread.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

__all__ = [
    "JOB_BOUNDS",
    "LATENCY_BOUNDS",
    "Count",
    "CountFamily",
    "GaugeFamily",
    "Latency",
    "LatencyFamily",
]

# Seconds: from 100 us (a colocated call) to a minute (a deadline far past its default).
LATENCY_BOUNDS: tuple[float, ...] = (
    0.0001,
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
    60.0,
)
# Seconds a job runs: from a tenth of a second to hours.
JOB_BOUNDS: tuple[float, ...] = (0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0, 14400.0)


class Count:
    """One labelled counter value; callers add to ``value`` directly."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


class Latency:
    """One labelled histogram: a count per bucket (the last is +Inf) and the sum of observations."""

    __slots__ = ("bounds", "buckets", "sum")

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self.bounds = bounds
        self.buckets = [0] * (len(bounds) + 1)
        self.sum = 0.0

    def observe(self, seconds: float) -> None:
        # bisect_left: the first bound >= seconds, as Prometheus' "le" means.
        self.buckets[bisect_left(self.bounds, seconds)] += 1
        self.sum += seconds


class _Family(Collector):
    def __init__(self, name: str, documentation: str, labelnames: Sequence[str]) -> None:
        self.name = name
        self.documentation = documentation
        self.labelnames = tuple(labelnames)

    def describe(self) -> list[Metric]:
        return []  # nothing to check ahead: the names are the framework's own, registered once


class CountFamily(_Family):
    """A counter family whose children are :class:`Count`."""

    def __init__(self, name: str, documentation: str, labelnames: Sequence[str]) -> None:
        super().__init__(name, documentation, labelnames)
        self._children: dict[tuple[str, ...], Count] = {}

    def labels(self, *values: str) -> Count:
        child = self._children.get(values)
        if child is None:
            child = self._children[values] = Count()
        return child

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(self.name, self.documentation, labels=self.labelnames)
        for values, child in self._children.copy().items():
            family.add_metric(values, child.value)
        yield family


class LatencyFamily(_Family):
    """A histogram family whose children are :class:`Latency`."""

    def __init__(
        self, name: str, documentation: str, labelnames: Sequence[str], bounds: tuple[float, ...] = LATENCY_BOUNDS
    ) -> None:
        super().__init__(name, documentation, labelnames)
        self.bounds = bounds
        self._edges = [repr(float(bound)) for bound in bounds] + ["+Inf"]
        self._children: dict[tuple[str, ...], Latency] = {}

    def labels(self, *values: str) -> Latency:
        child = self._children.get(values)
        if child is None:
            child = self._children[values] = Latency(self.bounds)
        return child

    def collect(self) -> Iterator[Metric]:
        family = HistogramMetricFamily(self.name, self.documentation, labels=self.labelnames)
        for values, child in self._children.copy().items():
            cumulative: list[tuple[str, float]] = []
            running = 0
            for edge, count in zip(self._edges, list(child.buckets), strict=True):
                running += count
                cumulative.append((edge, running))
            family.add_metric(values, cumulative, child.sum)
        yield family


class GaugeFamily(_Family):
    """A gauge family whose values are set whole (at scrape time, say)."""

    def __init__(self, name: str, documentation: str, labelnames: Sequence[str]) -> None:
        super().__init__(name, documentation, labelnames)
        self.values: dict[tuple[str, ...], float] = {}

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(self.name, self.documentation, labels=self.labelnames)
        for values, value in self.values.copy().items():
            family.add_metric(values, value)
        yield family
