"""The fair queue: which job starts next, where a user's waiting jobs stand, and admission past a limit.

Users are served in turn. Each queued job has a turn among its owner's queued jobs (1 for the
oldest); jobs start by turn, and within a turn the user served least recently (the latest
``started_at`` of any of their jobs; never served first) goes first, then the older job. So a
user's one small job waits for at most one job of every other user, never for all their work.
Claims and admissions run one at a time under a lock (an immediate transaction on SQLite, an
advisory transaction lock on PostgreSQL), so the per-user limits hold across workers and replicas.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from framework import TooManyRequests
from generated.simulation.models import JobStatus
from plugins.simulation.tables import JobRow

__all__ = ["admit", "claim_next", "queue_positions", "serialized"]

# Retry-After of a refused submission: about how long a short job takes to make room.
_RETRY_AFTER_SECONDS = 30

# Every queued job numbered in the order workers claim them (see the module docstring).
_RANKED = (
    "WITH queued AS ("
    "SELECT id, owner_id, created_at,"
    " ROW_NUMBER() OVER (PARTITION BY owner_id ORDER BY created_at, id) AS turn"
    " FROM {table} WHERE status = {{}}"
    "), served AS ("
    "SELECT owner_id, MAX(started_at) AS last_started FROM {table}"
    " WHERE started_at IS NOT NULL AND owner_id IN (SELECT owner_id FROM queued) GROUP BY owner_id"
    "), ordered AS ("
    "SELECT queued.id, queued.owner_id, ROW_NUMBER() OVER ("
    # `IS NOT NULL` first: never-served users lead their turn on both engines (NULLs sort differently).
    "ORDER BY queued.turn, served.last_started IS NOT NULL, served.last_started, queued.created_at, queued.id"
    ") AS position FROM queued LEFT JOIN served ON served.owner_id = queued.owner_id"
    ") "
)
# The SQL is fixed text and our own table name; every value is a bound parameter.
_MINE = _RANKED + "SELECT id, position FROM ordered WHERE owner_id = {{}} ORDER BY position LIMIT 100"  # noqa: S608
_NEXT = (
    _RANKED + "SELECT id FROM ordered WHERE owner_id NOT IN ("  # noqa: S608
    "SELECT owner_id FROM {table} WHERE status = {{}} AND lease_expires_at >= {{}}"
    " GROUP BY owner_id HAVING COUNT(*) >= {{}}"
    ") ORDER BY position LIMIT 1"
)


def _sql(template: str) -> str:
    return template.format(table=JobRow._meta.get_formatted_tablename())


def _uuid_arg(value: uuid.UUID) -> Any:
    return value if JobRow._meta.schema else str(value)  # SQLite keeps UUIDs as text


@contextlib.asynccontextmanager
async def serialized(key: str) -> AsyncIterator[None]:
    """A transaction in which nobody else holding ``key`` runs (SQLite: nobody else writes at all)."""
    engine = JobRow._meta.db
    if isinstance(engine, PostgresEngine):
        async with engine.transaction():
            await JobRow.raw("SELECT pg_advisory_xact_lock(hashtext({}))", f"turnout-simulation:{key}").run()
            yield
    else:
        assert isinstance(engine, SQLiteEngine)
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield


async def queue_positions(owner: uuid.UUID) -> list[tuple[uuid.UUID, int]]:
    """The owner's queued jobs (first 100) with their places in the fair order, 1 = next to start."""
    rows = await JobRow.raw(_sql(_MINE), JobStatus.queued.value, _uuid_arg(owner)).run()
    return [(uuid.UUID(str(row["id"])), int(row["position"])) for row in rows]


async def claim_next(instance: str, *, lease_seconds: float, max_running_per_user: int) -> dict[str, Any] | None:
    """Claim the next job for ``instance``: one whose lease lapsed, else the first queued one in fair order.

    A user already running ``max_running_per_user`` jobs is passed over until one ends. The whole
    choice and the update happen under one lock, so two workers never take the same job and never
    together push a user past the limit.
    """
    waiting = (JobRow.status == JobStatus.queued.value) | (
        (JobRow.status == JobStatus.running.value) & (JobRow.lease_expires_at < datetime.now(UTC))
    )
    if not await JobRow.exists().where(waiting).run():
        return None  # the common idle poll: no lock, no transaction
    async with serialized("claim"):
        now = datetime.now(UTC)
        lapsed = (JobRow.status == JobStatus.running.value) & (JobRow.lease_expires_at < now)
        # A job whose worker died was already that user's turn: it runs again first.
        found = await JobRow.select(JobRow.id).where(lapsed).order_by(JobRow.created_at, JobRow.id).first().run()
        claimable: Any = lapsed  # piccolo's And and Where share no public base type
        if found is None:
            chosen = await JobRow.raw(
                _sql(_NEXT), JobStatus.queued.value, JobStatus.running.value, now, max_running_per_user
            ).run()
            if not chosen:
                return None
            found = {"id": uuid.UUID(str(chosen[0]["id"]))}
            claimable = JobRow.status == JobStatus.queued.value
        claimed = (
            await JobRow.update(
                {
                    JobRow.status: JobStatus.running.value,
                    JobRow.lease_owner: instance,
                    JobRow.lease_expires_at: now + timedelta(seconds=lease_seconds),
                    JobRow.started_at: now,
                    JobRow.progress: 0.0,
                    JobRow.attempts: JobRow.attempts + 1,
                }
            )
            .where((JobRow.id == found["id"]) & claimable)
            .returning(*JobRow.all_columns())
            .run()
        )
    return dict(claimed[0]) if claimed else None


async def admit(owner: uuid.UUID, row: dict[str, Any], *, max_queued_per_user: int) -> bool:
    """Insert a new queued job unless its owner already has ``max_queued_per_user`` waiting (429).

    False when a job with the same id (a concurrent request with the same Idempotency-Key) exists.
    """
    async with serialized(f"admit:{owner}"):
        waiting = (
            await JobRow.count().where((JobRow.owner_id == owner) & (JobRow.status == JobStatus.queued.value)).run()
        )
        if waiting >= max_queued_per_user:
            raise TooManyRequests(
                f"you have {waiting} simulations waiting to start, the most one user may have queued "
                f"(max_queued_per_user = {max_queued_per_user}); submit more once one has started, or cancel one",
                retry_after=_RETRY_AFTER_SECONDS,
            )
        inserted = await JobRow.insert(JobRow(**row)).on_conflict(action="DO NOTHING").returning(JobRow.id).run()
    return bool(inserted)
