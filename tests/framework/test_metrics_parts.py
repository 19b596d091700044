"""The parts of the metrics in one process: families, the service listener, the route, config, calls, events."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import msgspec
import nats
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from framework import CallContext, ConfigError, Event, EventsConfig, LocalBus, Subscription, load_config, metrics
from framework._app import build_app
from framework._config import MetricsConfig, PlatformConfig
from framework._delivery import DeadEvent
from framework._metered_transport import MeteredTransport
from framework._metric_families import CountFamily, LatencyFamily
from framework._metrics import ProcessMetrics, configure_metrics, enabled_metrics, process_metrics
from framework._metrics_route import metrics_route
from framework._metrics_server import MetricsListener
from framework._problems import EXCEPTION_HANDLERS
from framework._top_sample import quantile, rates, read_sample
from framework.transports._nats import NatsTransport
from generated.auth import operations as auth_ops
from tests._services import NatsServer
from tests._wait import eventually


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (item.name, tuple(sorted(item.labels.items()))): item.value
        for family in text_string_to_metric_families(text)
        for item in family.samples
    }


def test_families_expose_counters_and_cumulative_buckets() -> None:
    registry = ProcessMetrics().registry
    counts = CountFamily("t_requests", "requests", ("plugin",))
    latency = LatencyFamily("t_latency_seconds", "latency", ("plugin",), (0.001, 0.01))
    registry.register(counts)
    registry.register(latency)
    counts.labels("auth").value += 3
    child = latency.labels("auth")
    for seconds in (0.001, 0.005, 0.5):  # on a bound counts in that bucket ("le")
        child.observe(seconds)
    exposed = samples(generate_latest(registry).decode())
    assert exposed[("t_requests_total", (("plugin", "auth"),))] == 3
    assert exposed[("t_latency_seconds_bucket", (("le", "0.001"), ("plugin", "auth")))] == 1
    assert exposed[("t_latency_seconds_bucket", (("le", "0.01"), ("plugin", "auth")))] == 2
    assert exposed[("t_latency_seconds_bucket", (("le", "+Inf"), ("plugin", "auth")))] == 3
    assert exposed[("t_latency_seconds_count", (("plugin", "auth"),))] == 3
    assert exposed[("t_latency_seconds_sum", (("plugin", "auth"),))] == pytest.approx(0.506)
    assert latency.labels("auth") is child  # a label child is made once


def test_quantiles_interpolate_within_buckets() -> None:
    buckets = [(0.001, 50.0), (0.01, 90.0), (0.1, 100.0), (float("inf"), 100.0)]
    assert quantile(0.5, buckets) == pytest.approx(0.001)
    assert quantile(0.7, buckets) == pytest.approx(0.001 + 0.009 * 20 / 40)
    assert quantile(0.99, buckets) == pytest.approx(0.01 + 0.09 * 9 / 10)
    assert quantile(0.5, [(0.1, 0.0), (float("inf"), 0.0)]) is None
    assert quantile(0.99, [(0.1, 1.0), (float("inf"), 10.0)]) == 0.1  # past the last bound: that bound


def test_rates_sum_processes_and_split_errors_by_kind() -> None:
    def text(ok: int, not_found: int, failed: int, served_timeouts: int) -> str:
        return (
            f'turnout_http_requests_total{{plugin="auth",operation="getMe",status="200"}} {ok}\n'
            f'turnout_http_requests_total{{plugin="auth",operation="getMe",status="404"}} {not_found}\n'
            f'turnout_http_requests_total{{plugin="auth",operation="getMe",status="503"}} {failed}\n'
            f'turnout_http_requests_total{{plugin="turnout",operation="serve_metrics",status="200"}} {ok}\n'
            f'turnout_served_calls_total{{plugin="auth",operation="getMe",outcome="timeout"}} {served_timeouts}\n'
            f'turnout_http_request_duration_seconds_bucket{{plugin="auth",operation="getMe",le="0.001"}} {ok}\n'
            f'turnout_http_request_duration_seconds_bucket{{plugin="auth",operation="getMe",le="+Inf"}} {ok}\n'
        )

    before = read_sample([text(10, 0, 0, 0), text(5, 0, 0, 0)])  # two replicas add up
    after = read_sample([text(30, 4, 2, 1), text(5, 0, 0, 3)])
    rows = {(row.plugin, row.layer): row for row in rates(before, after, 2.0)}
    assert set(rows) == {("auth", "http"), ("auth", "nats")}  # the framework's own routes are not listed
    http = rows[("auth", "http")]
    assert (http.requests, http.errors, http.client_errors) == (13.0, 1.0, 2.0)
    assert http.p50 is not None
    assert 0 < http.p50 <= 0.001
    assert rows[("auth", "nats")].errors == 2.0


def test_plugin_metrics_are_made_once_per_process() -> None:
    name = f"turnout_test_{uuid.uuid4().hex}"
    made = metrics.counter(name, "a test counter", ["kind"])
    assert metrics.counter(name, "a test counter", ["kind"]) is made
    made.labels("a").inc()
    assert metrics.registry().get_sample_value(f"{name}_total", {"kind": "a"}) == 1
    with pytest.raises(ValueError, match="already exists as a Counter"):
        metrics.gauge(name, "the same name again")


async def test_the_service_listener_asks_for_the_token_and_serves_the_registry() -> None:
    registry_metrics = ProcessMetrics()
    registry_metrics.http.record({}, 200, 0.002)
    listener = MetricsListener(registry_metrics, "127.0.0.1:0", asyncio.get_running_loop(), "s3cret")
    url = listener.start()
    try:
        async with httpx.AsyncClient(timeout=10.0) as client:
            refused = await client.get(url)
            assert refused.status_code == 401
            assert (await client.get(url, headers={"Authorization": "Bearer wrong"})).status_code == 401
            assert (await client.get(url.replace("/metrics", "/other"))).status_code == 404
            answered = await client.get(url, headers={"Authorization": "Bearer s3cret"})
        assert answered.status_code == 200
        exposed = samples(answered.text)
        assert exposed[("turnout_http_requests_total", (("operation", "-"), ("plugin", "-"), ("status", "200")))] == 1
    finally:
        listener.stop()


def test_the_http_route_asks_for_the_token_with_a_problem() -> None:
    app = Litestar([metrics_route(ProcessMetrics(), "s3cret")], exception_handlers=EXCEPTION_HANDLERS)
    with TestClient(app) as client:
        refused = client.get("/metrics")
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "Bearer" in refused.headers["www-authenticate"]
        assert "s3cret" not in refused.text
        answered = client.get("/metrics", headers={"Authorization": "Bearer s3cret"})
        assert answered.status_code == 200
        assert "turnout_process_info" in answered.text


def test_metrics_config_is_checked(tmp_path: Path) -> None:
    config = tmp_path / "platform.toml"
    config.write_text('[metrics]\nlisten = "127.0.0.1:0"\ntoken_env = "T"\nenabled = false\n', encoding="utf-8")
    loaded = load_config(config)
    assert (loaded.metrics.listen, loaded.metrics.token_env, loaded.metrics.enabled) == ("127.0.0.1:0", "T", False)
    for wrong in ('listen = "nowhere"', 'listen = "127.0.0.1:70000"', "sample_rate = 1"):
        config.write_text(f"[metrics]\n{wrong}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="metrics"):
            load_config(config)


async def test_a_call_nobody_answers_is_counted_as_no_responders(nats_server: NatsServer) -> None:
    counted = ProcessMetrics()
    nc = await nats.connect(nats_server.url)
    try:
        transport = MeteredTransport(NatsTransport(nc, default_timeout=2.0), counted.calls)
        with pytest.raises(Exception, match="no instance of auth") as raised:
            await transport.call(auth_ops.get_me, CallContext(correlation_id="c"), {})
        assert getattr(raised.value, "status", None) == 503
        assert await transport.ping("auth") is False
    finally:
        await nc.close()
    exposed = samples(generate_latest(counted.registry).decode())
    labels = (("operation", "getMe"), ("outcome", "no_responders"), ("plugin", "auth"))
    assert exposed[("turnout_nats_calls_total", labels)] == 1
    assert exposed[("turnout_nats_call_duration_seconds_count", (("operation", "getMe"), ("plugin", "auth")))] == 1


class Tick(msgspec.Struct):
    n: int


class Kept:
    """Dead letters in memory (the host gives a plugin's database)."""

    def __init__(self) -> None:
        self.dead: list[DeadEvent] = []

    async def record(self, dead: DeadEvent) -> None:
        self.dead.append(dead)


async def test_event_deliveries_retries_and_dead_letters_are_counted() -> None:
    event = Event(f"test.tick_{uuid.uuid4().hex[:8]}", Tick)
    registry = process_metrics().registry

    def count(name: str, **labels: str) -> float:
        return registry.get_sample_value(name, {"event": event.name, **labels}) or 0.0

    bus = LocalBus(EventsConfig(max_attempts=2, backoff_base_seconds=0.01, backoff_max_seconds=0.01))
    tries: dict[str, int] = {"flaky": 0}

    async def flaky(ctx: CallContext, tick: Tick) -> None:
        tries["flaky"] += 1
        if tries["flaky"] == 1:
            raise RuntimeError("first try fails")

    async def broken(ctx: CallContext, tick: Tick) -> None:
        raise RuntimeError("always fails")

    kept = Kept()
    await bus.subscribe(Subscription("flaky", event, flaky), dead_letters=kept)
    await bus.subscribe(Subscription("broken", event, broken), dead_letters=kept)
    await bus.publish(event, Tick(n=1))
    await eventually(lambda: len(kept.dead) == 1 and tries["flaky"] == 2)
    await bus.close()
    assert count("turnout_events_published_total") == 1
    assert count("turnout_events_delivered_total", plugin="flaky") == 1
    assert count("turnout_events_retried_total", plugin="flaky") == 1
    assert count("turnout_events_retried_total", plugin="broken") == 1  # its second try was the last
    assert count("turnout_events_dead_lettered_total", plugin="broken") == 1
    assert count("turnout_events_delivered_total", plugin="broken") == 0


def test_turnout_up_counts_a_fixed_metrics_port_up_per_process(tmp_path: Path) -> None:
    from framework._up import _metrics_ports

    config = tmp_path / "platform.toml"
    config.write_text('[metrics]\nlisten = "127.0.0.1:9300"\n', encoding="utf-8")
    fixed = _metrics_ports(load_config(config))
    assert [next(fixed) for _ in range(3)] == [["--metrics-listen", f"127.0.0.1:{port}"] for port in (9300, 9301, 9302)]
    free = _metrics_ports(load_config(None))  # port 0: each process takes a free one of its own
    assert [next(free) for _ in range(2)] == [[], []]


@pytest.fixture
def metrics_switch() -> Iterator[None]:
    """Tests here switch this process's metrics; they are on again afterwards, as by default."""
    yield
    configure_metrics(PlatformConfig(), "test")


@pytest.mark.usefixtures("metrics_switch")
def test_disabled_metrics_are_neither_recorded_nor_served() -> None:
    with TestClient(build_app(PlatformConfig(metrics=MetricsConfig(enabled=False)), {}, log_requests=False)) as off:
        assert off.get("/metrics").status_code == 404
    assert enabled_metrics() is None
    assert LocalBus()._metrics is None  # what a bus or transport finds when it is built: nothing to call
    with TestClient(build_app(PlatformConfig(), {}, log_requests=False)) as on:
        on.get("/health")
        answered = on.get("/metrics")
    assert answered.status_code == 200
    assert answered.headers["content-type"] == "text/plain; version=1.0.0; charset=utf-8"
    exposed = samples(answered.text)
    assert exposed[("turnout_http_requests_total", (("operation", "health"), ("plugin", "turnout"), ("status", "200")))]
    assert exposed[("turnout_process_info", (("role", "all-in-one"), ("service", "")))] == 1
