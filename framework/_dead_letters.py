"""Dead letters: events whose every try failed, kept in the subscribing plugin's own database.

The table ``turnout_dead_letters`` is the framework's, like ``turnout_migrations``: made by a
framework migration in every plugin database, on SQLite and PostgreSQL alike. An operator lists
records and marks them for replay; the process hosting the subscriber claims a marked record
(one statement, so one replica runs it) and deletes it once its handler succeeded.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import msgspec

from framework._db import Migration, PluginDatabase
from framework._delivery import DeadEvent, FailedDelivery

__all__ = [
    "DeadLetter",
    "DeadLetterStore",
    "dead_letters",
    "framework_migrations",
    "request_replay",
]

TABLE = "turnout_dead_letters"


class DeadLetter(msgspec.Struct, kw_only=True, frozen=True):
    """One event a subscriber could not handle, as an operator lists it."""

    id: str
    event: str
    event_id: str
    plugin: str  # the subscriber
    payload: str  # the event's JSON, as published
    correlation_id: str
    attempts: int
    last_error: str
    first_failed_at: datetime
    last_failed_at: datetime
    replay_requested: bool


def _table(database: PluginDatabase) -> str:
    return database.qualified(TABLE)


def framework_migrations(database: PluginDatabase) -> list[Migration]:
    """The framework's own steps in a plugin database, applied with (before) the plugin's."""
    table = _table(database)

    async def create(database: PluginDatabase) -> None:
        await database.engine.run_ddl(
            f"CREATE TABLE IF NOT EXISTS {table} ("
            "id TEXT PRIMARY KEY, event TEXT NOT NULL, event_id TEXT NOT NULL, plugin TEXT NOT NULL,"
            " payload TEXT NOT NULL, correlation_id TEXT NOT NULL, attempts INTEGER NOT NULL,"
            " last_error TEXT NOT NULL, first_failed_at DOUBLE PRECISION NOT NULL,"
            " last_failed_at DOUBLE PRECISION NOT NULL, replay_requested INTEGER NOT NULL DEFAULT 0,"
            " claimed_by TEXT, claimed_until DOUBLE PRECISION, UNIQUE (event, event_id))"
        )

    return [Migration("turnout.dead_letters.0001", create)]


def _letter(row: dict[str, Any]) -> DeadLetter:
    return DeadLetter(
        id=row["id"],
        event=row["event"],
        event_id=row["event_id"],
        plugin=row["plugin"],
        payload=row["payload"],
        correlation_id=row["correlation_id"],
        attempts=int(row["attempts"]),
        last_error=row["last_error"],
        first_failed_at=datetime.fromtimestamp(float(row["first_failed_at"]), UTC),
        last_failed_at=datetime.fromtimestamp(float(row["last_failed_at"]), UTC),
        replay_requested=bool(row["replay_requested"]),
    )


async def dead_letters(database: PluginDatabase) -> list[DeadLetter]:
    """Every dead letter of the plugin ``database`` belongs to, oldest failure first."""
    await database.apply(framework_migrations(database))  # a database no process has started yet
    table = _table(database)
    rows = await database.query(f"SELECT * FROM {table} ORDER BY last_failed_at, id")  # noqa: S608
    return [_letter(row) for row in rows]


async def request_replay(database: PluginDatabase, letter_id: str | None = None) -> int:
    """Mark one dead letter (``letter_id``) or all of them for replay; how many were marked."""
    await database.apply(framework_migrations(database))
    table = _table(database)
    args: tuple[str, ...]
    if letter_id is None:
        sql, args = f"UPDATE {table} SET replay_requested = 1 RETURNING id", ()  # noqa: S608
    else:
        sql, args = f"UPDATE {table} SET replay_requested = 1 WHERE id = {{}} RETURNING id", (letter_id,)  # noqa: S608
    return len(await database.query(sql, *args))


class DeadLetterStore:
    """The dead letters of one plugin database: written by the buses, claimed by the replayer."""

    def __init__(self, database: PluginDatabase) -> None:
        self.database = database
        self._table = _table(database)

    async def record(self, dead: DeadEvent) -> None:
        """Keep ``dead``; the same event dead again (redelivered, replayed) updates its one record."""
        failure = dead.failure
        await self.database.query(
            f"INSERT INTO {self._table} (id, event, event_id, plugin, payload, correlation_id, attempts,"  # noqa: S608
            " last_error, first_failed_at, last_failed_at, replay_requested)"
            " VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, 0)"
            " ON CONFLICT (event, event_id) DO UPDATE SET attempts = excluded.attempts,"
            " last_error = excluded.last_error, last_failed_at = excluded.last_failed_at,"
            " replay_requested = 0, claimed_by = NULL, claimed_until = NULL",
            uuid.uuid4().hex,
            dead.event,
            dead.event_id,
            dead.plugin,
            dead.payload.decode("utf-8", errors="replace"),
            dead.correlation_id,
            failure.attempts,
            failure.last_error,
            failure.first_failed_at,
            failure.last_failed_at,
        )

    async def claim(self, owner: str, now: float, lease_seconds: float) -> DeadLetter | None:
        """Take one record marked for replay that nobody holds (or whose holder's lease ran out)."""
        free = "replay_requested = 1 AND (claimed_until IS NULL OR claimed_until < {})"
        rows = await self.database.query(
            f"UPDATE {self._table} SET claimed_by = {{}}, claimed_until = {{}}"  # noqa: S608
            f" WHERE id = (SELECT id FROM {self._table} WHERE {free} ORDER BY last_failed_at LIMIT 1)"
            f" AND {free} RETURNING *",
            owner,
            now + lease_seconds,
            now,
            now,
        )
        return _letter(rows[0]) if rows else None

    async def done(self, letter_id: str, owner: str) -> None:
        """The replay succeeded: the record goes."""
        await self.database.query(
            f"DELETE FROM {self._table} WHERE id = {{}} AND claimed_by = {{}}",  # noqa: S608
            letter_id,
            owner,
        )

    async def failed_again(self, letter: DeadLetter, owner: str, failure: FailedDelivery) -> None:
        """The replay's tries failed too: the record stays, unmarked, with the new count and error."""
        await self.database.query(
            f"UPDATE {self._table} SET attempts = {{}}, last_error = {{}}, last_failed_at = {{}},"  # noqa: S608
            " replay_requested = 0, claimed_by = NULL, claimed_until = NULL WHERE id = {} AND claimed_by = {}",
            letter.attempts + failure.attempts,
            failure.last_error,
            failure.last_failed_at,
            letter.id,
            owner,
        )
