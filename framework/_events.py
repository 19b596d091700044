"""Events: at-least-once, on an in-process bus when colocated and on JetStream when split.

An event is declared in its plugin's contract (OpenAPI ``webhooks`` named ``<plugin>.<event>``);
generation gives it a typed payload Struct and an :class:`Event` constant. Handlers must be
idempotent: a handler that fails is retried, and JetStream may redeliver after a crash.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import msgspec
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StreamConfig
from nats.js.errors import BadRequestError

from framework._context import CallContext, _correlation_id, new_correlation_id

__all__ = ["Event", "EventBus", "EventHandler", "JetStreamBus", "LocalBus", "Subscription"]

log = logging.getLogger("turnout.events")

P = TypeVar("P")

EventHandler = Callable[[CallContext, P], Awaitable[None]]

STREAM = "TURNOUT_EVENTS"
SUBJECT_PREFIX = "turnout.events."
_EVENT_ID = "Nats-Msg-Id"  # JetStream de-duplicates publishes with the same id
_CORRELATION = "Turnout-Correlation-Id"


@dataclass(frozen=True, slots=True)
class Event(Generic[P]):
    """A declared event: its name (``<plugin>.<event>``) and payload type."""

    name: str
    payload: type[P]

    @property
    def subject(self) -> str:
        return SUBJECT_PREFIX + self.name


@dataclass(frozen=True, slots=True)
class Subscription(Generic[P]):
    """A plugin's handler for an event; ``plugin`` names the durable consumer when split."""

    plugin: str
    event: Event[P]
    handler: EventHandler[P]


class EventBus(Protocol):
    async def publish(self, event: Event[P], payload: P, ctx: CallContext | None = None) -> None: ...

    async def subscribe(self, subscription: Subscription[Any]) -> None: ...

    async def close(self) -> None: ...


async def _call(subscription: Subscription[Any], payload: Any, correlation_id: str) -> None:
    token = _correlation_id.set(correlation_id)
    try:
        await subscription.handler(CallContext(correlation_id=correlation_id), payload)
    finally:
        _correlation_id.reset(token)


class LocalBus:
    """In-process delivery: each handler runs in its own task, retried with backoff on failure."""

    def __init__(self, *, attempts: int = 5, backoff: float = 0.1) -> None:
        self._subscriptions: dict[str, list[Subscription[Any]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._attempts = attempts
        self._backoff = backoff

    async def subscribe(self, subscription: Subscription[Any]) -> None:
        self._subscriptions.setdefault(subscription.event.name, []).append(subscription)

    async def publish(self, event: Event[P], payload: P, ctx: CallContext | None = None) -> None:
        correlation_id = ctx.correlation_id if ctx else new_correlation_id()
        # Encoded and decoded like on the wire, so a handler never shares the publisher's object.
        data = msgspec.json.encode(payload)
        for subscription in self._subscriptions.get(event.name, []):
            copy = msgspec.json.decode(data, type=event.payload)
            task = asyncio.create_task(self._deliver(subscription, copy, correlation_id))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _deliver(self, subscription: Subscription[Any], payload: Any, correlation_id: str) -> None:
        for attempt in range(1, self._attempts + 1):
            try:
                await _call(subscription, payload, correlation_id)
                return
            except Exception:  # a failing handler is retried; it must be idempotent
                log.exception(
                    "event handler failed",
                    extra={"event": subscription.event.name, "plugin": subscription.plugin, "attempt": attempt},
                )
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
        log.error(
            "event dropped after retries", extra={"event": subscription.event.name, "plugin": subscription.plugin}
        )

    async def drain(self) -> None:
        """Wait for every delivery in flight (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        await self.drain()


class JetStreamBus:
    """Events on a JetStream stream; one durable consumer per subscribing plugin and event.

    Replicas of a plugin share its consumer (a deliver group), so each event is handled once
    per plugin, at least once: a handler that fails or crashes gets the event redelivered.
    """

    def __init__(self, nc: Client, *, ack_wait: float = 30.0, max_deliver: int = 20) -> None:
        self._nc = nc
        self._js = nc.jetstream()
        self._ack_wait = ack_wait
        self._max_deliver = max_deliver
        self._ready = False
        self._subscriptions: list[Any] = []

    async def _ensure_stream(self) -> None:
        if self._ready:
            return
        config = StreamConfig(name=STREAM, subjects=[SUBJECT_PREFIX + ">"], duplicate_window=120.0)
        try:
            await self._js.add_stream(config)
        except BadRequestError:
            await self._js.update_stream(config)  # created by another process with other settings
        self._ready = True

    async def publish(self, event: Event[P], payload: P, ctx: CallContext | None = None) -> None:
        await self._ensure_stream()
        headers = {_EVENT_ID: uuid.uuid4().hex, _CORRELATION: ctx.correlation_id if ctx else new_correlation_id()}
        await self._js.publish(event.subject, msgspec.json.encode(payload), headers=headers)

    async def subscribe(self, subscription: Subscription[Any]) -> None:
        await self._ensure_stream()
        event = subscription.event
        durable = f"{subscription.plugin}__{event.name.replace('.', '_')}"
        decoder = msgspec.json.Decoder(event.payload)

        async def deliver(msg: Msg) -> None:
            try:
                payload = decoder.decode(msg.data)
            except msgspec.DecodeError:
                log.error("undecodable event terminated", extra={"event": event.name, "plugin": subscription.plugin})
                await msg.term()
                return
            correlation_id = (msg.headers or {}).get(_CORRELATION) or new_correlation_id()
            try:
                await _call(subscription, payload, correlation_id)
            except Exception:  # redelivered later; the handler must be idempotent
                log.exception("event handler failed", extra={"event": event.name, "plugin": subscription.plugin})
                await msg.nak(delay=1.0)
                return
            await msg.ack_sync()

        config = ConsumerConfig(
            durable_name=durable,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=self._ack_wait,
            max_deliver=self._max_deliver,
            deliver_policy=DeliverPolicy.ALL,
            filter_subject=event.subject,
        )
        sub = await self._js.subscribe(
            event.subject, queue=durable, durable=durable, cb=deliver, manual_ack=True, config=config
        )
        self._subscriptions.append(sub)

    async def close(self) -> None:
        for sub in self._subscriptions:
            await sub.unsubscribe()
        self._subscriptions.clear()
