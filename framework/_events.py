"""Events: at-least-once, on an in-process bus when colocated and on JetStream when split.

An event is declared in its plugin's contract (OpenAPI ``webhooks`` named ``<plugin>.<event>``);
generation gives it a typed payload Struct and an :class:`Event` constant. Handlers must be
idempotent: a handler that fails is retried, and JetStream may redeliver after a crash.

One delivery policy (``[events]`` in platform.toml, :class:`~framework._delivery.DeliveryPolicy`)
holds in both placements, per event and subscribing plugin:

- a handler is tried at most ``max_attempts`` times; after the n-th failed try the next one waits
  ``backoff_base_seconds * 2**(n-1)``, at most ``backoff_max_seconds`` (split: a nak with that delay);
- after the last failed try the event becomes a dead-letter record in the subscriber's own
  database (``turnout_dead_letters``): event, id, payload, plugin, tries, last error (secrets
  masked), first and last failure times. Never a silent drop: in split, a last try cut short by a
  crash is recorded on its redelivery, and a record that cannot be written is redelivered until it
  can (so JetStream's own ``max_deliver``, which ends silently, is left unbounded);
- ``turnout dead-letters replay`` marks records; the process hosting the subscriber claims each
  one and runs that subscriber's handler alone through the same policy (a success deletes it).

A contract may mark an event ``x-turnout-retention: transient`` (progress and the like): when
split it goes to a second stream, ``TURNOUT_TRANSIENT``, with a short ``max_age`` and a cap per
subject, so a high-rate event cannot grow storage without bound; ``TURNOUT_EVENTS`` keeps the
others, within ``stream_max_age_seconds`` and ``stream_max_bytes``. In one process nothing is
stored, so retention changes nothing there.

A broadcast (:meth:`EventBus.broadcast`) is the other kind of delivery: every process that asks
gets every event, at most once and not durably, for state each process keeps in memory (the
revocation list of a credential verifier). Such a process reloads that state from its owner
when it starts and whenever the bus says events may have been missed (``on_gap``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

import msgspec
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import ConnectionClosedError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StreamConfig
from nats.js.errors import BadRequestError

from framework._config import EventsConfig
from framework._context import CallContext, _correlation_id, new_correlation_id
from framework._delivery import DeadEvent, DeadLetterSink, DeliveryPolicy, FailedDelivery, error_text
from framework._metrics import event_metrics
from framework._tracing import TRACEPARENT, event_published, handling_event

__all__ = [
    "BroadcastFeed",
    "Event",
    "EventBus",
    "EventHandler",
    "GapHandler",
    "JetStreamBus",
    "LocalBus",
    "Retention",
    "Subscription",
    "run_handler",
]

log = logging.getLogger("turnout.events")

P = TypeVar("P")

EventHandler = Callable[[CallContext, P], Awaitable[None]]
GapHandler = Callable[[], Awaitable[None]]

Retention = Literal["durable", "transient"]

STREAM = "TURNOUT_EVENTS"
SUBJECT_PREFIX = "turnout.events."
TRANSIENT_STREAM = "TURNOUT_TRANSIENT"
TRANSIENT_SUBJECT_PREFIX = "turnout.transient."
_EVENT_ID = "Nats-Msg-Id"  # JetStream de-duplicates publishes with the same id
_CORRELATION = "Turnout-Correlation-Id"


@dataclass(frozen=True, slots=True)
class Event(Generic[P]):
    """A declared event: its name (``<plugin>.<event>``), payload type and retention when stored."""

    name: str
    payload: type[P]
    retention: Retention = "durable"

    @property
    def subject(self) -> str:
        prefix = TRANSIENT_SUBJECT_PREFIX if self.retention == "transient" else SUBJECT_PREFIX
        return prefix + self.name

    @property
    def stream(self) -> str:
        """The JetStream stream that keeps this event when split."""
        return TRANSIENT_STREAM if self.retention == "transient" else STREAM


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

    async def subscribe(self, subscription: Subscription[Any], dead_letters: DeadLetterSink | None = None) -> None:
        """Deliver the event to the subscription's handler under the delivery policy.

        ``dead_letters`` receives what the last try did not handle (the host gives the plugin's database).
        """
        ...

    async def broadcast(
        self, event: Event[P], handler: EventHandler[P], *, on_gap: GapHandler | None = None
    ) -> BroadcastFeed:
        """Deliver every ``event`` to ``handler`` in this process, whichever replica it is.

        At most once and not durable; ``on_gap`` runs whenever events may have been missed
        (after a reconnect), so the process can reload what it keeps from the state's owner.
        """
        ...

    async def close(self) -> None: ...


async def run_handler(
    handler: EventHandler[Any],
    payload: Any,
    correlation_id: str,
    traceparent: str | None = None,
    *,
    event: str = "",
    plugin: str = "",
    attempt: int = 0,
) -> None:
    """Run one try of ``handler`` with the event's correlation id (and trace) as the current one.

    A failure is logged here when ``attempt`` is given, so its line carries the try's trace id.
    """
    token = _correlation_id.set(correlation_id)
    try:
        with handling_event(event, plugin, traceparent) as handled:
            try:
                await handler(CallContext(correlation_id=correlation_id, traceparent=handled), payload)
            except Exception:
                if attempt:
                    log.exception("event handler failed", extra={"event": event, "plugin": plugin, "attempt": attempt})
                raise
    finally:
        _correlation_id.reset(token)


async def _record_dead(sink: DeadLetterSink | None, dead: DeadEvent) -> bool:
    """Write a dead letter; False (logged) when it could not be written."""
    where = {"event": dead.event, "plugin": dead.plugin, "event_id": dead.event_id, "attempts": dead.failure.attempts}
    if sink is None:
        log.error("event dead-lettered with no store to keep it", extra=where)
        return False
    try:
        await sink.record(dead)
    except Exception:  # the caller decides: JetStream redelivers, in-process it is logged
        log.exception("dead letter could not be written", extra=where)
        return False
    log.error("event dead-lettered after its last try", extra={**where, "error": dead.failure.last_error})
    if (metrics := event_metrics()) is not None:
        metrics.dead_lettered(dead.event, dead.plugin)
    return True


class LocalBus:
    """In-process delivery: each handler runs in its own task, under the delivery policy."""

    def __init__(self, settings: EventsConfig | None = None) -> None:
        self._subscriptions: dict[str, list[tuple[Subscription[Any], DeadLetterSink | None]]] = {}
        self._broadcasts: dict[str, list[EventHandler[Any]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = asyncio.Event()
        self.policy = DeliveryPolicy.of(settings or EventsConfig())
        self._metrics = event_metrics()

    async def subscribe(self, subscription: Subscription[Any], dead_letters: DeadLetterSink | None = None) -> None:
        self._subscriptions.setdefault(subscription.event.name, []).append((subscription, dead_letters))

    async def broadcast(
        self, event: Event[P], handler: EventHandler[P], *, on_gap: GapHandler | None = None
    ) -> BroadcastFeed:
        """In one process nothing is ever missed, so ``on_gap`` never runs."""
        self._broadcasts.setdefault(event.name, []).append(handler)
        return _NoGaps()

    async def publish(self, event: Event[P], payload: P, ctx: CallContext | None = None) -> None:
        correlation_id = ctx.correlation_id if ctx else new_correlation_id()
        traceparent = event_published(event.name, ctx, "turnout")
        event_id = uuid.uuid4().hex
        if self._metrics is not None:
            self._metrics.published(event.name)
        # Encoded and decoded like on the wire, so a handler never shares the publisher's object.
        data = msgspec.json.encode(payload)
        # Broadcast handlers run before publish returns: the publisher's next request sees their effect.
        for handler in self._broadcasts.get(event.name, []):
            try:
                payload_copy = msgspec.json.decode(data, type=event.payload)
                await run_handler(handler, payload_copy, correlation_id, traceparent, event=event.name)
            except Exception:  # at most once, like on NATS; the handler's owner logs and reloads
                log.exception("broadcast handler failed", extra={"event": event.name})
        for subscription, sink in self._subscriptions.get(event.name, []):
            task = asyncio.create_task(self._deliver(subscription, sink, data, event_id, correlation_id, traceparent))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _deliver(
        self,
        subscription: Subscription[Any],
        sink: DeadLetterSink | None,
        data: bytes,
        event_id: str,
        correlation_id: str,
        traceparent: str | None = None,
    ) -> None:
        event = subscription.event
        tries = 0

        async def attempt() -> None:
            nonlocal tries
            tries += 1
            payload = msgspec.json.decode(data, type=event.payload)
            where = {"event": event.name, "plugin": subscription.plugin}
            try:
                await run_handler(subscription.handler, payload, correlation_id, traceparent, **where, attempt=tries)
            except Exception:
                if self._metrics is not None and tries < self.policy.max_attempts:
                    self._metrics.retried(event.name, subscription.plugin)
                raise
            if self._metrics is not None:
                self._metrics.delivered(event.name, subscription.plugin)

        failure = await self.policy.run(attempt, self._wait)
        if failure is not None:
            dead = DeadEvent(event.name, event_id, subscription.plugin, data, correlation_id, failure)
            await _record_dead(sink, dead)

    async def _wait(self, seconds: float) -> bool:
        """Sleep between tries; False at once when the bus closes, so the event is dead-lettered now."""
        try:
            await asyncio.wait_for(self._closing.wait(), seconds)
        except TimeoutError:
            return True
        return False

    async def drain(self) -> None:
        """Wait for every delivery in flight (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        """Stop retrying (what waits for a try becomes a dead letter), then wait for handlers running."""
        self._closing.set()
        await self.drain()


def stream_configs(settings: EventsConfig) -> list[StreamConfig]:
    """The two event streams with the limits ``[events]`` sets."""
    return [
        StreamConfig(
            name=STREAM,
            subjects=[SUBJECT_PREFIX + ">"],
            duplicate_window=min(120.0, settings.stream_max_age_seconds),  # the server wants it within max_age
            max_age=settings.stream_max_age_seconds,
            max_bytes=settings.stream_max_bytes,
        ),
        StreamConfig(
            name=TRANSIENT_STREAM,
            subjects=[TRANSIENT_SUBJECT_PREFIX + ">"],
            duplicate_window=min(120.0, settings.transient_max_age_seconds),
            max_age=settings.transient_max_age_seconds,
            max_bytes=settings.transient_max_bytes,
            max_msgs_per_subject=settings.transient_max_msgs_per_subject,
        ),
    ]


_INTERRUPTED = "the last try did not finish (its process stopped, or it ran past ack_wait_seconds)"
_FIRST_FAILURES_KEPT = 10_000  # first-failure times of events still being retried, oldest forgotten first


class JetStreamBus:
    """Events on JetStream streams; one durable consumer per subscribing plugin and event.

    Replicas of a plugin share its consumer (a deliver group), so each event is handled once
    per plugin, at least once: a handler that fails is naked with the policy's delay, one that
    crashes is redelivered after ``ack_wait_seconds``. The bus counts tries with the delivery
    count JetStream keeps, so the count holds across replicas and restarts.
    """

    def __init__(self, nc: Client, settings: EventsConfig | None = None) -> None:
        self._nc = nc
        self._js = nc.jetstream()
        self._settings = settings or EventsConfig()
        self.policy = DeliveryPolicy.of(self._settings)
        self._ready = False
        self._subscriptions: list[Any] = []
        self._gap_handlers: list[GapHandler] = []
        self._watcher: asyncio.Task[None] | None = None
        self._reconnects_told: int = nc.stats["reconnects"]
        self._first_failures: OrderedDict[tuple[str, int], float] = OrderedDict()
        self._metrics = event_metrics()

    async def _ensure_stream(self) -> None:
        """Create both streams, or bring an existing one's limits to the configured ones."""
        if self._ready:
            return
        for config in stream_configs(self._settings):
            try:
                await self._js.add_stream(config)  # the same config again is accepted as it is
            except BadRequestError:
                await self._js.update_stream(config)  # created by another process or version with other limits
                log.info("event stream limits updated", extra={"stream": config.name})
        self._ready = True

    async def publish(self, event: Event[P], payload: P, ctx: CallContext | None = None) -> None:
        await self._ensure_stream()
        headers = {_EVENT_ID: uuid.uuid4().hex, _CORRELATION: ctx.correlation_id if ctx else new_correlation_id()}
        if (traceparent := event_published(event.name, ctx, "nats")) is not None:
            headers[TRACEPARENT] = traceparent
        await self._js.publish(event.subject, msgspec.json.encode(payload), headers=headers, stream=event.stream)
        if self._metrics is not None:
            self._metrics.published(event.name)

    def _first_failure(self, key: tuple[str, int], now: float) -> float:
        first = self._first_failures.setdefault(key, now)
        if len(self._first_failures) > _FIRST_FAILURES_KEPT:
            self._first_failures.popitem(last=False)
        return first

    async def subscribe(self, subscription: Subscription[Any], dead_letters: DeadLetterSink | None = None) -> None:
        await self._ensure_stream()
        event = subscription.event
        durable = f"{subscription.plugin}__{event.name.replace('.', '_')}"
        decoder = msgspec.json.Decoder(event.payload)
        policy = self.policy
        metrics = self._metrics
        where = {"event": event.name, "plugin": subscription.plugin}

        async def dead_letter(msg: Msg, event_id: str, correlation_id: str, failure: FailedDelivery) -> None:
            dead = DeadEvent(event.name, event_id, subscription.plugin, msg.data, correlation_id, failure)
            if await _record_dead(dead_letters, dead) or dead_letters is None:
                self._first_failures.pop((durable, msg.metadata.sequence.stream), None)
                await msg.term()
            else:  # not written: it comes back, and is recorded then without another try
                await msg.nak(delay=policy.backoff_max)

        async def deliver(msg: Msg) -> None:
            meta = msg.metadata
            headers = msg.headers or {}
            event_id = headers.get(_EVENT_ID) or f"{event.stream}:{meta.sequence.stream}"
            correlation_id = headers.get(_CORRELATION) or new_correlation_id()
            attempt = meta.num_delivered
            key = (durable, meta.sequence.stream)
            now = time.time()
            if attempt > policy.max_attempts:  # the last try was cut short, or its dead letter not yet written
                first = self._first_failure(key, now)
                await dead_letter(
                    msg, event_id, correlation_id, FailedDelivery(policy.max_attempts, _INTERRUPTED, first, now)
                )
                return
            try:
                payload = decoder.decode(msg.data)
            except msgspec.DecodeError as error:  # no try can succeed: a dead letter at once
                failure = FailedDelivery(attempt, f"undecodable payload: {error_text(error)}", now, now)
                await dead_letter(msg, event_id, correlation_id, failure)
                return
            try:
                traceparent = headers.get(TRACEPARENT)
                await run_handler(subscription.handler, payload, correlation_id, traceparent, **where, attempt=attempt)
            except Exception as error:  # tried again after the policy's delay; the handler must be idempotent
                failed_at = time.time()
                first = self._first_failure(key, failed_at)
                if attempt >= policy.max_attempts:
                    failure = FailedDelivery(attempt, error_text(error), first, failed_at)
                    await dead_letter(msg, event_id, correlation_id, failure)
                else:
                    if metrics is not None:
                        metrics.retried(event.name, subscription.plugin)
                    await msg.nak(delay=policy.delay(attempt))
                return
            self._first_failures.pop(key, None)
            await msg.ack_sync()
            if metrics is not None:
                metrics.delivered(event.name, subscription.plugin)

        config = ConsumerConfig(
            durable_name=durable,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=policy.ack_wait,
            max_deliver=-1,  # the bus ends the tries itself, with a dead letter (see the module docstring)
            deliver_policy=DeliverPolicy.ALL,
            filter_subject=event.subject,
        )
        sub = await self._js.subscribe(
            event.subject,
            queue=durable,
            durable=durable,
            cb=deliver,
            manual_ack=True,
            config=config,
            stream=event.stream,
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
                traceparent = (msg.headers or {}).get(TRACEPARENT)
                await run_handler(handler, payload, correlation_id, traceparent, event=event.name)
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
            with contextlib.suppress(ConnectionClosedError):  # a closed connection has ended them already
                await sub.unsubscribe()
        self._subscriptions.clear()
