"""Events: at-least-once on the in-process bus and on JetStream (a real nats-server)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import msgspec
import nats
import pytest
from nats.aio.client import Client

from framework import (
    CallContext,
    Event,
    EventsConfig,
    JetStreamBus,
    LocalBus,
    Subscription,
    discover_plugins,
    load_config,
)
from framework._host import Host
from generated.auth.events import USER_REGISTERED
from generated.auth.models import RegisterRequest, UserRegistered
from tests._services import NatsServer
from tests._wait import eventually


class Ping(msgspec.Struct):
    n: int


PING = Event("test.ping", Ping)


async def test_local_bus_delivers_copies_and_retries_failures() -> None:
    bus = LocalBus(EventsConfig(backoff_base_seconds=0.01, backoff_max_seconds=0.05))
    seen: list[tuple[int, str]] = []
    failures = {"left": 2}

    async def flaky(ctx: CallContext, payload: Ping) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("transient")
        seen.append((payload.n, ctx.correlation_id))

    await bus.subscribe(Subscription("a", PING, flaky))
    sent = Ping(1)
    await bus.publish(PING, sent, CallContext(correlation_id="corr-1"))
    await bus.drain()
    assert seen == [(1, "corr-1")]  # delivered once it stopped failing, with the publisher's correlation id


@pytest.fixture
async def connections(nats_server: NatsServer) -> AsyncIterator[list[Client]]:
    opened: list[Client] = []
    for _ in range(3):
        opened.append(await nats.connect(nats_server.url))
    try:
        yield opened
    finally:
        for nc in opened:
            await nc.close()


async def test_jetstream_events_survive_until_a_subscriber_comes(connections: list[Client]) -> None:
    publisher = JetStreamBus(connections[0])
    await publisher.publish(PING, Ping(7))  # nobody subscribed yet: the stream keeps it
    got: list[int] = []

    async def handler(ctx: CallContext, payload: Ping) -> None:
        got.append(payload.n)

    consumer = JetStreamBus(connections[1])
    await consumer.subscribe(Subscription("late", PING, handler))
    await eventually(lambda: got == [7])
    await consumer.close()


async def test_jetstream_redelivers_after_a_failure(connections: list[Client]) -> None:
    attempts: list[int] = []

    async def fails_once(ctx: CallContext, payload: Ping) -> None:
        attempts.append(payload.n)
        if len(attempts) == 1:
            raise RuntimeError("crash before ack")

    bus = JetStreamBus(connections[0])
    await bus.subscribe(Subscription("flaky", PING, fails_once))
    await bus.publish(PING, Ping(3))
    await eventually(lambda: attempts == [3, 3], within=10)
    await bus.close()


async def test_replicas_share_a_consumer_and_plugins_each_get_every_event(connections: list[Client]) -> None:
    handled: dict[str, list[int]] = {"replica-1": [], "replica-2": [], "other": []}

    def record(key: str):  # type: ignore[no-untyped-def]
        async def handler(ctx: CallContext, payload: Ping) -> None:
            handled[key].append(payload.n)

        return handler

    replica_1, replica_2, other = (JetStreamBus(nc) for nc in connections)
    await replica_1.subscribe(Subscription("billing", PING, record("replica-1")))
    await replica_2.subscribe(Subscription("billing", PING, record("replica-2")))
    await other.subscribe(Subscription("audit", PING, record("other")))
    for n in range(20):
        await replica_1.publish(PING, Ping(n))
    await eventually(
        lambda: len(handled["other"]) == 20 and len(handled["replica-1"]) + len(handled["replica-2"]) == 20
    )
    assert sorted(handled["replica-1"] + handled["replica-2"]) == list(range(20))  # once per plugin
    assert sorted(handled["other"]) == list(range(20))
    for bus in (replica_1, replica_2, other):
        await bus.close()


async def test_auth_publishes_user_registered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Colocated: the auth implementation publishes on the host's in-process bus."""
    monkeypatch.chdir(tmp_path)
    config = load_config(None, None)
    host = Host(config, {"auth": discover_plugins()["auth"]})
    received: list[UserRegistered] = []

    async def on_registered(ctx: CallContext, payload: UserRegistered) -> None:
        received.append(payload)

    await host.events.subscribe(Subscription("test", USER_REGISTERED, on_registered))
    await host.start()
    try:
        email = f"evt-{uuid.uuid4().hex[:6]}@example.com"
        user = await host.bindings["auth"].service.register_user(
            CallContext.system(), body=RegisterRequest(email=email, password="event password")
        )
        assert isinstance(host.events, LocalBus)
        await host.events.drain()
        assert [(e.user_id, e.email) for e in received] == [(user.id, email)]
    finally:
        await host.stop()


async def test_local_broadcast_has_run_when_publish_returns() -> None:
    bus = LocalBus()
    seen: list[int] = []

    async def remember(ctx: CallContext, payload: Ping) -> None:
        seen.append(payload.n)

    await bus.broadcast(PING, remember)
    await bus.publish(PING, Ping(5))
    assert seen == [5]  # no drain: the publisher's next request already sees the effect


async def test_every_process_gets_every_broadcast(connections: list[Client]) -> None:
    """Unlike a durable subscription, a broadcast is not shared by replicas: each one gets all."""
    got: dict[int, list[int]] = {0: [], 1: [], 2: []}
    buses = [JetStreamBus(nc) for nc in connections]

    def record(index: int):  # type: ignore[no-untyped-def]
        async def handler(ctx: CallContext, payload: Ping) -> None:
            got[index].append(payload.n)

        return handler

    for index, bus in enumerate(buses[1:], start=1):
        await bus.broadcast(PING, record(index))
    await connections[1].flush()
    await connections[2].flush()
    for n in range(10):
        await buses[0].publish(PING, Ping(n))
    await eventually(lambda: got[1] == list(range(10)) and got[2] == list(range(10)))
    assert got[0] == []
    for bus in buses:
        await bus.close()


async def test_a_broadcast_subscriber_is_told_of_gaps_when_nats_goes_and_comes_back(nats_server: NatsServer) -> None:
    nc = await nats.connect(nats_server.url, max_reconnect_attempts=-1, reconnect_time_wait=0.1)
    bus = JetStreamBus(nc)
    gaps: list[bool] = []
    got: list[int] = []

    async def on_gap() -> None:
        gaps.append(nc.is_connected)

    async def handler(ctx: CallContext, payload: Ping) -> None:
        got.append(payload.n)

    try:
        feed = await bus.broadcast(PING, handler, on_gap=on_gap)
        await nc.flush()
        await asyncio.to_thread(nats_server.stop)
        await eventually(lambda: gaps == [False], within=20)  # seen down: state stops being trusted
        await asyncio.to_thread(nats_server.start)
        await eventually(lambda: gaps == [False, True], within=20)  # seen back: reload now
        assert not feed.gap_pending()  # the handlers were told
        # The subscription itself came back with the connection.
        await bus.publish(PING, Ping(1))
        await eventually(lambda: got == [1], within=10)
    finally:
        await bus.close()
        await nc.close()


async def test_a_reconnect_is_pending_until_the_gap_handlers_are_told(nats_server: NatsServer) -> None:
    """Between a reconnect and the bus telling its handlers, the feed says a gap is pending."""
    nc = await nats.connect(nats_server.url, max_reconnect_attempts=-1, reconnect_time_wait=0.1)
    bus = JetStreamBus(nc)

    async def handler(ctx: CallContext, payload: Ping) -> None:
        return None

    try:
        feed = await bus.broadcast(PING, handler)  # no on_gap: nobody will ever be told
        assert not feed.gap_pending()
        await asyncio.to_thread(nats_server.restart)
        await eventually(lambda: nc.is_connected and nc.stats["reconnects"] == 1, within=20)
        assert feed.gap_pending()
        assert not (await LocalBus().broadcast(PING, handler)).gap_pending()
    finally:
        await bus.close()
        await nc.close()
