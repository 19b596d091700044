"""Prometheus metrics of one process: one registry, the framework's series, scraped at ``/metrics``.

What each process records (labels in brackets):

- HTTP edge (all-in-one, gateway): ``turnout_http_requests_total`` [plugin, operation, status] and
  ``turnout_http_request_duration_seconds`` [plugin, operation];
- calls over NATS, caller's side: ``turnout_nats_calls_total`` [plugin, operation, outcome] and
  ``turnout_nats_call_duration_seconds`` [plugin, operation]; outcome is ``ok``, the error
  status (``404``), ``timeout`` or ``no_responders``;
- calls a service process served: ``turnout_served_calls_total`` [plugin, operation, outcome] and
  ``turnout_served_call_duration_seconds`` [plugin, operation];
- events: ``turnout_events_published_total`` [event] where published, and where handled
  ``turnout_events_delivered_total``, ``turnout_events_retried_total`` and
  ``turnout_events_dead_lettered_total`` [event, plugin];
- jobs: ``turnout_job_queue_depth`` [plugin, kind, state] read from the table at scrape time
  (every replica reads the same table: take the max, not the sum), and
  ``turnout_job_duration_seconds`` [plugin, kind, outcome];
- ``turnout_process_info`` [role, service], and whatever plugins register (framework.metrics).

``[metrics] enabled = false`` records nothing: the choke points hold None and skip.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
from typing import TYPE_CHECKING, Any

from framework._config import MetricsConfig, PlatformConfig
from framework._errors import ConfigError

if TYPE_CHECKING:  # prometheus-client loads with the first metric, not with every command that imports this
    from framework._metric_families import Count, CountFamily, Latency, LatencyFamily
    from framework.jobs import Jobs

__all__ = [
    "EdgeMetrics",
    "EventMetrics",
    "CallFamilies",
    "JobRunMetrics",
    "OperationSeries",
    "ProcessMetrics",
    "configure_metrics",
    "enabled_metrics",
    "event_metrics",
    "metrics_token",
    "process_metrics",
    "token_matches",
]

log = logging.getLogger("turnout.metrics")

FRAMEWORK_ROUTES = "turnout"  # the plugin label of the framework's own routes (/health, /metrics, ...)
NO_ROUTE = "-"  # plugin and operation of a request no route matched
_DEPTH_TIMEOUT = 2.0  # seconds a scrape waits for one job table's counts


class _Route:
    """One route's latency and its count per status, made on its first request."""

    __slots__ = ("labels", "latency", "statuses")

    def __init__(self, labels: tuple[str, str], latency: Latency) -> None:
        self.labels = labels
        self.latency = latency
        self.statuses: dict[int, Count] = {}


class EdgeMetrics:
    """Requests at the HTTP edge by plugin, operation and status (CorrelationMiddleware records them)."""

    def __init__(self, requests: CountFamily, latency: LatencyFamily) -> None:
        self._requests = requests
        self._latency = latency
        self._routes: dict[object, _Route] = {}

    def record(self, scope: dict[str, Any], status: int, seconds: float) -> None:
        handler = scope.get("route_handler")
        route = self._routes.get(handler)
        if route is None:
            route = self._route(handler)
        route.latency.observe(seconds)
        count = route.statuses.get(status)
        if count is None:
            count = route.statuses[status] = self._requests.labels(*route.labels, str(status))
        count.value += 1

    def _route(self, handler: Any) -> _Route:
        from framework._usage import PLUGIN_OPT

        if handler is None:
            labels = (NO_ROUTE, NO_ROUTE)
        else:
            plugin = handler.opt.get(PLUGIN_OPT) or FRAMEWORK_ROUTES
            labels = (plugin, handler.operation_id or handler.handler_name)
        route = self._routes[handler] = _Route(labels, self._latency.labels(*labels))
        return route


class OperationSeries:
    """One operation's latency and its count per outcome."""

    __slots__ = ("_family", "labels", "latency", "outcomes")

    def __init__(self, family: CountFamily, latency: LatencyFamily, plugin: str, operation: str) -> None:
        self._family = family
        self.labels = (plugin, operation)
        self.latency = latency.labels(plugin, operation)
        self.outcomes: dict[str, Count] = {}

    def record(self, outcome: str, seconds: float) -> None:
        self.latency.observe(seconds)
        count = self.outcomes.get(outcome)
        if count is None:
            count = self.outcomes[outcome] = self._family.labels(*self.labels, outcome)
        count.value += 1


class CallFamilies:
    """A count by outcome and a latency histogram per plugin and operation (NATS calls, served calls)."""

    def __init__(self, counts: CountFamily, latency: LatencyFamily) -> None:
        self._counts = counts
        self._latency = latency

    def operation(self, plugin: str, operation: str) -> OperationSeries:
        """The series of one operation; keep it: making one costs dict lookups and allocations."""
        return OperationSeries(self._counts, self._latency, plugin, operation)


class EventMetrics:
    """Events published here, and delivered, retried and dead-lettered by the handlers here."""

    def __init__(self, published: CountFamily, delivered: CountFamily, retried: CountFamily, dead: CountFamily) -> None:
        self._published = published
        self._delivered = delivered
        self._retried = retried
        self._dead = dead

    def published(self, event: str) -> None:
        self._published.labels(event).value += 1

    def delivered(self, event: str, plugin: str) -> None:
        self._delivered.labels(event, plugin).value += 1

    def retried(self, event: str, plugin: str) -> None:
        self._retried.labels(event, plugin).value += 1

    def dead_lettered(self, event: str, plugin: str) -> None:
        self._dead.labels(event, plugin).value += 1


class JobRunMetrics:
    """How long the jobs of one plugin and kind ran here, by how they ended."""

    def __init__(self, family: LatencyFamily, plugin: str, kind: str) -> None:
        self._family = family
        self._labels = (plugin, kind)
        self._by_outcome: dict[str, Latency] = {}

    def observe(self, outcome: str, seconds: float) -> None:
        latency = self._by_outcome.get(outcome)
        if latency is None:
            latency = self._by_outcome[outcome] = self._family.labels(*self._labels, outcome)
        latency.observe(seconds)


class ProcessMetrics:
    """The registry of this process and the framework's metric families in it."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Info

        from framework._metric_families import JOB_BOUNDS, CountFamily, GaugeFamily, LatencyFamily

        self.registry = CollectorRegistry(auto_describe=True)
        on = self.registry.register
        plugin_operation = ("plugin", "operation")
        http = CountFamily("turnout_http_requests", "HTTP requests answered", (*plugin_operation, "status"))
        http_latency = LatencyFamily(
            "turnout_http_request_duration_seconds", "HTTP request latency at the edge", plugin_operation
        )
        self.http = EdgeMetrics(http, http_latency)
        calls = CountFamily("turnout_nats_calls", "Calls made over NATS, by outcome", (*plugin_operation, "outcome"))
        calls_latency = LatencyFamily(
            "turnout_nats_call_duration_seconds", "Latency of calls over NATS, caller's side", plugin_operation
        )
        self.calls = CallFamilies(calls, calls_latency)
        served = CountFamily(
            "turnout_served_calls", "Calls this service served, by outcome", (*plugin_operation, "outcome")
        )
        served_latency = LatencyFamily(
            "turnout_served_call_duration_seconds", "Latency of calls this service served", plugin_operation
        )
        self.served = CallFamilies(served, served_latency)
        event_plugin = ("event", "plugin")
        events = [
            CountFamily("turnout_events_published", "Events published", ("event",)),
            CountFamily("turnout_events_delivered", "Events a subscriber's handler handled", event_plugin),
            CountFamily("turnout_events_retried", "Failed tries of a handler that are tried again", event_plugin),
            CountFamily("turnout_events_dead_lettered", "Events kept as dead letters after the last try", event_plugin),
        ]
        self.events = EventMetrics(*events)
        self.job_depth = GaugeFamily("turnout_job_queue_depth", "Jobs queued and running", ("plugin", "kind", "state"))
        self.job_runs = LatencyFamily(
            "turnout_job_duration_seconds", "How long jobs ran here", ("plugin", "kind", "outcome"), JOB_BOUNDS
        )
        for family in (http, http_latency, calls, calls_latency, served, served_latency, *events):
            on(family)
        on(self.job_depth)
        on(self.job_runs)
        self.process = Info("turnout_process", "What this process is", registry=self.registry)
        self.plugin_metrics: dict[str, Any] = {}  # framework.metrics: name -> metric, made once
        self._jobs: dict[int, tuple[str, Jobs[Any, Any]]] = {}

    def watch_jobs(self, plugin: str, jobs: Jobs[Any, Any]) -> None:
        """Report ``jobs``' queue depth at scrape time, and time the runs of its workers here."""
        self._jobs[id(jobs)] = (plugin, jobs)
        jobs.runner.metrics = JobRunMetrics(self.job_runs, plugin, jobs.kind.name)

    def unwatch_jobs(self, jobs: Jobs[Any, Any]) -> None:
        self._jobs.pop(id(jobs), None)

    async def _read_depths(self) -> None:
        for plugin, jobs in list(self._jobs.values()):
            try:
                queued, running = await asyncio.wait_for(jobs.counts(), _DEPTH_TIMEOUT)
            except Exception as error:  # the database may be down: the last values stay, the scrape goes on
                log.warning("job queue depth unreadable", extra={"plugin": plugin, "error": repr(error)})
                continue
            self.job_depth.values[(plugin, jobs.kind.name, "queued")] = queued
            self.job_depth.values[(plugin, jobs.kind.name, "running")] = running

    async def scrape(self) -> bytes:
        """The exposition text, job queue depths read first (call it on the event loop)."""
        from prometheus_client import generate_latest

        await self._read_depths()
        return generate_latest(self.registry)


_process: ProcessMetrics | None = None
_enabled = True


def process_metrics() -> ProcessMetrics:
    """This process's metrics, made on first use (plugins may register theirs whether or not it is served)."""
    global _process
    if _process is None:
        _process = ProcessMetrics()
    return _process


def configure_metrics(config: PlatformConfig, role: str, service: str = "") -> ProcessMetrics | None:
    """Switch metrics on or off for this process, naming its role; None when ``[metrics]`` disables them."""
    global _enabled
    _enabled = config.metrics.enabled
    if not _enabled:
        return None
    metrics = process_metrics()
    metrics.process.info({"role": role, "service": service})
    return metrics


def enabled_metrics() -> ProcessMetrics | None:
    """The process's metrics, or None when disabled: what a choke point keeps when it is built."""
    return process_metrics() if _enabled else None


def event_metrics() -> EventMetrics | None:
    metrics = enabled_metrics()
    return None if metrics is None else metrics.events


def metrics_token(config: PlatformConfig) -> str | None:
    """The bearer token /metrics requires (from ``[metrics] token_env``), or None; a ConfigError when unset."""
    section: MetricsConfig = config.metrics
    if section.token_env is None:
        return None
    token = os.environ.get(section.token_env, "")
    if not token:
        raise ConfigError(config.source, "metrics.token_env", f"${section.token_env} is not set")
    return token


def token_matches(authorization: str | None, token: str | None) -> bool:
    """Whether an Authorization header carries ``token`` as a bearer token (always, when no token is set)."""
    if token is None:
        return True
    scheme, _, given = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())
