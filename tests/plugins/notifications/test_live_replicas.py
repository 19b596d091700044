"""The live feed with two replicas on real NATS and PostgreSQL: an item stored by one wakes the
streams the other holds at once (the broadcast, not the poll), a replica that stops ends its
streams, and items stored by both at once for one user reach a stream in id order, each once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import nats
import pytest

from framework import CallContext, JetStreamBus, Principal
from framework._db import PluginDatabase, open_plugin_database
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.live import LiveEventRow, LiveFeed, LiveItem
from tests._services import NatsServer, PostgresServer

# The safety-net poll is far off: only the broadcast can wake a stream within the test's bounds.
CONFIG = NotificationsConfig(live_poll_seconds=300, live_heartbeat_seconds=25)


def user_context(user: uuid.UUID) -> CallContext:
    return CallContext(correlation_id="live-test", principal=Principal(subject=str(user), roles=("user",)))


@pytest.fixture
async def database(postgres: PostgresServer, tmp_path: Path) -> AsyncIterator[PluginDatabase]:
    url = postgres.create_database(f"live_{uuid.uuid4().hex[:8]}")
    opened = await open_plugin_database(url, "notifications", tmp_path)
    opened.bind([LiveEventRow])
    await opened.migrate([LiveEventRow], [])
    try:
        yield opened
    finally:
        await opened.close()


async def replicas(stack: AsyncExitStack, nats_url: str, database: PluginDatabase) -> list[LiveFeed]:
    """Two feeds, each on its own NATS connection and bus, as two processes would have them."""
    feeds = []
    for _ in range(2):
        nc = await nats.connect(nats_url)
        stack.push_async_callback(nc.close)
        feed = LiveFeed(CONFIG, database, JetStreamBus(nc))
        await feed.start()
        stack.push_async_callback(feed.stop)
        feeds.append(feed)
    return feeds


def parse(chunk: bytes) -> tuple[int, str]:
    lines = dict(line.split(": ", 1) for line in chunk.decode().strip().split("\n"))
    return int(lines["id"]), lines["data"]


async def test_an_item_stored_by_one_replica_wakes_a_stream_held_by_the_other(
    nats_server: NatsServer, database: PluginDatabase
) -> None:
    user = uuid.uuid4()
    async with AsyncExitStack() as stack:
        storing, holding = await replicas(stack, nats_server.url, database)
        stream = await holding.stream(user_context(user), last_event_id=None, after=None, duration=60)
        frames = stream.chunks
        assert (await anext(frames)).startswith(b"retry: ")
        next_frame = asyncio.ensure_future(anext(frames))
        await asyncio.sleep(0.1)  # the stream has read the table and waits
        item = await storing.publish_live(user, "notification", {"title": "hello"})
        # Bound for failure only: the poll is 300 s away.
        assert parse(await asyncio.wait_for(next_frame, 30)) == (item, '{"title":"hello"}')
        # A replica shutting down ends the streams it holds (their clients reconnect elsewhere).
        ending = asyncio.ensure_future(anext(frames))
        await holding.stop()
        with pytest.raises(StopAsyncIteration):
            await asyncio.wait_for(ending, 30)


async def test_items_stored_by_both_replicas_at_once_arrive_in_order_each_once(
    nats_server: NatsServer, database: PluginDatabase
) -> None:
    user, other = uuid.uuid4(), uuid.uuid4()
    async with AsyncExitStack() as stack:
        first, second = await replicas(stack, nats_server.url, database)
        stored = await asyncio.gather(
            *(feed.publish_live(user, "notification", {"n": n}) for n in range(15) for feed in (first, second)),
            *(first.publish_live(other, "notification", {"n": n}) for n in range(5)),
        )
        mine = sorted(stored[:30])
        assert len(set(mine)) == 30
        stream = await second.stream(user_context(user), last_event_id=None, after=0, duration=0)
        received = [parse(chunk)[0] async for chunk in stream.chunks if chunk.startswith(b"id: ")]
        assert received == mine  # every item of this user, in id order, once; none of the other user's
        # The same event delivered twice is stored once.
        again = [await first.publish_live(user, "x.progress", {"p": 1}, dedup_key="job:abc") for _ in range(2)]
        assert again[0] == again[1]


async def test_a_batch_stored_by_one_replica_wakes_each_user_on_the_other_and_stores_repeats_once(
    nats_server: NatsServer, database: PluginDatabase
) -> None:
    users = [uuid.uuid4() for _ in range(3)]
    async with AsyncExitStack() as stack:
        storing, holding = await replicas(stack, nats_server.url, database)
        stream = await holding.stream(user_context(users[1]), last_event_id=None, after=None, duration=60)
        frames = stream.chunks
        assert (await anext(frames)).startswith(b"retry: ")
        next_frame = asyncio.ensure_future(anext(frames))
        await asyncio.sleep(0.1)  # the stream has read the table and waits
        items = [LiveItem(user, "notification", {"to": str(user)}, dedup_key=f"n:{user}") for user in users]
        await asyncio.gather(storing.publish_many(items), storing.publish_many(items[1:]))  # a chunk run again
        # Bound for failure only: the poll is 300 s away, so the batch's one broadcast woke it.
        item_id, data = parse(await asyncio.wait_for(next_frame, 30))
        assert data == f'{{"to":"{users[1]}"}}'
        stored = await LiveEventRow.select(LiveEventRow.user_id).where(LiveEventRow.user_id.is_in(users)).run()
        assert sorted(str(row["user_id"]) for row in stored) == sorted(str(user) for user in users)
        assert item_id > 0
