"""The live stream: each user's notifications and job progress, stored with growing ids and pushed as SSE.

Every item is a row of ``live_events`` first (its id only grows, per user in commit order too),
then a wake-up: streams held by this process are woken at once, and ``notifications.live_stored``
is broadcast so every other replica wakes its own; a stream also re-reads the table every
``live_poll_seconds`` in case a broadcast was missed. A stream replays the rows after the id the
client last saw, then tails, so a client that reconnects with ``Last-Event-ID`` misses nothing
and gets nothing twice. Rows older than ``live_retention_seconds`` are deleted.

Other parts of the plugin store an in-app notification's live item with
``await feed.publish_live(user_id, "notification", data)``, or a fan-out chunk's with
``await feed.publish_many(items)`` (one statement, one wake-up per thousand users).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import msgspec
from piccolo.columns import UUID, BigSerial, Text, Timestamptz, Varchar
from piccolo.table import Table

from framework import (
    JOB_FINISHED,
    JOB_PROGRESS,
    CallContext,
    EventBus,
    JobFinished,
    JobProgress,
    PluginDatabase,
    event_stream,
    require_user,
    utcnow,
)
from framework._db import serialized
from framework.runtime import Download
from generated.notifications.events import LIVE_STORED
from generated.notifications.models import LiveStored, Notification
from plugins.notifications.config import NotificationsConfig

__all__ = ["LIVE_EVENTS_CONSUMED", "LiveEventRow", "LiveFeed", "LiveItem"]

_OWN_PLUGIN = "notifications"

log = logging.getLogger("turnout.plugins.notifications.live")

LIVE_EVENTS_CONSUMED = (JOB_PROGRESS, JOB_FINISHED)
"""The events the live stream turns into items: every plugin's jobs, announced by the jobs kit."""

_BATCH = 200  # rows read at once while replaying
_INSERT_ROWS = 500  # rows per INSERT statement of a batch (within SQLite's 32,766 parameters)
_ANNOUNCED_USERS = 1000  # users per wake-up broadcast (the event's maxItems)


@dataclass(frozen=True, slots=True)
class LiveItem:
    """One item for one user's stream: ``kind`` is the SSE event name, ``data`` a JSON object."""

    user_id: uuid.UUID
    kind: str
    data: Mapping[str, Any]
    dedup_key: str | None = None


_ENDINGS = {"succeeded": "completed", "failed": "failed", "cancelled": "cancelled"}


class LiveEventRow(Table, tablename="live_events"):
    """One item pushed to one user's live stream."""

    id = BigSerial(primary_key=True)
    user_id = UUID(index=True)
    kind = Varchar(length=100)
    data = Text()  # a JSON object
    dedup_key = Varchar(length=200, null=True, default=None, unique=True)  # an event redelivered is stored once
    created_at = Timestamptz()


class LiveFeed:
    """Stores live items and serves each user's stream of them."""

    def __init__(self, config: NotificationsConfig, database: PluginDatabase, events: EventBus) -> None:
        self.config = config
        self.database = database
        self.events = events
        self._waiters: dict[uuid.UUID, set[asyncio.Event]] = {}
        self._cleaner: asyncio.Task[None] | None = None
        self._stopping = False

    async def start(self) -> None:
        """Hear other replicas' wake-ups, and start deleting expired items."""
        await self.events.broadcast(LIVE_STORED, self._stored, on_gap=self._missed)
        self._cleaner = asyncio.create_task(self._clean_periodically())

    async def stop(self) -> None:
        if self._cleaner is not None:
            self._cleaner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._cleaner
            self._cleaner = None
        self._stopping = True  # open streams end now, with their retry hint sent: clients reconnect elsewhere
        self._wake_all()

    async def publish_live(
        self, user_id: uuid.UUID, kind: str, data: Mapping[str, Any], *, dedup_key: str | None = None
    ) -> int:
        """Store an item for ``user_id``'s stream and wake the streams waiting for it; its id.

        ``kind`` is the SSE event name (``notification``, ``simulation.progress`` ...), ``data``
        a JSON-encodable mapping. With ``dedup_key``, storing the same key again stores nothing
        and answers the first item's id (events are delivered at least once).
        """
        row = LiveEventRow(
            user_id=user_id,
            kind=kind,
            data=msgspec.json.encode(data).decode(),
            dedup_key=dedup_key,
            created_at=utcnow(),
        )
        insert = (
            LiveEventRow.insert(row)
            .on_conflict(target=LiveEventRow.dedup_key, action="DO NOTHING")
            .returning(LiveEventRow.id)
        )
        if self.database.is_postgres:
            # Ids come from a sequence: one user's inserts in turn, so their commit order is their id order.
            async with serialized(self.database.engine, f"turnout-live:{user_id}"):
                stored = await insert.run()
        else:  # SQLite has one writer at a time: ids are in commit order already
            stored = await insert.run()
        if not stored:
            first = await LiveEventRow.select(LiveEventRow.id).where(LiveEventRow.dedup_key == dedup_key).first().run()
            return int(first["id"]) if first else 0
        item_id = int(stored[0]["id"])
        self._wake(user_id)
        await self._announce([user_id], item_id)
        return item_id

    async def publish_many(self, items: Sequence[LiveItem]) -> None:
        """Store ``items`` (a fan-out chunk) in one transaction and wake their users' streams.

        An item whose ``dedup_key`` is stored already is skipped, as in :meth:`publish_live`.
        """
        if not items:
            return
        now = utcnow()
        users = list(dict.fromkeys(item.user_id for item in items))
        table = LiveEventRow._meta.get_formatted_tablename()
        columns = "user_id, kind, data, dedup_key, created_at"
        # Each user's ids in commit order, as for one item: their locks, all taken before inserting.
        async with serialized(self.database.engine, *(f"turnout-live:{user}" for user in users)):
            for start in range(0, len(items), _INSERT_ROWS):
                chunk = items[start : start + _INSERT_ROWS]
                values = ", ".join("({}, {}, {}, {}, {})" for _ in chunk)
                arguments = [
                    value
                    for item in chunk
                    for value in (item.user_id, item.kind, msgspec.json.encode(item.data).decode(), item.dedup_key, now)
                ]
                sql = f"INSERT INTO {table} ({columns}) VALUES {values} ON CONFLICT (dedup_key) DO NOTHING"  # noqa: S608
                await LiveEventRow.raw(sql, *arguments).run()
        newest = await self._newest()
        for user in users:
            self._wake(user)
        for start in range(0, len(users), _ANNOUNCED_USERS):
            await self._announce(users[start : start + _ANNOUNCED_USERS], newest)

    async def notifications(self, batch: Sequence[Notification]) -> None:
        """The fan-out's listener: each stored in-app notification onto its user's stream.

        Keyed by the notification, so a fan-out chunk run again stores nothing twice.
        """
        await self.publish_many(
            [LiveItem(n.user_id, "notification", msgspec.to_builtins(n), f"notification:{n.id}") for n in batch]
        )

    async def _newest(self) -> int:
        row = await LiveEventRow.select(LiveEventRow.id).order_by(LiveEventRow.id, ascending=False).first().run()
        return int(row["id"]) if row else 1

    async def _announce(self, users: list[uuid.UUID], newest: int) -> None:
        try:
            await self.events.publish(LIVE_STORED, LiveStored(user_ids=users, id=max(newest, 1)))
        except Exception:  # the items are stored; other replicas' streams find them at their next poll
            log.warning("could not announce live items up to %s; other replicas will poll them", newest, exc_info=True)

    async def stream(
        self, ctx: CallContext, *, last_event_id: str | None, after: int | None, duration: int | None
    ) -> Download:
        """The caller's stream: the items after the given id (else from now), then new ones, for ``duration`` s."""
        user, _ = require_user(ctx)
        limit = self.config.live_stream_seconds
        seconds = limit if duration is None else min(duration, limit)
        # The contract allows only digits in the header (EventSource sends back the id it was given).
        given = [int(value) for value in (last_event_id, after) if value is not None]
        start = max(given) if given else await self._latest(user)
        return event_stream(self._frames(user, start, seconds), heartbeat=self.config.live_heartbeat_seconds)

    async def _frames(self, user: uuid.UUID, last: int, seconds: float) -> AsyncIterator[bytes]:
        waiter = asyncio.Event()
        self._waiters.setdefault(user, set()).add(waiter)  # before the first read: no store falls between
        loop = asyncio.get_running_loop()
        ends_at = loop.time() + seconds
        try:
            yield f"retry: {self.config.live_retry_ms}\n\n".encode()
            while True:
                waiter.clear()
                rows = await self._after(user, last)
                for row in rows:
                    last = int(row["id"])
                    yield f"id: {last}\nevent: {row['kind']}\ndata: {row['data']}\n\n".encode()
                if len(rows) == _BATCH:
                    continue
                remaining = ends_at - loop.time()
                if remaining <= 0 or self._stopping:
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter.wait(), min(remaining, self.config.live_poll_seconds))
        finally:
            waiters = self._waiters.get(user)
            if waiters is not None:
                waiters.discard(waiter)
                if not waiters:
                    del self._waiters[user]

    async def _after(self, user: uuid.UUID, last: int) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = (
            await LiveEventRow.select(LiveEventRow.id, LiveEventRow.kind, LiveEventRow.data)
            .where((LiveEventRow.user_id == user) & (LiveEventRow.id > last))
            .order_by(LiveEventRow.id)
            .limit(_BATCH)
            .run()
        )
        return rows

    async def _latest(self, user: uuid.UUID) -> int:
        row = (
            await LiveEventRow.select(LiveEventRow.id)
            .where(LiveEventRow.user_id == user)
            .order_by(LiveEventRow.id, ascending=False)
            .first()
            .run()
        )
        return int(row["id"]) if row else 0

    def _wake(self, user: uuid.UUID) -> None:
        for waiter in self._waiters.get(user, ()):
            waiter.set()

    def _wake_all(self) -> None:
        for waiters in self._waiters.values():
            for waiter in waiters:
                waiter.set()

    async def _stored(self, ctx: CallContext, stored: LiveStored) -> None:
        for user in stored.user_ids:
            self._wake(user)

    async def _missed(self) -> None:
        self._wake_all()  # wake-ups may have been lost while disconnected: every stream reads again

    async def job_progress(self, ctx: CallContext, event: JobProgress) -> None:
        """A job moved on: ``<kind>.progress`` on its owner's stream."""
        if event.plugin == _OWN_PLUGIN:
            return  # the stream shows what deliveries make (notifications), not the deliveries' own jobs
        data = {
            "plugin": event.plugin,
            "kind": event.kind,
            "job_id": event.job_id,
            "progress": event.progress,
            "occurred_at": event.occurred_at,
        }
        await self.publish_live(event.owner_id, f"{event.kind}.progress", data, dedup_key=f"job:{event.id}")

    async def job_finished(self, ctx: CallContext, event: JobFinished) -> None:
        """A job ended: ``<kind>.completed`` / ``.failed`` / ``.cancelled`` on its owner's stream."""
        if event.plugin == _OWN_PLUGIN:
            return
        data = {
            "plugin": event.plugin,
            "kind": event.kind,
            "job_id": event.job_id,
            "status": event.status,
            "error": event.error,
            "occurred_at": event.occurred_at,
        }
        ending = _ENDINGS[event.status]
        await self.publish_live(event.owner_id, f"{event.kind}.{ending}", data, dedup_key=f"job:{event.id}")

    async def delete_expired(self) -> int:
        """Delete items older than the retention, keeping the newest (so ids never start over); how many."""
        newest = await LiveEventRow.select(LiveEventRow.id).order_by(LiveEventRow.id, ascending=False).first().run()
        if newest is None:
            return 0
        cutoff = utcnow() - timedelta(seconds=self.config.live_retention_seconds)
        deleted = (
            await LiveEventRow.delete()
            .where((LiveEventRow.created_at < cutoff) & (LiveEventRow.id < newest["id"]))
            .returning(LiveEventRow.id)
            .run()
        )
        return len(deleted)

    async def _clean_periodically(self) -> None:
        interval = max(60.0, self.config.live_retention_seconds / 10)
        while True:
            try:
                deleted = await self.delete_expired()
                if deleted:
                    log.info("deleted %d expired live items", deleted)
            except Exception:  # the database may be down for a while; the next round tries again
                log.warning("deleting expired live items failed", exc_info=True)
            await asyncio.sleep(interval)
