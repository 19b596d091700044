"""Events: at-least-once, on an in-process bus when colocated and on JetStream when split.

An event is declared in its plugin's contract (OpenAPI ``webhooks`` named ``<plugin>.<event>``);
generation gives it a typed payload Struct and an :class:`Event` constant. Handlers must be
idempotent: a handler that fails is retried, and JetStream may redeliver after a crash.

A broadcast (:meth:`EventBus.broadcast`) is the other kind of delivery: every process that asks
gets every event, at most once and not durably, for state each process keeps in memory (the
revocation list of a credential verifier). Such a process reloads that state from its owner
when it starts and whenever the bus says events may have been missed (``on_gap``).
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

__all__ = [
    "BroadcastFeed",
    "Event",
    "EventBus",
    "EventHandler",
    "GapHandler",
    "JetStreamBus",
    "LocalBus",
    "Subscription",
]

log = logging.getLogger("turnout.events")

P = TypeVar("P")

EventHandler = Callable[[CallContext, P], Awaitable[None]]
GapHandler = Callable[[], Awaitable[None]]

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


class BroadcastFeed(Protocol):
    """What a broadcast subscriber can ask between events."""

    def gap_pending(self) -> bool:
        """True from a reconnect until ``on_gap`` has been called for it: events may have been missed.

        A plain counter read, cheap enough for every request; it closes the moment between a
        reconnect and the bus noticing it.
        """
        ...


class _NoGaps:
    """In one process a broadcast is never missed."""

    def gap_pending(self) -> bool:
        return False


class EventBus(Protocol):
    async def publish(self, event: Event[P], payload: P, ctx: CallContext | None = None) -> None: ...

    async def subscribe(self, subscription: Subscription[Any]) -> None: ...

    async def broadcast(
        self, event: Event[P], handler: EventHandler[P], *, on_gap: GapHandler | None = None
    ) -> BroadcastFeed:
        """Deliver every ``event`` to ``handler`` in this process, whichever replica it is.

        At most once and not durable; ``on_gap`` runs whenever events may have been missed
        (after a reconnect), so the process can reload what it keeps from the state's owner.
        """
        ...

    async def close(self) -> None: ...


async def _run(handler: EventHandler[Any], payload: Any, correlation_id: str) -> None:
    token = _correlation_id.set(correlation_id)
    try:
        await handler(CallContext(correlation_id=correlation_id), payload)
    finally:
        _correlation_id.reset(token)


async def _call(subscription: Subscription[Any], payload: Any, correlation_id: str) -> None:
    await _run(subscription.handler, payload, correlation_id)


class LocalBus:
    """In-process delivery: each handler runs in its own task, retried with backoff on failure."""

    def __init__(self, *, attempts: int = 5, backoff: float = 0.1) -> None:
        self._subscriptions: dict[str, list[Subscription[Any]]] = {}
        self._broadcasts: dict[str, list[EventHandler[Any]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._attempts = attempts
        self._backoff = backoff

    async def subscribe(self, subscription: Subscription[Any]) -> None:
        self._subscriptions.setdefault(subscription.event.name, []).append(subscription)

    async def broadcast(
        self, event: Event[P], handler: EventHandler[P], *, on_gap: GapHandler | None = None
    ) -> BroadcastFeed:
        """In one process nothing is ever missed, so ``on_gap`` never runs."""
        self._broadcasts.setdefault(event.name, []).append(handler)
        return _NoGaps()

    async def publish(self, event: Event[P], payload: P, ctx: CallContext | None = None) -> None:
        correlation_id = ctx.correlation_id if ctx else new_correlation_id()
        # Encoded and decoded like on the wire, so a handler never shares the publisher's object.
        data = msgspec.json.encode(payload)
        # Broadcast handlers run before publish returns: the publisher's next request sees their effect.
        for handler in self._broadcasts.get(event.name, []):
            try:
                await _run(handler, msgspec.json.decode(data, type=event.payload), correlation_id)
            except Exception:  # at most once, like on NATS; the handler's owner logs and reloads
                log.exception("broadcast handler failed", extra={"event": event.name})
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
        self._gap_handlers: list[GapHandler] = []
        self._watcher: asyncio.Task[None] | None = None
        self._reconnects_told: int = nc.stats["reconnects"]

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

    async def broadcast(
        self, event: Event[P], handler: EventHandler[P], *, on_gap: GapHandler | None = None
    ) -> BroadcastFeed:
        """A plain NATS subscription on the event's subject, no queue group: every process gets it.

        JetStream publishes are NATS messages on that subject, so no stream consumer is needed;
        what is published while this connection is down is missed, hence ``on_gap`` after a reconnect.
        """
        decoder = msgspec.json.Decoder(event.payload)

        async def deliver(msg: Msg) -> None:
            try:
                payload = decoder.decode(msg.data)
            except msgspec.DecodeError:
                log.error("undecodable broadcast dropped", extra={"event": event.name})
                return
            correlation_id = (msg.headers or {}).get(_CORRELATION) or new_correlation_id()
            try:
                await _run(handler, payload, correlation_id)
            except Exception:  # at most once; the handler's owner reloads on the next gap
                log.exception("broadcast handler failed", extra={"event": event.name})

        self._subscriptions.append(await self._nc.subscribe(event.subject, cb=deliver))
        if on_gap is not None:
            self._gap_handlers.append(on_gap)
            if self._watcher is None:
                self._watcher = asyncio.create_task(self._watch_reconnects())
        return self

    def gap_pending(self) -> bool:
        """A reconnect happened that the gap handlers have not been told of yet."""
        return bool(self._nc.stats["reconnects"] != self._reconnects_told)

    async def _watch_reconnects(self, interval: float = 0.2) -> None:
        # nats-py counts reconnects in its public stats; reading a counter costs no I/O, and the
        # connection's own callbacks belong to whoever connected it. A gap is reported when the
        # connection is seen down (so state stops being trusted at once) and again once it is back.
        down = False
        while True:
            await asyncio.sleep(interval)
            count = self._nc.stats["reconnects"]
            connected = self._nc.is_connected
            if connected and count != self._reconnects_told:
                # Told before the handlers run (no await between): gap_pending() stays true until then.
                self._reconnects_told, down = count, False
                log.info("reconnected: reloading broadcast state", extra={"handlers": len(self._gap_handlers)})
            elif not connected and not down:
                down = True
                log.warning("disconnected: broadcast events may be missed")
            else:
                continue
            for on_gap in list(self._gap_handlers):
                try:
                    await on_gap()
                except Exception:  # one failing reload must not stop the others, nor the watcher
                    log.exception("reload after a gap in broadcasts failed")

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            await asyncio.gather(self._watcher, return_exceptions=True)
            self._watcher = None
        self._gap_handlers.clear()
        for sub in self._subscriptions:
            await sub.unsubscribe()
        self._subscriptions.clear()
