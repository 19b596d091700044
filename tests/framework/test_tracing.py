"""Tracing: one trace per request across the edge, calls and events, in both placements, and in the logs.

The split test runs a real platform (nats-server, PostgreSQL, a service per test plugin, the
gateway) exporting over OTLP/HTTP to a receiver in this process; the all-in-one test reads the
SDK's in-memory exporter in process. Both send ``POST /probe/pokes``: the probe calls target, which
publishes ``target.poked``, whose probe handler fails once and then succeeds.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import secrets
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from framework import _tracing
from framework._app import build_app
from framework._config import TracingConfig
from framework._context import CallContext
from framework._events import Event, JetStreamBus, LocalBus, Subscription
from framework._logging import configure_logging
from framework._platform import load_platform
from framework._tracing import configure_tracing, handling_event, shutdown_tracing, traced_transport
from tests._otlp import Collector, ReceivedSpan, start_collector
from tests._platform import TURNOUT, start_split_platform
from tests._services import NatsServer, PostgresServer
from tests.invariance.conftest import EVENTS, PAIR

PAIR_ONLY = {**PAIR, "plugins": ["probe", "target"]}


def _incoming() -> tuple[str, str, str]:
    """A caller's traceparent: its trace id, its span id, and the header."""
    trace_id, span_id = secrets.token_hex(16), secrets.token_hex(8)
    return trace_id, span_id, f"00-{trace_id}-{span_id}-01"


class Shape:
    """The spans of one trace by (kind, name), for assertions on their links."""

    def __init__(self, spans: list[tuple[str, str, str, str, str]]) -> None:
        self.spans = spans  # (kind, name, span id, parent span id, process)

    def only(self, kind: str, name: str) -> tuple[str, str, str]:
        found = self.all(kind, name)
        assert len(found) == 1, (kind, name, self.spans)
        return found[0]

    def all(self, kind: str, name: str) -> list[tuple[str, str, str]]:
        """(span id, parent span id, process) of each span of ``kind`` named ``name``."""
        return [(s, p, who) for k, n, s, p, who in self.spans if k == kind and n == name]


def _assert_one_trace_through_calls_and_events(shape: Shape, incoming_span: str) -> dict[str, str]:
    """Edge -> probe -> target -> publish -> handler tries, each a child of the one before; processes by span."""
    edge, edge_parent, edge_process = shape.only("SERVER", "POST /probe/pokes")
    assert edge_parent == incoming_span  # the caller's traceparent was honoured
    served_poke, served_poke_parent, _ = shape.only("SERVER", "target/poke")
    call_poke, call_poke_parent, probe_process = shape.only("CLIENT", "target/poke")
    assert served_poke_parent == call_poke
    published, published_parent, target_process = shape.only("PRODUCER", "publish target.poked")
    assert published_parent == served_poke
    handled = shape.all("CONSUMER", "process target.poked")
    assert len(handled) == 2, shape.spans  # a failed try, then the one that succeeded
    assert {parent for _, parent, _ in handled} == {published}
    return {
        "edge": edge,
        "edge_process": edge_process,
        "probe_call": call_poke,
        "probe_call_parent": call_poke_parent,
        "probe_process": probe_process,
        "target_process": target_process,
        "handler_process": handled[0][2],
    }


# -- all-in-one, in process ---------------------------------------------------------------------


@pytest.fixture
def memory_spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    configure_tracing(TracingConfig(enabled=True), "all-in-one", exporter=exporter)
    try:
        yield exporter
    finally:
        shutdown_tracing()


def _write_pair_config(tmp_path: Path, tracing: bool) -> Path:
    var = tmp_path / "var"
    config = tmp_path / "platform.toml"
    config.write_text(
        f'[platform]\nvar_dir = "{var}"\nplugins = ["probe", "target"]\n'
        f"extra_plugins = {json.dumps(PAIR['extra_plugins'])}\n"
        f'\n[database]\nurl = "sqlite:///{var}"\n'
        "\n[gateway]\nusage_interval = 0\n" + EVENTS + f"\n[tracing]\nenabled = {str(tracing).lower()}\n",
        encoding="utf-8",
    )
    return config


def _finished(exporter: InMemorySpanExporter, holds: Callable[[tuple[ReadableSpan, ...]], bool]) -> Any:
    give_up = time.monotonic() + 30.0
    while True:
        spans = exporter.get_finished_spans()
        if holds(spans) or time.monotonic() >= give_up:
            return spans
        time.sleep(0.02)


def _kind(span: ReadableSpan) -> str:
    return span.kind.name


def test_all_in_one_request_is_one_trace_through_colocated_calls_and_events(
    tmp_path: Path, memory_spans: InMemorySpanExporter
) -> None:
    config, plugins = load_platform(_write_pair_config(tmp_path, tracing=True))
    trace_id, span_id, traceparent = _incoming()
    app: Any = build_app(config, plugins, log_requests=False)
    with TestClient(app) as client:
        answer = client.post(
            "/probe/pokes", json={"key": str(uuid.uuid4()), "fail_times": 1}, headers={"traceparent": traceparent}
        )
        assert answer.status_code == 204, answer.text
        spans = _finished(
            memory_spans, lambda found: sum(_kind(s) == "CONSUMER" and s.end_time is not None for s in found) >= 2
        )
    ours = [s for s in spans if s.context is not None and s.context.trace_id == int(trace_id, 16)]
    assert len(ours) == len(spans), [s.name for s in spans]  # nothing else was traced, nothing left the trace
    shape = Shape(
        [
            (_kind(s), s.name, f"{s.context.span_id:016x}", f"{s.parent.span_id:016x}" if s.parent else "", "one")
            for s in ours
            if s.context is not None
        ]
    )
    links = _assert_one_trace_through_calls_and_events(shape, span_id)
    # Colocated, the probe's call to target is a CLIENT span under the edge's, with its SERVER side under it.
    assert links["probe_call_parent"] == links["edge"]
    edge = next(s for s in ours if s.name == "POST /probe/pokes")
    assert edge.attributes is not None
    assert edge.attributes["http.response.status_code"] == 204
    assert edge.attributes["turnout.operation"] == "requestPoke"
    assert edge.attributes["http.route"] == "/probe/pokes"
    failed, succeeded = sorted((s for s in ours if _kind(s) == "CONSUMER"), key=lambda s: s.start_time or 0)
    assert failed.status.status_code.name == "ERROR"
    assert succeeded.status.status_code.name == "UNSET"


def _spans_of(exporter: InMemorySpanExporter, kind: str, name: str) -> list[ReadableSpan]:
    return [s for s in exporter.get_finished_spans() if _kind(s) == kind and s.name == name]


def test_a_failed_call_marks_the_caller_s_span_and_the_server_s_only_for_a_5xx(
    tmp_path: Path, memory_spans: InMemorySpanExporter
) -> None:
    config, plugins = load_platform(_write_pair_config(tmp_path, tracing=True))
    app: Any = build_app(config, plugins, log_requests=False)
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        assert client.get("/probe/errors/not_found").json()["status"] == 404
        (client_span,) = _spans_of(memory_spans, "CLIENT", "target/fail")
        (server_span,) = _spans_of(memory_spans, "SERVER", "target/fail")
        assert client_span.status.status_code.name == "ERROR"
        assert server_span.status.status_code.name == "UNSET"  # a 404 is the caller's mistake, not the server's
        assert server_span.attributes is not None
        assert server_span.attributes["turnout.error.status"] == 404
        memory_spans.clear()
        assert client.get("/probe/errors/unexpected").json()["status"] == 500
        (server_span,) = _spans_of(memory_spans, "SERVER", "target/fail")
        assert server_span.status.status_code.name == "ERROR"
    assert _spans_of(memory_spans, "SERVER", "GET /health") == []  # probes are not traced


@pytest.fixture
def unsampled_spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    configure_tracing(TracingConfig(enabled=True, sample_ratio=0.0), "all-in-one", exporter=exporter)
    try:
        yield exporter
    finally:
        shutdown_tracing()


def test_the_sample_ratio_decides_for_new_traces_and_the_caller_for_its_own(
    tmp_path: Path, unsampled_spans: InMemorySpanExporter
) -> None:
    config, plugins = load_platform(_write_pair_config(tmp_path, tracing=True))
    app: Any = build_app(config, plugins, log_requests=False)
    trace_id, _, traceparent = _incoming()
    with TestClient(app) as client:
        assert client.get("/probe/errors/conflict").status_code == 200
        assert unsampled_spans.get_finished_spans() == ()  # a new trace, and a ratio of 0
        assert client.get("/probe/errors/conflict", headers={"traceparent": traceparent}).status_code == 200
    kept = unsampled_spans.get_finished_spans()
    assert {_kind(s) for s in kept} == {"SERVER", "CLIENT"}
    assert {f"{s.context.trace_id:032x}" for s in kept if s.context is not None} == {trace_id}


def test_tracing_off_makes_no_span_and_keeps_the_transport(tmp_path: Path) -> None:
    exporter = InMemorySpanExporter()
    configure_tracing(TracingConfig(enabled=False), "all-in-one", exporter=exporter)
    transport = object()
    assert traced_transport(transport) is transport  # type: ignore[arg-type]  # any object: it is handed back
    config, plugins = load_platform(_write_pair_config(tmp_path, tracing=False))
    app: Any = build_app(config, plugins, log_requests=False)
    with TestClient(app) as client:
        answer = client.post("/probe/pokes", json={"key": str(uuid.uuid4()), "fail_times": 0})
        assert answer.status_code == 204, answer.text
    assert exporter.get_finished_spans() == ()


# -- the traceparent of an event, traced or not ---------------------------------------------------

POKE = Event("test.poke", dict)  # any JSON object


async def _handled_context(bus: Any, ctx: CallContext) -> CallContext:
    """The context the handler of one event published with ``ctx`` is called with."""
    import asyncio

    seen: asyncio.Future[CallContext] = asyncio.get_running_loop().create_future()

    async def handler(handler_ctx: CallContext, payload: Any) -> None:
        if not seen.done():
            seen.set_result(handler_ctx)

    await bus.subscribe(Subscription(f"p{uuid.uuid4().hex[:8]}", POKE, handler))
    await bus.publish(POKE, {"n": 1}, ctx)
    return await asyncio.wait_for(seen, 30.0)


async def test_untraced_events_pass_the_traceparent_on_unchanged(nats_server: NatsServer) -> None:
    import nats

    shutdown_tracing()
    _, _, traceparent = _incoming()
    ctx = CallContext(correlation_id="c-1", traceparent=traceparent)
    local = LocalBus()
    try:
        assert (await _handled_context(local, ctx)).traceparent == traceparent
    finally:
        await local.close()
    nc = await nats.connect(nats_server.url)
    split = JetStreamBus(nc)
    try:
        handled = await _handled_context(split, ctx)
        assert handled.traceparent == traceparent
        assert handled.correlation_id == "c-1"
    finally:
        await split.close()
        await nc.drain()


async def test_a_traced_event_handler_is_a_child_of_its_publish(
    nats_server: NatsServer, memory_spans: InMemorySpanExporter
) -> None:
    import nats

    trace_id, _, traceparent = _incoming()
    nc = await nats.connect(nats_server.url)
    split = JetStreamBus(nc)
    try:
        handled = await _handled_context(split, CallContext(correlation_id="c-2", traceparent=traceparent))
    finally:
        await split.close()
        await nc.drain()
    assert handled.traceparent is not None
    assert handled.traceparent.split("-")[1] == trace_id
    spans = {_kind(s): s for s in memory_spans.get_finished_spans()}
    producer, consumer = spans["PRODUCER"], spans["CONSUMER"]
    assert consumer.parent is not None
    assert producer.context is not None
    assert consumer.parent.span_id == producer.context.span_id
    assert producer.attributes is not None
    assert producer.attributes["messaging.system"] == "nats"


# -- a job run is a trace of its own -------------------------------------------------------------


async def test_each_job_run_is_a_span_of_its_own(tmp_path: Path, memory_spans: InMemorySpanExporter) -> None:
    from framework._db import open_plugin_database
    from framework.jobs import Jobs, JobState
    from tests.framework.test_jobs import FAST, KIND, TABLES, Task

    db = await open_plugin_database(f"sqlite:///{tmp_path / 'var'}", "tasks", tmp_path / "var")
    db.bind(TABLES)
    await db.migrate(TABLES, [])
    jobs = Jobs(KIND, FAST, None)
    jobs.start()
    try:
        job_id = (await jobs.submit(uuid.uuid4(), Task(name="traced"))).id

        def ran() -> list[ReadableSpan]:
            return [s for s in memory_spans.get_finished_spans() if s.name == "job task"]

        give_up = time.monotonic() + 30.0
        while not ran():
            assert time.monotonic() < give_up, "the job's span never came"
            await asyncio.sleep(0.02)
        record = await jobs.get(job_id)
        assert record is not None
        assert record.state is JobState.succeeded
    finally:
        await jobs.stop()
        await db.close()
    (span,) = ran()
    assert span.parent is None  # the job outlives the request that queued it
    assert span.attributes is not None
    assert span.attributes["turnout.job.id"] == str(job_id)


def test_tracing_settings_are_checked(tmp_path: Path) -> None:
    from framework._config import load_config
    from framework._errors import ConfigError

    path = tmp_path / "platform.toml"
    path.write_text("[tracing]\nsample_ratio = 2.0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"tracing\.sample_ratio"):
        load_config(path)
    path.write_text("[tracing]\nenabled = true\nendpoint = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"tracing\.endpoint"):
        load_config(path)


# -- log lines carry the trace -------------------------------------------------------------------


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """configure_logging's JSON lines, into a buffer; the root logger is put back afterwards."""
    import sys

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    buffer = io.StringIO()
    stdout, sys.stdout = sys.stdout, buffer
    try:
        configure_logging("info")
    finally:
        sys.stdout = stdout
    try:
        yield buffer
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def test_log_lines_carry_the_span_in_progress(json_logs: io.StringIO, memory_spans: InMemorySpanExporter) -> None:
    log = logging.getLogger("turnout.plugins.tests")
    log.info("outside any span")
    with handling_event("test.poke", "tests", None) as traceparent:
        log.info("inside a span")
    assert traceparent is not None
    ids = tuple(traceparent.split("-")[1:3])
    outside, inside = (json.loads(line) for line in json_logs.getvalue().splitlines())
    assert "trace_id" not in outside
    assert (inside["trace_id"], inside["span_id"]) == ids


# -- split: three processes, one trace -----------------------------------------------------------


@pytest.fixture(scope="module")
def collector() -> Iterator[Collector]:
    running = start_collector()
    try:
        yield running
    finally:
        running.stop()


def _shape(spans: list[ReceivedSpan]) -> Shape:
    return Shape([(s.kind, s.name, s.span_id, s.parent_span_id, s.service) for s in spans])


def _complete(spans: list[ReceivedSpan]) -> bool:
    # Each process sends its spans in batches of its own: wait for the last of each (the edge's ends last).
    handled = sum(s.kind == "CONSUMER" for s in spans) >= 2
    return handled and any(s.service == "gateway" and s.kind == "SERVER" for s in spans)


def test_split_request_is_one_trace_across_gateway_services_and_event_handler(
    tmp_path: Path, postgres: PostgresServer, collector: Collector
) -> None:
    tracing = f'\n[tracing]\nenabled = true\notlp_endpoint = "{collector.endpoint}"\nexport_interval_seconds = 0.1\n'
    platform = start_split_platform(
        tmp_path / "split",
        database_url=postgres.create_database(f"tracing_{uuid.uuid4().hex[:8]}"),
        replicas=1,
        platform_settings=PAIR_ONLY,
        extra_config=EVENTS + tracing,
        timeout=120.0,
    )
    trace_id, span_id, traceparent = _incoming()
    try:
        with platform.client() as client:
            answer = client.post(
                "/probe/pokes", json={"key": str(uuid.uuid4()), "fail_times": 1}, headers={"traceparent": traceparent}
            )
        assert answer.status_code == 204, answer.text
        spans = collector.wait_for(trace_id, _complete)
    finally:
        platform.stop()
    shape = _shape(spans)
    links = _assert_one_trace_through_calls_and_events(shape, span_id)
    # Three processes: the gateway, probe's service (serving and handling) and target's (serving, publishing).
    assert {s.service for s in spans} == {"gateway", "probe", "target"}
    assert links["edge_process"] == "gateway"
    assert links["probe_process"] == "probe"
    assert links["target_process"] == "target"
    assert links["handler_process"] == "probe"
    gateway_call, gateway_call_parent, _ = shape.only("CLIENT", "probe/requestPoke")
    assert gateway_call_parent == links["edge"]
    served, served_parent, served_by = shape.only("SERVER", "probe/requestPoke")
    assert (served_parent, served_by) == (gateway_call, "probe")
    assert links["probe_call_parent"] == served
    # Every span hangs in the trace: its parent is one of them, or the caller's span for the edge's.
    ids = {s.span_id for s in spans} | {span_id}
    assert all(s.parent_span_id in ids for s in spans), spans

    # The logs of those processes carry the trace id, and `turnout logs --trace-id` finds them.
    logs = {p.name: p.log_path for p in platform.processes}
    access = [json.loads(line) for line in logs["gateway"].read_text().splitlines() if trace_id in line]
    assert any(line["logger"] == "turnout.access" and line["path"] == "/probe/pokes" for line in access), access
    failed = [json.loads(line) for line in logs["probe.1"].read_text().splitlines() if trace_id in line]
    # The handler's failed try, logged in its span (its "event" is the event's name: the log's extra wins).
    assert any(line["logger"] == "turnout.events" and line["level"] == "error" for line in failed), failed
    assert all(line["trace_id"] == trace_id for line in failed)
    found = subprocess.run(
        [TURNOUT, "logs", "--trace-id", trace_id, *map(str, logs.values())],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    printed = [json.loads(line) for line in found.stdout.splitlines()]
    assert {line["logger"] for line in printed} >= {"turnout.access", "turnout.events"}
    assert all(line["trace_id"] == trace_id for line in printed)
    # As `turnout up` prints them, each line after its process's name: the prefixes are kept.
    combined = "".join(f"{name:<12}| {line}\n" for name, path in logs.items() for line in path.read_text().splitlines())
    piped = subprocess.run(
        [TURNOUT, "logs", "--trace-id", trace_id],
        input=combined,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    piped_lines = piped.stdout.splitlines()
    assert len(piped_lines) == len(printed)
    assert all(trace_id in line for line in piped_lines)
    assert {line.split("|", 1)[0].strip() for line in piped_lines} >= {"gateway", "probe.1"}


def test_unrecorded_spans_still_carry_a_trace_to_pass_on() -> None:
    exporter = InMemorySpanExporter()
    configure_tracing(TracingConfig(enabled=True, sample_ratio=0.0), "all-in-one", exporter=exporter)
    try:
        assert _tracing._tracer is not None
        tracer = _tracing._tracer
        new = _tracing._start(tracer, "GET", None, SpanKind.SERVER)
        assert not new.is_recording()
        first = new.get_span_context()
        assert first.is_valid
        assert not first.trace_flags.sampled
        child = _tracing._start(tracer, "call", trace.set_span_in_context(new), SpanKind.CLIENT)
        second = child.get_span_context()
        assert second.trace_id == first.trace_id
        assert second.span_id != first.span_id
        assert not child.is_recording()
        trace_id, _, traceparent = _incoming()
        unsampled = traceparent[:-2] + "00"
        followed = _tracing._start(tracer, "GET", _tracing._extracted(unsampled), SpanKind.SERVER)
        assert f"{followed.get_span_context().trace_id:032x}" == trace_id
        assert not followed.is_recording()
        kept = _tracing._start(tracer, "GET", _tracing._extracted(traceparent), SpanKind.SERVER)
        assert kept.is_recording()  # the caller sampled it: recorded whatever the ratio
        kept.end()
        assert [s.name for s in exporter.get_finished_spans()] == ["GET"]
    finally:
        configure_tracing(TracingConfig(enabled=False), "all-in-one")
