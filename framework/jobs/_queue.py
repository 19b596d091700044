"""The fair queue of a jobs table: which job starts next, where waiting jobs stand, and admission past a limit.

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
from datetime import timedelta
from typing import Any, cast

from piccolo.table import Table

from framework._db import serialized
from framework._errors import TooManyRequests
from framework._time import utcnow
from framework.jobs._columns import JobColumns
from framework.jobs._state import JobState

__all__ = ["FairQueue"]

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
# The SQL is fixed text and a table name of our own; every value is a bound parameter.
_MINE = _RANKED + "SELECT id, position FROM ordered WHERE owner_id = {{}} ORDER BY position LIMIT 100"  # noqa: S608
_NEXT = (
    _RANKED + "SELECT id FROM ordered WHERE owner_id NOT IN ("  # noqa: S608
    "SELECT owner_id FROM {table} WHERE status = {{}} AND lease_expires_at >= {{}}"
    " GROUP BY owner_id HAVING COUNT(*) >= {{}}"
    ") ORDER BY position LIMIT 1"
)


class FairQueue:
    """The queue of the jobs in ``table`` (a :class:`JobColumns` table); ``kind`` names its locks, ``noun`` one job."""

    def __init__(
        self, table: type[Table], kind: str, *, noun: str | None = None, retry_after_seconds: int = 30
    ) -> None:
        self.table = table
        self.noun = noun or f"{kind} job"
        self.columns = cast(type[JobColumns], table)  # the same class, seen through its job columns
        self.kind = kind
        self.retry_after_seconds = retry_after_seconds

    def _sql(self, template: str) -> str:
        return template.format(table=self.table._meta.get_formatted_tablename())

    def _uuid_arg(self, value: uuid.UUID) -> Any:
        return value if self.table._meta.schema else str(value)  # SQLite keeps UUIDs as text

    def serialized(self, key: str) -> contextlib.AbstractAsyncContextManager[None]:
        """A transaction in which nobody else holding ``key`` runs (SQLite: nobody else writes at all)."""
        return serialized(self.table._meta.db, f"turnout-{self.kind}:{key}")

    async def queue_positions(self, owner: uuid.UUID) -> list[tuple[uuid.UUID, int]]:
        """The owner's queued jobs (first 100) with their places in the fair order, 1 = next to start."""
        rows = await self.table.raw(self._sql(_MINE), JobState.queued.value, self._uuid_arg(owner)).run()
        return [(uuid.UUID(str(row["id"])), int(row["position"])) for row in rows]

    async def claim_next(
        self, instance: str, *, lease_seconds: float, max_running_per_user: int
    ) -> dict[str, Any] | None:
        """Claim the next job for ``instance``: one whose lease lapsed, else the first queued one in fair order.

        A user already running ``max_running_per_user`` jobs is passed over until one ends. The whole
        choice and the update happen under one lock, so two workers never take the same job and never
        together push a user past the limit.
        """
        table, job = self.table, self.columns
        waiting = (job.status == JobState.queued.value) | (
            (job.status == JobState.running.value) & (job.lease_expires_at < utcnow())
        )
        if not await table.exists().where(waiting).run():
            return None  # the common idle poll: no lock, no transaction
        async with self.serialized("claim"):
            now = utcnow()
            lapsed = (job.status == JobState.running.value) & (job.lease_expires_at < now)
            # A job whose worker died was already that user's turn: it runs again first.
            found = await table.select(job.id).where(lapsed).order_by(job.created_at, job.id).first().run()
            claimable: Any = lapsed  # piccolo's And and Where share no public base type
            if found is None:
                chosen = await table.raw(
                    self._sql(_NEXT), JobState.queued.value, JobState.running.value, now, max_running_per_user
                ).run()
                if not chosen:
                    return None
                found = {"id": uuid.UUID(str(chosen[0]["id"]))}
                claimable = job.status == JobState.queued.value
            claimed = (
                await table.update(
                    {
                        job.status: JobState.running.value,
                        job.lease_owner: instance,
                        job.lease_expires_at: now + timedelta(seconds=lease_seconds),
                        job.started_at: now,
                        job.progress: 0.0,
                        job.attempts: job.attempts + 1,
                    }
                )
                .where((job.id == found["id"]) & claimable)
                .returning(*table.all_columns())
                .run()
            )
        return dict(claimed[0]) if claimed else None

    async def admit(self, owner: uuid.UUID, row: dict[str, Any], *, max_queued_per_user: int) -> bool:
        """Insert a new queued job unless its owner already has ``max_queued_per_user`` waiting (429).

        False when a job with the same id (a concurrent request with the same Idempotency-Key) exists.
        """
        table, job = self.table, self.columns
        async with self.serialized(f"admit:{owner}"):
            waiting = await table.count().where((job.owner_id == owner) & (job.status == JobState.queued.value)).run()
            if waiting >= max_queued_per_user:
                raise TooManyRequests(
                    f"you have {waiting} {self.noun}s waiting to start, the most one user may have queued "
                    f"(max_queued_per_user = {max_queued_per_user}); submit more once one has started, or cancel one",
                    retry_after=self.retry_after_seconds,
                )
            inserted = await table.insert(table(**row)).on_conflict(action="DO NOTHING").returning(job.id).run()
        return bool(inserted)
