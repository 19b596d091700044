"""The audit log: events of every plugin appended once each, hash-chained, listed newest first."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import msgspec

from framework import (
    BadRequest,
    CallContext,
    Event,
    PluginContext,
    PluginDatabase,
    decode_cursor,
    encode_cursor,
    utc,
)
from framework._db import serialized
from generated.admin.models import AuditEntry, AuditEntryPage, PageInfo
from plugins.admin.audit_chain import GENESIS, ChainBreak, ChainedEntry, canonical_time, entry_hash, first_break
from plugins.admin.audit_events import AUDITED, Audited, Described, dedup_key
from plugins.admin.tables import AuditEntryRow, AuditHeadRow

__all__ = ["AuditLog"]

log = logging.getLogger("turnout.plugins.admin.audit")

_HEAD = "chain"
_LOCK = "turnout-admin-audit"  # every append of every replica takes it: one chain, never forked
_VERIFY_BATCH = 1_000


def _entry(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        seq=int(row["seq"]),
        at=utc(row["at"]),
        actor=row["actor"],
        action=row["action"],
        target=row["target"],
        details=msgspec.json.decode(row["details"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def _in_utc(moment: datetime, name: str) -> datetime:
    """``moment`` in UTC, as the entries are stored (compared as text on SQLite); 400 past the calendar's ends."""
    try:
        return utc(moment).astimezone(UTC)
    except OverflowError:
        raise BadRequest(f"{name} is out of range") from None


class AuditLog:
    """Appends, lists and verifies the chain in the admin plugin's database."""

    def __init__(self, database: PluginDatabase) -> None:
        self.database = database

    def subscribe(self, ctx: PluginContext[Any]) -> None:
        """Record every audited event the plugin consumes."""
        for audited in AUDITED:
            ctx.subscribe(audited.event, self._handler(audited))

    def _handler(self, audited: Audited) -> Any:
        async def record(ctx: CallContext, payload: msgspec.Struct) -> None:
            await self.append(audited.describe(payload), dedup_key(audited.event, payload))

        return record

    async def record(self, event: Event[Any], payload: msgspec.Struct) -> int | None:
        """Append the entry ``event`` makes (for callers outside the bus, e.g. tests); its seq."""
        audited = next(a for a in AUDITED if a.event.name == event.name)
        return await self.append(audited.describe(payload), dedup_key(event, payload))

    async def append(self, described: Described, key: str) -> int | None:
        """Append one entry after the chain's head; None when ``key`` was recorded already.

        Plain statements on this plugin's database, inside its serialized transaction.
        """
        entries, head_table = self.database.table_name(AuditEntryRow), self.database.table_name(AuditHeadRow)
        query = self.database.query
        async with serialized(self.database.engine, _LOCK):
            if await query(f"SELECT 1 FROM {entries} WHERE dedup_key = {{}}", key):  # noqa: S608 - our own table
                return None  # a redelivery: recorded once
            head = await query(f"SELECT seq, hash FROM {head_table} WHERE name = {{}}", _HEAD)  # noqa: S608
            seq, prev_hash = (int(head[0]["seq"]) + 1, str(head[0]["hash"])) if head else (1, GENESIS)
            entry = ChainedEntry(
                seq=seq,
                at=canonical_time(described.at),
                actor=described.actor,
                action=described.action,
                target=described.target[:254],
                details=described.details,
                prev_hash=prev_hash,
            )
            digest = entry_hash(entry)
            await query(
                f"INSERT INTO {entries} (seq, at, actor, action, target, details, prev_hash, hash, dedup_key)"  # noqa: S608
                " VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {})",
                seq,
                utc(described.at),
                uuid.UUID(described.actor) if described.actor else None,
                entry.action,
                entry.target,
                msgspec.json.encode(entry.details, order="sorted").decode(),
                prev_hash,
                digest,
                key,
            )
            if head:
                await query(f"UPDATE {head_table} SET seq = {{}}, hash = {{}} WHERE name = {{}}", seq, digest, _HEAD)  # noqa: S608
            else:
                await query(f"INSERT INTO {head_table} (name, seq, hash) VALUES ({{}}, {{}}, {{}})", _HEAD, seq, digest)  # noqa: S608
        return seq

    async def page(
        self,
        *,
        actor: uuid.UUID | None,
        action: str | None,
        since: datetime | None,
        until: datetime | None,
        limit: int,
        cursor: str | None,
    ) -> AuditEntryPage:
        """Entries newest first (by seq), filtered; the cursor carries the last seq shown."""
        query = AuditEntryRow.select()
        if actor is not None:
            query = query.where(AuditEntryRow.actor == actor)
        if action is not None:
            query = query.where(AuditEntryRow.action == action)
        if since is not None:
            query = query.where(AuditEntryRow.at >= _in_utc(since, "since"))
        if until is not None:
            query = query.where(AuditEntryRow.at < _in_utc(until, "until"))
        if cursor is not None:
            (after,) = decode_cursor(cursor, 1)
            if not after.isdigit() or len(after) > 18:
                raise BadRequest("the cursor is not one this service issued")
            query = query.where(AuditEntryRow.seq < int(after))
        rows = await query.order_by(AuditEntryRow.seq, ascending=False).limit(limit + 1).run()
        next_cursor = encode_cursor(str(rows[limit - 1]["seq"])) if len(rows) > limit else None
        return AuditEntryPage(
            items=[_entry(r) for r in rows[:limit]], page=PageInfo(limit=limit, next_cursor=next_cursor)
        )

    async def _rows(self) -> AsyncIterator[dict[str, Any]]:
        after = 0
        while True:
            batch = (
                await AuditEntryRow.select()
                .where(AuditEntryRow.seq > after)
                .order_by(AuditEntryRow.seq)
                .limit(_VERIFY_BATCH)
                .run()
            )
            for row in batch:
                yield row
            if len(batch) < _VERIFY_BATCH:
                return
            after = int(batch[-1]["seq"])

    async def verify(self) -> tuple[int, ChainBreak | None]:
        """Check the whole chain: the number of entries, and the first break (None when intact)."""
        rows = [row async for row in self._rows()]
        head = await AuditHeadRow.select().where(AuditHeadRow.name == _HEAD).first().run()
        return first_break(rows, (int(head["seq"]), head["hash"]) if head else None)
