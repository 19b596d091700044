"""One delivery policy in both placements: tries, backoff, dead letters, replay (real NATS, SQLite, PostgreSQL).

``all-in-one`` is the in-process bus on SQLite; ``split`` is JetStream (a real nats-server, the
publisher on a connection of its own) on PostgreSQL. Subscribers are test plugins named like
real ones, so ``turnout dead-letters`` finds their databases from the same platform.toml.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import nats
import pytest
from nats.aio.client import Client
from typer.testing import CliRunner, Result

from framework import (
    CallContext,
    DeadLetter,
    Event,
    EventBus,
    JetStreamBus,
    LocalBus,
    NoConfig,
    Plugin,
    PluginContext,
    dead_letters,
    discover_plugins,
    load_config,
)
from framework._events import EventHandler
from framework._host import Host
from framework.cli import app
from tests._services import PostgresServer
from tests._wait import eventually

T = TypeVar("T")

PLACEMENTS = ["all-in-one", "split"]


class Ping(msgspec.Struct):
    n: int


PING = Event("test.ping", Ping)


@dataclass
class Handler:
    """A subscriber's handler: fails its first ``fail_first`` tries, or every try while ``broken``."""

    fail_first: int = 0
    broken: bool = False
    calls: list[tuple[int, float]] = field(default_factory=list)  # (payload n, monotonic time)

    async def handle(self, ctx: CallContext, payload: Ping) -> None:
        self.calls.append((payload.n, time.monotonic()))
        if self.broken or len(self.calls) <= self.fail_first:
            raise RuntimeError("handler broken; password=hunter2")


def _subscriber(name: str, handler: Handler | EventHandler[Ping]) -> Plugin[Any, Any]:
    """A plugin called ``name`` (its database is that plugin's) whose one handler is ``handler``."""
    handle = handler.handle if isinstance(handler, Handler) else handler

    async def create(ctx: PluginContext[Any]) -> Any:
        ctx.subscribe(PING, handle)
        return None

    contract = discover_plugins()[name].contract
    return Plugin(name, contract, NoConfig, create, consumes=(PING,))


@dataclass
class Placement:
    """Subscribing hosts in one placement, a publisher, and the platform.toml they share."""

    name: str
    workdir: Path
    config_path: Path
    hosts: list[Host]
    publisher: EventBus
    stack: AsyncExitStack
    nats_url: str | None = None
    connections: list[Client] = field(default_factory=list)  # split: each host's own

    async def add_host(self, plugins: dict[str, Plugin[Any, Any]]) -> Host:
        """Start another process's worth of subscribers (a replica, when split)."""
        config = load_config(self.config_path)
        host = Host(config, plugins)
        bus = None
        if self.nats_url is not None:
            nc = await nats.connect(self.nats_url)
            self.stack.push_async_callback(nc.close)
            self.connections.append(nc)
            bus = JetStreamBus(nc, config.events)
        await host.start(None, bus)
        self.stack.push_async_callback(host.stop)
        self.hosts.append(host)
        return host

    async def publish(self, n: int) -> None:
        await (self.hosts[0].events if self.name == "all-in-one" else self.publisher).publish(PING, Ping(n))

    async def letters(self, plugin: str = "files") -> list[DeadLetter]:
        return await dead_letters(self.hosts[0].databases[plugin])

    async def turnout(self, *args: str) -> Result:
        """Run the ``turnout`` command on this platform's config, as an operator would.

        In a thread of its own (the command runs its own event loop), in this process: starting
        the command afresh costs seconds on a loaded machine and tests nothing more.
        """
        argv = [*args, "--config", str(self.config_path)]

        def invoke() -> Result:
            return CliRunner().invoke(app, argv)

        return await asyncio.to_thread(invoke)


PlacementFactory = Callable[[dict[str, Any]], Awaitable[Placement]]


@pytest.fixture(params=PLACEMENTS)
async def placement(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[PlacementFactory]:
    """Make a placement with the given ``[events]`` settings; hosts are added by the test."""
    monkeypatch.chdir(tmp_path)  # var/ (SQLite files, plugin folders) under the test's folder
    async with AsyncExitStack() as stack:

        async def make(events: dict[str, Any]) -> Placement:
            database = "sqlite:///var"
            nats_url = None
            if request.param == "split":
                postgres: PostgresServer = request.getfixturevalue("postgres")
                database = postgres.create_database(f"events_{uuid.uuid4().hex[:8]}")
                nats_url = request.getfixturevalue("nats_server").url
            settings = "".join(f"{key} = {value!r}\n" for key, value in events.items())
            config_path = tmp_path / "platform.toml"
            config_path.write_text(f'[database]\nurl = "{database}"\n\n[events]\n{settings}', encoding="utf-8")
            publisher: EventBus = LocalBus()
            if nats_url is not None:
                nc = await nats.connect(nats_url)
                stack.push_async_callback(nc.close)
                publisher = JetStreamBus(nc, load_config(config_path).events)
            return Placement(request.param, tmp_path, config_path, [], publisher, stack, nats_url)

        yield make


async def _until(fetch: Callable[[], Awaitable[T]], check: Callable[[T], bool], within: float = 20.0) -> T:
    """Poll ``fetch`` until ``check`` holds for what it returns; fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        value = await fetch()
        if check(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within}s; last value: {value!r}")
        await asyncio.sleep(0.05)


async def _settled(place: Placement) -> None:
    """Every delivery has ended (acknowledged or dead-lettered): no try is still to come."""
    for host in place.hosts:
        if isinstance(host.events, LocalBus):
            await host.events.drain()
    if place.nats_url is None:
        return
    nc = await nats.connect(place.nats_url)
    try:
        js = nc.jetstream()

        durables = sorted({f"{name}__test_ping" for host in place.hosts for name in host.plugins})

        async def consumers() -> list[Any]:
            return [await js.consumer_info("TURNOUT_EVENTS", durable) for durable in durables]

        await _until(consumers, lambda infos: all(i.num_ack_pending == 0 and i.num_pending == 0 for i in infos))
    finally:
        await nc.close()


async def test_a_handler_failing_n_minus_1_times_is_called_n_times_with_backoff(placement: PlacementFactory) -> None:
    place = await placement({"max_attempts": 4, "backoff_base_seconds": 0.2, "backoff_max_seconds": 0.3})
    handler = Handler(fail_first=2)
    other = Handler()
    await place.add_host({"files": _subscriber("files", handler), "simulation": _subscriber("simulation", other)})
    await place.publish(7)
    await eventually(lambda: len(handler.calls) >= 3, within=20)
    await _settled(place)
    assert [n for n, _ in handler.calls] == [7, 7, 7]  # exactly N = 3 tries: two failures, then success
    gaps = [later - earlier for (_, earlier), (_, later) in zip(handler.calls, handler.calls[1:], strict=False)]
    assert gaps[0] >= 0.2 - 0.01, gaps  # backoff_base_seconds after the first failure
    assert gaps[1] >= 0.3 - 0.01, gaps  # doubled, capped at backoff_max_seconds
    assert [n for n, _ in other.calls] == [7]  # another subscriber's tries are its own
    assert await place.letters() == []


async def test_an_always_failing_handler_is_dead_lettered_listed_and_replayed(placement: PlacementFactory) -> None:
    place = await placement(
        {"max_attempts": 3, "backoff_base_seconds": 0.05, "backoff_max_seconds": 0.1, "replay_poll_seconds": 0.1}
    )
    handler = Handler(broken=True)
    other = Handler()
    await place.add_host({"files": _subscriber("files", handler), "simulation": _subscriber("simulation", other)})
    started = time.time()
    await place.publish(42)
    letters = await _until(place.letters, lambda found: len(found) == 1)
    await _settled(place)
    assert len(handler.calls) == 3  # max_attempts tries, no more
    letter = letters[0]
    assert (letter.event, letter.plugin, letter.attempts) == ("test.ping", "files", 3)
    assert msgspec.json.decode(letter.payload, type=Ping) == Ping(42)
    assert letter.last_error.startswith("RuntimeError: handler broken")
    assert "hunter2" not in letter.last_error  # secrets in an error's text are masked
    assert started - 1 <= letter.first_failed_at.timestamp() <= letter.last_failed_at.timestamp() <= time.time()
    assert not letter.replay_requested

    listed = await place.turnout("dead-letters", "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert msgspec.json.decode(listed.stdout, type=list[DeadLetter]) == [letter]
    table = await place.turnout("dead-letters", "list", "--plugin", "files")
    assert letter.id in table.stdout, table.stdout
    assert "RuntimeError" in table.stdout
    nothing = await place.turnout("dead-letters", "list", "--plugin", "simulation")
    assert nothing.stdout.strip() == "no dead letters"

    handler.broken = False  # the handler is fixed
    replayed = await place.turnout("dead-letters", "replay", letter.id)
    assert replayed.exit_code == 0, replayed.output
    assert "1 dead letter(s) marked" in replayed.stdout
    await _until(place.letters, lambda found: found == [])  # a successful replay removes the record
    assert [n for n, _ in handler.calls] == [42, 42, 42, 42]  # one more try, which succeeded
    assert [n for n, _ in other.calls] == [42]  # the replay went to that subscriber only


async def test_a_replay_that_fails_again_keeps_the_record_with_the_added_tries(placement: PlacementFactory) -> None:
    place = await placement(
        {"max_attempts": 2, "backoff_base_seconds": 0.05, "backoff_max_seconds": 0.05, "replay_poll_seconds": 0.1}
    )
    handler = Handler(broken=True)
    await place.add_host({"files": _subscriber("files", handler)})
    await place.publish(1)
    [letter] = await _until(place.letters, lambda found: len(found) == 1)
    marked = await place.turnout("dead-letters", "replay", "--all", "--plugin", "files")
    assert marked.exit_code == 0, marked.output
    [again] = await _until(place.letters, lambda found: len(found) == 1 and found[0].attempts == 4)
    assert again.id == letter.id
    assert not again.replay_requested
    assert again.last_failed_at > letter.last_failed_at
    assert len(handler.calls) == 4
    unknown = await place.turnout("dead-letters", "replay", "no-such-id")
    assert unknown.exit_code == 1
    assert "no dead letter" in unknown.stderr
    neither = await place.turnout("dead-letters", "replay")
    assert neither.exit_code == 2


async def test_closing_the_in_process_bus_dead_letters_an_event_waiting_for_its_next_try(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In one process a waiting try would die with the process: it is recorded when the bus closes.

    (When split, a waiting event stays in the stream and comes back to a replica: nothing to record.)
    """
    monkeypatch.chdir(tmp_path)
    config_path = tmp_path / "platform.toml"
    config_path.write_text("[events]\nmax_attempts = 5\nbackoff_base_seconds = 60.0\n", encoding="utf-8")
    handler = Handler(broken=True)
    host = Host(load_config(config_path), {"files": _subscriber("files", handler)})
    await host.start()
    try:
        await host.events.publish(PING, Ping(3))
        await eventually(lambda: len(handler.calls) == 1)
        assert isinstance(host.events, LocalBus)
        await asyncio.wait_for(host.events.close(), 10)  # does not wait out the 60 s backoff
        [letter] = await dead_letters(host.databases["files"])
    finally:
        await host.stop()
    assert letter.attempts == 1
    assert letter.last_error.endswith("(stopped before the next try)")


@pytest.mark.parametrize("placement", ["split"], indirect=True)
async def test_replicas_count_tries_together_and_replay_each_record_once(placement: PlacementFactory) -> None:
    place = await placement(
        {"max_attempts": 3, "backoff_base_seconds": 0.05, "backoff_max_seconds": 0.05, "replay_poll_seconds": 0.05}
    )
    handler = Handler(broken=True)
    for _ in range(2):
        await place.add_host({"files": _subscriber("files", handler)})
    for n in range(4):
        await place.publish(n)
    letters = await _until(place.letters, lambda found: len(found) == 4)
    await _settled(place)
    assert {letter.attempts for letter in letters} == {3}
    assert len(handler.calls) == 12  # three tries per event, counted across the replicas
    handler.broken = False
    marked = await place.turnout("dead-letters", "replay", "--all")
    assert marked.exit_code == 0, marked.output
    await _until(place.letters, lambda found: found == [])
    # Both replicas look for marked records; each record is claimed, and run, by one of them.
    assert sorted(n for n, _ in handler.calls[12:]) == [0, 1, 2, 3]


@pytest.mark.parametrize("placement", ["split"], indirect=True)
async def test_a_last_try_cut_short_by_a_crash_is_dead_lettered_by_a_replica(placement: PlacementFactory) -> None:
    place = await placement({"max_attempts": 1, "ack_wait_seconds": 0.5})
    release = asyncio.Event()
    started: list[int] = []

    async def hangs(ctx: CallContext, payload: Ping) -> None:
        started.append(payload.n)
        await release.wait()

    await place.add_host({"files": _subscriber("files", hangs)})
    await place.publish(9)
    await eventually(lambda: started == [9])
    await place.connections[0].close()  # the replica dies mid-try: nothing acknowledges it
    await place.add_host({"files": _subscriber("files", hangs)})
    [letter] = await _until(place.letters, lambda found: len(found) == 1)
    assert started == [9]  # redelivered past max_attempts: recorded, not tried again
    assert letter.attempts == 1
    assert "did not finish" in letter.last_error
    assert msgspec.json.decode(letter.payload, type=Ping) == Ping(9)
    release.set()
