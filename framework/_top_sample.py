"""What ``turnout top`` computes: per plugin request and error rates and latency quantiles between two scrapes.

A sample sums every scraped process's series per plugin and layer (``http``: the HTTP edge;
``nats``: calls the service processes served), so replicas add up. Rates are the change between
two samples over the seconds between them; quantiles interpolate in the changed histogram
buckets, as Prometheus' ``histogram_quantile`` does.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from prometheus_client.parser import text_string_to_metric_families

__all__ = ["Rates", "Sample", "Totals", "quantile", "rates", "read_sample"]

# layer -> (requests counter, its status label, latency histogram)
_LAYERS = {
    "http": ("turnout_http_requests", "status", "turnout_http_request_duration_seconds"),
    "nats": ("turnout_served_calls", "outcome", "turnout_served_call_duration_seconds"),
}
# sample name -> (layer, the label holding its status; None for a histogram bucket)
_SAMPLES: dict[str, tuple[str, str | None]] = {
    **{counter + "_total": (layer, status) for layer, (counter, status, _) in _LAYERS.items()},
    **{histogram + "_bucket": (layer, None) for layer, (_, _, histogram) in _LAYERS.items()},
}
_HIDDEN = {"turnout", "-"}  # the framework's own routes (/metrics, /health) and unmatched paths


@dataclass
class Totals:
    """One plugin's counts on one layer, summed over processes and operations."""

    requests: float = 0.0
    errors: float = 0.0  # 5xx, timeouts, no responders
    client_errors: float = 0.0  # 4xx
    buckets: dict[float, float] = field(default_factory=dict)  # upper bound -> cumulative count


Sample = dict[tuple[str, str], Totals]  # (plugin, layer) -> totals


def _kind(status: str) -> str:
    """``ok``, ``client`` or ``error`` for a status code or outcome label."""
    if status == "ok":
        return "ok"
    if status.isdigit():
        code = int(status)
        return "error" if code >= 500 else "client" if code >= 400 else "ok"
    return "error"  # timeout, no_responders, cancelled


def read_sample(texts: Iterable[str]) -> Sample:
    """Sum the exposition ``texts`` of several processes into one sample."""
    sample: Sample = {}
    for text in texts:
        for family in text_string_to_metric_families(text):
            for item in family.samples:
                found = _SAMPLES.get(item.name)
                plugin = item.labels.get("plugin", "")
                if found is None or plugin in _HIDDEN:
                    continue
                layer, status_label = found
                totals = sample.setdefault((plugin, layer), Totals())
                if status_label is None:  # a histogram bucket
                    bound = float(item.labels["le"])
                    totals.buckets[bound] = totals.buckets.get(bound, 0.0) + item.value
                    continue
                totals.requests += item.value
                kind = _kind(item.labels.get(status_label, ""))
                if kind == "error":
                    totals.errors += item.value
                elif kind == "client":
                    totals.client_errors += item.value
    return sample


def quantile(q: float, buckets: list[tuple[float, float]]) -> float | None:
    """The ``q`` quantile of cumulative ``buckets`` (bound, count) sorted by bound; None without observations."""
    if not buckets or buckets[-1][1] <= 0:
        return None
    rank = q * buckets[-1][1]
    lower, below = 0.0, 0.0
    for bound, count in buckets:
        if count >= rank:
            if math.isinf(bound):
                return lower  # beyond the last finite bound: that bound is all that is known
            if count == below:
                return bound
            return lower + (bound - lower) * (rank - below) / (count - below)
        lower, below = bound, count
    return lower


@dataclass(frozen=True)
class Rates:
    """One table row: a plugin on a layer, per second, and its latency quantiles in seconds."""

    plugin: str
    layer: str
    requests: float
    errors: float
    client_errors: float
    p50: float | None
    p99: float | None


def _change(after: float, before: float) -> float:
    return after if after < before else after - before  # a process restarted: its counters began again


def rates(before: Sample, after: Sample, seconds: float) -> list[Rates]:
    """The rows with traffic between the two samples, by layer then plugin."""
    rows = []
    for key, now in sorted(after.items(), key=lambda item: (item[0][1], item[0][0])):
        then = before.get(key, Totals())
        requests = _change(now.requests, then.requests)
        if requests <= 0:
            continue
        changed = sorted((bound, _change(count, then.buckets.get(bound, 0.0))) for bound, count in now.buckets.items())
        rows.append(
            Rates(
                plugin=key[0],
                layer=key[1],
                requests=requests / seconds,
                errors=_change(now.errors, then.errors) / seconds,
                client_errors=_change(now.client_errors, then.client_errors) / seconds,
                p50=quantile(0.5, changed),
                p99=quantile(0.99, changed),
            )
        )
    return rows
