"""Answer for local plugins as NATS micro services: one service per plugin, one endpoint per operation."""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import logging
import sys
import time
import typing
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

import msgspec
from nats import micro
from nats.aio.client import Client
from nats.micro.request import Request
from nats.micro.service import EndpointStats, Service

from framework._context import CallContext, _correlation_id
from framework._deadlines import DeadlineSweep
from framework._errors import UNEXPECTED_DETAIL, FieldError, GatewayTimeout, ServiceError
from framework._metrics import OperationSeries, enabled_metrics
from framework._plugin import Plugin
from framework._request_check import RequestBodyCheck
from framework._stepping import resume
from framework._streams import Download, FileMeta, Upload
from framework._tracing import mark_failed, serving
from framework.runtime import Operation
from framework.transports._nats_streams import DOWNLOAD, UPLOAD, pull_chunks, serve_chunks
from framework.transports._wire import context_from_headers, error_reply, subject_for

__all__ = ["MicroServices"]

log = logging.getLogger("turnout.micro")

QUEUE_GROUP = "turnout"
_DEADLINE = "turnout: deadline passed"
_EAGER_TASKS = sys.version_info >= (3, 12)
_UPLOAD_PULL_TIMEOUT = 60.0  # seconds to wait for one chunk of an upload from the gateway


def _start(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
    """Run ``coro`` at once, up to its first suspension; only a call that suspends gets a task.

    Most calls finish without waiting on anything slow, and a task per call costs as much as the
    rest of the dispatch. Python 3.12 has this as eager tasks; on 3.11 the first step runs here,
    in its own context, and a suspended coroutine is handed to a task (returns None when done).
    Either way the call runs in a copy of the current context: what it sets there stays there.
    """
    if _EAGER_TASKS:
        task: asyncio.Task[None] = asyncio.Task(coro, loop=loop, eager_start=True)  # type: ignore[call-arg,unused-ignore]
        return None if task.done() else task
    context = contextvars.copy_context()
    try:
        waiting_on = context.run(coro.send, None)
    except StopIteration:
        return None
    return loop.create_task(_go_on(coro, waiting_on), context=context)


async def _go_on(coro: Coroutine[Any, Any, None], waiting_on: Any) -> None:
    """The rest of a call that suspended on ``waiting_on``, as a task would have run it from the start."""
    await resume(coro, waiting_on)


@dataclass
class _Counters:
    errors: int = 0
    in_flight: int = 0
    last_error: str = ""


@dataclass
class _Endpoint:
    op: Operation[Any]
    method: Any
    args: msgspec.json.Decoder[Any]
    body_check: RequestBodyCheck
    upload: str | None = None  # the argument that is a streamed file, pulled from the caller
    counters: _Counters = field(default_factory=_Counters)
    served: OperationSeries | None = None  # its metrics, when they are on


def _args_type(service: object, op: Operation[Any]) -> type[msgspec.Struct]:
    """A Struct of the operation's keyword arguments, typed from the Service protocol."""
    method = getattr(service, op.name)
    hints = typing.get_type_hints(method)
    signature = inspect.signature(method)
    fields: list[Any] = []
    for name, parameter in signature.parameters.items():
        if name in ("self", "ctx"):
            continue
        if hints[name] is Upload:  # the file's meta travels in the arguments, its bytes apart
            hints[name] = FileMeta
        if parameter.default is inspect.Parameter.empty:
            fields.append((name, hints[name]))
        else:
            fields.append((name, hints[name], parameter.default))
    return msgspec.defstruct(f"{op.name}_args", fields, kw_only=True, forbid_unknown_fields=True)


def _argument_errors(endpoint: _Endpoint, data: bytes) -> list[FieldError]:
    """Every violation of the call's body, as the HTTP edge lists them; empty when that is not what is wrong."""
    try:
        args = msgspec.json.decode(data)
    except msgspec.DecodeError:
        return []
    if not isinstance(args, dict) or "body" not in args:
        return []
    return endpoint.body_check.violations(endpoint.op.operation_id, args["body"])


def _cancel_late(task: asyncio.Task[None]) -> None:
    task.cancel(_DEADLINE)  # the call answers 504 itself (see _dispatch)


class MicroServices:
    """Registers each local plugin as a NATS micro service and dispatches its requests.

    Each request is handled in its own task: a subscription's callback runs one message at a
    time, and one slow call must not hold up the others.
    """

    def __init__(self, nc: Client, *, metadata: dict[str, str] | None = None) -> None:
        self._nc = nc
        self._metadata = metadata or {}  # announced with every service (``turnout.metrics``: its /metrics URL)
        self._metrics = enabled_metrics()
        self._services: list[Service] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._deadlines: DeadlineSweep[asyncio.Task[None]] = DeadlineSweep(_cancel_late)
        self._encoder = msgspec.json.Encoder()

    async def add(self, plugin: Plugin[Any, Any], implementation: object) -> None:
        contract = plugin.contract
        body_check = RequestBodyCheck.of_contract(contract)
        endpoints: dict[str, _Endpoint] = {}
        for op in contract.operations.values():
            struct = _args_type(contract.service, op)
            upload = next((p.name for p in op.params if p.location == "upload"), None)
            endpoints[op.operation_id] = _Endpoint(
                op, getattr(implementation, op.name), msgspec.json.Decoder(struct), body_check, upload
            )
            if self._metrics is not None:
                endpoints[op.operation_id].served = self._metrics.served.operation(plugin.name, op.operation_id)

        def stats(endpoint_stats: EndpointStats) -> dict[str, Any]:
            endpoint = endpoints.get(endpoint_stats.name)
            if endpoint is None:
                return {}
            counters = endpoint.counters
            return {"errors": counters.errors, "in_flight": counters.in_flight, "last_error": counters.last_error}

        service = await micro.add_service(
            self._nc,
            name=plugin.name,
            version=contract.version,
            description=plugin.description or f"Turnout plugin {plugin.name}",
            metadata={"turnout.plugin": plugin.name, **self._metadata},
            queue_group=QUEUE_GROUP,
            stats_handler=stats,
        )
        for operation_id, endpoint in endpoints.items():
            await service.add_endpoint(
                name=operation_id,
                subject=subject_for(plugin.name, operation_id),
                handler=self._handler(endpoint),
            )
        self._services.append(service)
        # A round trip through our own $SRV.PING, sent after the endpoint subscriptions on this
        # connection: when it answers, the server has processed them, so the service is reachable.
        await self._nc.request(f"$SRV.PING.{plugin.name}", b"", timeout=10)

    def _handler(self, endpoint: _Endpoint) -> Any:
        loop = asyncio.get_running_loop()

        async def handle(request: Request) -> None:
            try:
                ctx = context_from_headers(request.headers)
            except ServiceError as error:
                await self._respond_error(request, error, None, endpoint.counters)
                return
            task = _start(loop, serving(self._dispatch(endpoint, request, ctx), endpoint.op, ctx))
            if task is not None:
                self._tasks.add(task)
                task.add_done_callback(self._finished)
                if ctx.deadline is not None:  # a call still running at its deadline is cancelled
                    self._deadlines.watch(task, ctx.deadline - time.time())

        return handle

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._deadlines.forget(task)

    async def _dispatch(self, endpoint: _Endpoint, request: Request, ctx: CallContext) -> None:
        """Run one call (in a context of its own, see ``_start``) and answer it."""
        counters = endpoint.counters
        counters.in_flight += 1
        started = time.perf_counter()
        outcome = "ok"
        correlation_id = ctx.correlation_id
        _correlation_id.set(correlation_id)  # the call's own context: nothing to reset afterwards
        try:
            deadline = ctx.deadline
            if deadline is not None and deadline <= time.time():
                raise GatewayTimeout(f"the deadline passed before {endpoint.op.service} was called")
            try:
                args = endpoint.args.decode(request.data)
            except msgspec.DecodeError as error:  # malformed or mistyped: the caller's fault, not ours
                raise ServiceError(
                    "the call's arguments do not match the contract",
                    status=400,
                    errors=_argument_errors(endpoint, request.data) or [FieldError(message=str(error))],
                ) from None
            kwargs = msgspec.structs.asdict(args)  # the Struct's fields are the method's keyword arguments
            if endpoint.upload is not None:
                kwargs[endpoint.upload] = self._upload(request, kwargs[endpoint.upload], ctx.remaining())
            try:
                result = await endpoint.method(ctx, **kwargs)
            except asyncio.CancelledError as cancelled:
                if cancelled.args != (_DEADLINE,):
                    raise
                raise GatewayTimeout(f"{endpoint.op.service} did not answer before the deadline") from None
            if isinstance(result, Download):
                served = await serve_chunks(self._nc, result.chunks)
                await request.respond(self._encoder.encode(result.meta()), headers={DOWNLOAD: served.subject})
                return
            await request.respond(b"" if result is None else self._encoder.encode(result))
        except ServiceError as error:
            outcome = "timeout" if isinstance(error, GatewayTimeout) else str(error.status)
            await self._respond_error(request, error, correlation_id, counters)
        except Exception as error:  # never let a bug escape as silence: the caller gets a 500 problem
            outcome = "500"
            log.exception("unhandled error in %s", endpoint.op.operation_id)
            failure = ServiceError(UNEXPECTED_DETAIL, status=500)
            await self._respond_error(request, failure, correlation_id, counters)
            counters.last_error = repr(error)
        except asyncio.CancelledError:
            outcome = "cancelled"
            raise
        finally:
            counters.in_flight -= 1
            if endpoint.served is not None:
                endpoint.served.record(outcome, time.perf_counter() - started)

    def _upload(self, request: Request, meta: FileMeta, remaining: float | None) -> Upload:
        subject = (request.headers or {}).get(UPLOAD)
        if not subject:
            raise ServiceError("the call names no upload to read the file from", status=400)
        # Longer than the gateway's default body_timeout_seconds (30), so a client that stalls its
        # upload is answered 408 by the gateway, not 502 by this pull giving up first.
        timeout = _UPLOAD_PULL_TIMEOUT if remaining is None else max(min(_UPLOAD_PULL_TIMEOUT, remaining), 0.001)
        return Upload(
            meta.filename, meta.content_type, pull_chunks(self._nc, subject, chunk_timeout=timeout), meta.size
        )

    async def _respond_error(
        self, request: Request, error: ServiceError, correlation_id: str | None, counters: _Counters
    ) -> None:
        mark_failed(error.status)
        if error.status >= 500:
            counters.errors += 1
            counters.last_error = f"{error.status} {error.detail or error.title}"
        body, headers = error_reply(error, correlation_id)
        await request.respond(body, headers=headers)

    async def stop(self, *, grace: float = 10.0) -> None:
        """Stop taking requests, let in-flight calls finish (up to ``grace`` s), cancel the rest."""
        for service in self._services:
            await service.stop()
        self._services.clear()
        if self._tasks:
            _, late = await asyncio.wait(self._tasks, timeout=grace)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=1.0)
        self._deadlines.close()
