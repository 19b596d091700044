"""The target plugin: raises errors, stalls, reports the context it got, keeps streamed files, publishes."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import AsyncIterator, Callable

from framework import (
    BadRequest,
    CallContext,
    Conflict,
    EventBus,
    FieldError,
    Forbidden,
    NoConfig,
    NotFound,
    PayloadTooLarge,
    Plugin,
    PluginContext,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    UnprocessableContent,
    UnsupportedMediaType,
)
from framework._event_stream import event_stream, sse_frame
from framework.runtime import Download, Upload
from tests.invariance.errors import OverBudget
from tests.invariance.generated.target import CONTRACT
from tests.invariance.generated.target.events import POKED
from tests.invariance.generated.target.models import (
    ErrorKind,
    Poked,
    SeenContext,
    StallRecord,
    StallState,
    State,
    StoredFile,
    TickRecord,
)
from tests.invariance.plugins._seen import seen_context

__all__ = ["RAISED", "TargetServiceImpl", "plugin"]

# What ``fail`` raises for each kind: every standard class, a plugin's own, and a bug.
RAISED: dict[ErrorKind, Callable[[], Exception]] = {
    ErrorKind.bad_request: lambda: BadRequest("bad input", errors=[FieldError(message="too long", field="name")]),
    ErrorKind.unauthorized: lambda: Unauthorized("who are you"),
    ErrorKind.forbidden: lambda: Forbidden("not yours"),
    ErrorKind.not_found: lambda: NotFound("no such thing"),
    ErrorKind.conflict: lambda: Conflict("taken"),
    ErrorKind.payload_too_large: lambda: PayloadTooLarge("too big"),
    ErrorKind.unsupported_media_type: lambda: UnsupportedMediaType("send JSON"),
    ErrorKind.unprocessable_content: lambda: UnprocessableContent(
        "does not add up",
        errors=[FieldError(message="must be positive", field="amount"), FieldError(message="no field named")],
    ),
    ErrorKind.too_many_requests: lambda: TooManyRequests("slow down", retry_after=7),
    ErrorKind.service_unavailable: lambda: ServiceUnavailable("later", headers={"Retry-After": "3"}),
    ErrorKind.plugin_defined: lambda: OverBudget("over budget", budget=42),
    ErrorKind.unexpected: lambda: RuntimeError("a bug in target"),
}


TICK_HEARTBEAT = 25.0  # seconds; under the 30 s a NATS pull waits for a chunk


class TargetServiceImpl:
    """Keeps what it saw in memory: the suite reads it back through the probe."""

    def __init__(self, events: EventBus) -> None:
        self._events = events
        self._stalls: dict[uuid.UUID, StallRecord] = {}
        self._files: dict[uuid.UUID, tuple[str, str, bytes]] = {}
        self._ticks: dict[uuid.UUID, TickRecord] = {}

    async def fail(self, ctx: CallContext, *, kind: ErrorKind) -> None:
        raise RAISED[kind]()

    async def stall(self, ctx: CallContext, *, token: uuid.UUID) -> None:
        record = self._stalls[token] = StallRecord(state=StallState.waiting, deadline=ctx.deadline)
        try:
            await asyncio.Event().wait()  # set by no one: only the caller's deadline ends this wait
        except asyncio.CancelledError:
            record.state = StallState.cancelled
            raise
        record.state = StallState.finished

    async def get_stall(self, ctx: CallContext, *, token: uuid.UUID) -> StallRecord:
        record = self._stalls.get(token)
        if record is None:
            raise NotFound("no such stall")
        return record

    async def see_context(self, ctx: CallContext) -> SeenContext:
        return seen_context(ctx, SeenContext)

    async def store_file(self, ctx: CallContext, *, file: Upload) -> StoredFile:
        digest = hashlib.sha256()
        parts = []
        async for chunk in file:
            digest.update(chunk)
            parts.append(chunk)
        data = b"".join(parts)
        key = uuid.uuid4()
        self._files[key] = (file.filename, file.content_type, data)
        return StoredFile(
            key=key, filename=file.filename, content_type=file.content_type, size=len(data), sha256=digest.hexdigest()
        )

    async def fetch_file(self, ctx: CallContext, *, key: uuid.UUID) -> Download:
        kept = self._files.get(key)
        if kept is None:
            raise NotFound("no such file")
        filename, content_type, data = kept
        return Download.from_bytes(data, filename=filename, content_type=content_type)

    async def tick(self, ctx: CallContext, *, token: uuid.UUID, hold_ms: int = 0) -> Download:
        record = self._ticks[token] = TickRecord(state=State.streaming)

        async def frames() -> AsyncIterator[bytes]:
            try:
                yield sse_frame("1", event="tick", id=1)
                await asyncio.sleep(hold_ms / 1000)
            except BaseException:  # cancelled or closed: the reader went away
                record.state = State.stopped
                raise
            record.state = State.ended

        # A heartbeat longer than any hold: only the reader leaving can stop the wait early.
        return event_stream(frames(), heartbeat=TICK_HEARTBEAT)

    async def get_ticks(self, ctx: CallContext, *, token: uuid.UUID) -> TickRecord:
        record = self._ticks.get(token)
        if record is None:
            raise NotFound("no such tick stream")
        return record

    async def poke(self, ctx: CallContext, *, body: Poked) -> None:
        await self._events.publish(POKED, body, ctx)


async def _create(ctx: PluginContext[NoConfig]) -> TargetServiceImpl:
    return TargetServiceImpl(ctx.events)


plugin = Plugin(
    name="target",
    contract=CONTRACT,
    config_type=NoConfig,
    create_service=_create,
    description="The invariance suite's callee (a test plugin).",
)
