"""Traces: OpenTelemetry spans at the HTTP edge, on both sides of every call, around events and jobs.

One tracer per process, set up from ``[tracing]`` by :func:`configure_tracing` with the process's
role as ``service.name`` (``all-in-one``, ``gateway``, or the service group). The W3C
``traceparent`` travels in ``CallContext.traceparent`` (calls, colocated or over NATS), in the
``traceparent`` header of a JetStream message and beside the payload on the in-process bus.

Disabled (the default), each function here is one check of a module global: no span is made and
a call carries the ``traceparent`` it came with, unchanged.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Awaitable, Coroutine
from random import getrandbits, random
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
from opentelemetry import context, trace
from opentelemetry.context import Context
from opentelemetry.trace import NonRecordingSpan, Span, SpanContext, SpanKind, Status, StatusCode, TraceFlags, Tracer
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from framework._config import TracingConfig
from framework._context import CallContext
from framework._errors import ServiceError

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

    from framework.runtime import Operation, Transport

__all__ = [
    "TRACEPARENT",
    "EdgeSpan",
    "configure_tracing",
    "current_trace_ids",
    "current_traceparent",
    "edge_started",
    "event_published",
    "flush_tracing",
    "handling_event",
    "mark_failed",
    "serving",
    "shutdown_tracing",
    "traced_job",
    "traced_transport",
    "tracing_enabled",
]

R = TypeVar("R")

TRACEPARENT = "traceparent"
_TRACEPARENT_HEADER = b"traceparent"
_PROPAGATOR = TraceContextTextMapPropagator()
# framework._usage.PLUGIN_OPT, the plugin a route belongs to (not imported: _usage imports the event bus).
_PLUGIN_OPT = "turnout_plugin"
# Probes and scrapes: a span each would bury the requests worth reading.
_UNTRACED = frozenset({"/health", "/ready", "/metrics"})
_FLUSH_MILLIS = 2000  # at shutdown, how long the last spans may take to go out

_tracer: Tracer | None = None  # None: tracing is off in this process
_provider: TracerProvider | None = None
_ratio = 1.0  # [tracing] sample_ratio: the share of new traces recorded
_UNSAMPLED = TraceFlags(TraceFlags.DEFAULT)


def configure_tracing(
    settings: TracingConfig, service_name: str, *, namespace: str = "turnout", exporter: SpanExporter | None = None
) -> None:
    """Set this process's tracer from ``[tracing]``; ``exporter`` replaces OTLP (tests: in memory, sent at once)."""
    global _tracer, _provider, _ratio
    shutdown_tracing()
    if not settings.enabled:
        return
    _ratio = settings.sample_ratio
    # The SDK is imported only where tracing is on: a process without it starts faster.
    from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_NAMESPACE, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
    from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

    attributes: dict[str, str | int] = {
        SERVICE_NAME: service_name,
        SERVICE_NAMESPACE: namespace,
        "process.pid": os.getpid(),
    }
    provider = TracerProvider(
        sampler=ParentBased(TraceIdRatioBased(settings.sample_ratio)),
        resource=Resource.create(attributes),
        shutdown_on_exit=exporter is None,  # the process's last spans go out when it exits
    )
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        delay = settings.export_interval_seconds * 1000
        provider.add_span_processor(
            BatchSpanProcessor(OTLPSpanExporter(endpoint=settings.otlp_endpoint), schedule_delay_millis=delay)
        )
        # Plugins' own tracers (opentelemetry.trace.get_tracer) then join the same traces.
        trace.set_tracer_provider(provider)
    else:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    _provider = provider
    _tracer = provider.get_tracer("turnout")


def shutdown_tracing() -> None:
    """Send what is left and turn tracing off in this process."""
    global _tracer, _provider
    if _provider is not None:
        _provider.shutdown()
    _tracer = _provider = None


def flush_tracing() -> None:
    """Send the finished spans now (a server stopping: its worker may exit without ``atexit``)."""
    if _provider is not None:
        _provider.force_flush(_FLUSH_MILLIS)


def tracing_enabled() -> bool:
    return _tracer is not None


def _start(
    tracer: Tracer, name: str, context: Context | None, kind: SpanKind, attributes: dict[str, Any] | None = None
) -> Span:
    """``tracer.start_span``, but a span that will not be recorded is made here, at a fraction of the SDK's cost.

    With ``sample_ratio`` below 1 most requests are not recorded, yet each still gets a trace id to
    pass on and to log. Same decisions as the SDK's ParentBased(TraceIdRatioBased) sampler: follow a
    parent's flag; for a new trace, keep the configured share.
    """
    parent = trace.get_current_span(context).get_span_context()
    if parent.is_valid:
        if not parent.trace_flags.sampled:
            return NonRecordingSpan(
                SpanContext(parent.trace_id, getrandbits(64) or 1, False, parent.trace_flags, parent.trace_state)
            )
    elif _ratio < 1.0 and random() >= _ratio:  # noqa: S311  # sampling, not secrecy (the SDK uses random too)
        return NonRecordingSpan(SpanContext(getrandbits(128) or 1, getrandbits(64) or 1, False, _UNSAMPLED))
    return tracer.start_span(name, context=context, kind=kind, attributes=attributes)


def _format(span_context: SpanContext) -> str:
    return f"00-{span_context.trace_id:032x}-{span_context.span_id:016x}-{span_context.trace_flags:02x}"


def _extracted(traceparent: str | None) -> Context:
    """The context a ``traceparent`` names; an empty one (a new trace) when there is none or it is malformed."""
    if not traceparent:
        return Context()
    return _PROPAGATOR.extract({TRACEPARENT: traceparent}, context=Context())


def _parent(traceparent: str | None) -> Context | None:
    """The span in progress here (None: the current context); else the caller's ``traceparent``."""
    if trace.get_current_span().get_span_context().is_valid:
        return None
    return _extracted(traceparent)


def current_traceparent() -> str | None:
    """The ``traceparent`` of the span in progress, or None when tracing is off or no span is."""
    if _tracer is None:
        return None
    span_context = trace.get_current_span().get_span_context()
    return _format(span_context) if span_context.is_valid else None


def current_trace_ids() -> tuple[str, str] | None:
    """The trace id and span id (hex) of the span in progress, for log lines."""
    if _tracer is None:
        return None
    span_context = trace.get_current_span().get_span_context()
    if not span_context.is_valid:
        return None
    return f"{span_context.trace_id:032x}", f"{span_context.span_id:016x}"


def _failed(span: Span, error: BaseException, *, server: bool) -> None:
    """Mark ``span`` as failed: a server's span by a 5xx only (a 4xx is the caller's mistake)."""
    status = error.status if isinstance(error, ServiceError) else None
    if status is not None:
        span.set_attribute("turnout.error.status", status)
    span.set_attribute("error.type", type(error).__name__ if status is None else str(status))
    if not server or status is None or status >= 500:
        span.set_status(Status(StatusCode.ERROR, type(error).__name__))


async def _current_while(span: Span, work: Awaitable[R], *, server: bool) -> R:
    """Await ``work`` with ``span`` current; the span marked failed on an error, and ended either way."""
    token = context.attach(trace.set_span_in_context(span))
    try:
        return await work
    except BaseException as error:
        _failed(span, error, server=server)
        raise
    finally:
        span.end()
        context.detach(token)


def mark_failed(status: int) -> None:
    """Mark the span in progress (a served call's) as answered with the error ``status``."""
    if _tracer is None:
        return
    span = trace.get_current_span()
    span.set_attribute("turnout.error.status", status)
    if status >= 500:
        span.set_attribute("error.type", str(status))
        span.set_status(Status(StatusCode.ERROR))


class EdgeSpan:
    """The SERVER span of one HTTP request, current while the request is handled."""

    __slots__ = ("span", "token")

    def __init__(self, span: Span, token: object) -> None:
        self.span = span
        self.token = token

    def end(self, scope: dict[str, Any], status: int) -> None:
        """Name the span after its route (known once routed), record the status, end it."""
        span = self.span
        template = scope.get("path_template")
        if template is not None:
            span.update_name(f"{scope['method']} {template}")
            span.set_attribute("http.route", template)
        handler = scope.get("route_handler")
        if handler is not None:
            if isinstance(operation_id := handler.operation_id, str):
                span.set_attribute("turnout.operation", operation_id)
            if (plugin := handler.opt.get(_PLUGIN_OPT)) is not None:
                span.set_attribute("turnout.plugin", plugin)
        span.set_attribute("http.response.status_code", status)
        if status >= 500:
            span.set_status(Status(StatusCode.ERROR))
        span.end()
        context.detach(self.token)  # type: ignore[arg-type]  # the token attach() gave


def edge_started(scope: dict[str, Any]) -> EdgeSpan | None:
    """Start the request's SERVER span, a child of its ``traceparent`` header when it has one."""
    tracer = _tracer
    if tracer is None or scope["path"] in _UNTRACED:
        return None
    incoming = None
    for name, value in scope["headers"]:
        if name == _TRACEPARENT_HEADER:
            incoming = value.decode("latin-1")
            break
    method = scope["method"]
    client = scope.get("client")
    span = _start(
        tracer,
        method,
        context=_extracted(incoming),
        kind=SpanKind.SERVER,
        attributes={
            "http.request.method": method,
            "url.path": scope["path"],
            "url.scheme": scope.get("scheme", "http"),
            "client.address": client[0] if client else "",
        },
    )
    return EdgeSpan(span, context.attach(trace.set_span_in_context(span)))


class _TracedTransport:
    """A transport whose calls are CLIENT spans; a colocated call's SERVER side is a span too."""

    def __init__(self, inner: Transport, tracer: Tracer, *, colocated: bool) -> None:
        self._inner = inner
        self._tracer = tracer
        self._colocated = colocated
        self._system = "turnout" if colocated else "nats"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)  # ping and the like: the transport's own

    async def call(self, op: Operation[R], ctx: CallContext, args: dict[str, Any]) -> R:
        name = f"{op.service}/{op.operation_id}"
        attributes = {"rpc.system": self._system, "rpc.service": op.service, "rpc.method": op.operation_id}
        tracer = self._tracer
        client = _start(tracer, name, context=_parent(ctx.traceparent), kind=SpanKind.CLIENT, attributes=attributes)
        ctx = msgspec.structs.replace(ctx, traceparent=_format(client.get_span_context()))
        try:
            if not self._colocated:
                return await self._inner.call(op, ctx, args)
            server = _start(
                tracer, name, context=trace.set_span_in_context(client), kind=SpanKind.SERVER, attributes=attributes
            )
            return await _current_while(server, self._inner.call(op, ctx, args), server=True)
        except BaseException as error:
            _failed(client, error, server=False)
            raise
        finally:
            client.end()


def traced_transport(transport: Transport, *, colocated: bool = False) -> Transport:
    """``transport`` with a span per call when tracing is on; ``transport`` itself when it is off."""
    if _tracer is None:
        return transport
    return _TracedTransport(transport, _tracer, colocated=colocated)


def serving(call: Coroutine[Any, Any, None], op: Operation[Any], ctx: CallContext) -> Coroutine[Any, Any, None]:
    """``call`` (a served request's handling) inside a SERVER span, a child of the caller's span."""
    if _tracer is None:
        return call
    return _served(_tracer, call, op, ctx)


async def _served(tracer: Tracer, call: Awaitable[None], op: Operation[Any], ctx: CallContext) -> None:
    attributes = {"rpc.system": "nats", "rpc.service": op.service, "rpc.method": op.operation_id}
    span = _start(
        tracer,
        f"{op.service}/{op.operation_id}",
        context=_extracted(ctx.traceparent),
        kind=SpanKind.SERVER,
        attributes=attributes,
    )
    await _current_while(span, call, server=True)


def event_published(event: str, ctx: CallContext | None, system: str) -> str | None:
    """The ``traceparent`` an event carries: a PRODUCER span's when tracing, else the publisher's own."""
    incoming = ctx.traceparent if ctx is not None else None
    tracer = _tracer
    if tracer is None:
        return incoming
    span = _start(
        tracer,
        f"publish {event}",
        context=_parent(incoming),
        kind=SpanKind.PRODUCER,
        attributes={
            "messaging.system": system,
            "messaging.destination.name": event,
            "messaging.operation.type": "send",
        },
    )
    span.end()  # a publish is a point in time; its handlers' spans say how long the rest took
    return _format(span.get_span_context())


class _Consuming:
    """A CONSUMER span around one try of an event handler, a child of the publisher's span."""

    __slots__ = ("event", "plugin", "span", "token", "traceparent")

    def __init__(self, event: str, plugin: str, traceparent: str | None) -> None:
        self.event = event
        self.plugin = plugin
        self.traceparent = traceparent
        self.span: Span | None = None
        self.token: object = None

    def __enter__(self) -> str | None:
        tracer = _tracer
        if tracer is None:
            return self.traceparent
        span = self.span = _start(
            tracer,
            f"process {self.event or 'event'}",
            context=_extracted(self.traceparent),
            kind=SpanKind.CONSUMER,
            attributes={
                "messaging.destination.name": self.event,
                "messaging.operation.type": "process",
                "turnout.plugin": self.plugin,
            },
        )
        self.token = context.attach(trace.set_span_in_context(span))
        return _format(span.get_span_context())

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _: object) -> None:
        span = self.span
        if span is None:
            return
        if error is not None:
            span.record_exception(error)
            _failed(span, error, server=False)
        span.end()
        context.detach(self.token)  # type: ignore[arg-type]  # the token attach() gave


def handling_event(event: str, plugin: str, traceparent: str | None) -> contextlib.AbstractContextManager[str | None]:
    """Around one try of a handler: gives the ``traceparent`` its CallContext carries."""
    if _tracer is None:
        return contextlib.nullcontext(traceparent)
    return _Consuming(event, plugin, traceparent)


def traced_job(run: Coroutine[Any, Any, None], kind: str, job_id: str) -> Coroutine[Any, Any, None]:
    """One run of a job inside a span of its own (a new trace: the job outlives the request that queued it)."""
    if _tracer is None:
        return run
    return _job(_tracer, run, kind, job_id)


async def _job(tracer: Tracer, run: Awaitable[None], kind: str, job_id: str) -> None:
    span = _start(
        tracer,
        f"job {kind}",
        context=Context(),
        kind=SpanKind.INTERNAL,
        attributes={"turnout.job.kind": kind, "turnout.job.id": job_id},
    )
    await _current_while(span, run, server=False)
