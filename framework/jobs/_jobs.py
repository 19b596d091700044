"""Jobs: what a plugin's service uses for one job kind (submit, read, list, cancel, queue) and starts and stops."""

from __future__ import annotations

import builtins
import hashlib
import uuid
from typing import Any, Generic, NamedTuple, TypeVar, cast

import msgspec

from framework._context import CallContext
from framework._errors import Conflict, NotFound
from framework._pagination import keyset_page
from framework._time import utcnow
from framework.jobs._columns import JobColumns
from framework.jobs._kind import JobEvents, JobKind, JobLimits
from framework.jobs._queue import FairQueue
from framework.jobs._runner import JobRunner
from framework.jobs._state import FINISHED, JobRecord, JobState

__all__ = ["JobList", "Jobs", "request_hash"]

In = TypeVar("In")
Out = TypeVar("Out")

# A job submitted with an Idempotency-Key gets an id derived from its owner and key: a repeat finds it.
_IDEMPOTENT_IDS = uuid.UUID("0b7f6a52-3d1e-4c8a-9f0e-5a6b7c8d9e10")


class JobList(NamedTuple):
    """One page of an owner's jobs, newest first, and the cursor of the next page (None on the last)."""

    items: list[JobRecord]
    next_cursor: str | None


def request_hash(request: Any) -> str:
    """What tells a repeated request from a different one under the same Idempotency-Key."""
    return hashlib.sha256(msgspec.json.encode(request)).hexdigest()


class Jobs(Generic[In, Out]):
    """The jobs of one kind in its plugin's database, and this process's workers for them.

    Start with :meth:`start` from the plugin's startup hook and :meth:`stop` from its shutdown hook.
    """

    def __init__(self, kind: JobKind[In, Out], limits: JobLimits, events: JobEvents | None = None) -> None:
        self.kind = kind
        self.limits = limits
        self.events = events
        self.queue = FairQueue(kind.table, kind.name, noun=kind.noun, retry_after_seconds=limits.retry_after_seconds)
        self.runner = JobRunner(kind, limits, self.queue, events)
        self._job = cast(type[JobColumns], kind.table)
        self._results = msgspec.json.Decoder(kind.result)

    def start(self) -> None:
        """Start this process's workers (on the running event loop)."""
        self.runner.start()

    async def stop(self) -> None:
        """Stop the workers; jobs running here go back to the queue."""
        await self.runner.stop()

    def wake(self) -> None:
        """Have an idle worker here look for a job now."""
        self.runner.wake()

    def job_id(self, owner: uuid.UUID, idempotency_key: str | None) -> uuid.UUID:
        """The id a submission gets: derived from owner and key when there is a key, else fresh."""
        return uuid.uuid5(_IDEMPOTENT_IDS, f"{owner}:{idempotency_key}") if idempotency_key else uuid.uuid4()

    async def _row(self, job_id: uuid.UUID) -> dict[str, Any] | None:
        row: dict[str, Any] | None = await self.kind.table.select().where(self._job.id == job_id).first().run()
        return row

    def _repeat(self, existing: dict[str, Any], fingerprint: str) -> JobRecord:
        if existing["request_hash"] != fingerprint:
            raise Conflict("this Idempotency-Key was used for a different request; use a new key for a new job")
        return JobRecord.from_row(existing)

    async def repeated(self, owner: uuid.UUID, idempotency_key: str | None, request: Any) -> JobRecord | None:
        """The job an earlier ``request`` with this key made, if any; a different request under the key is a 409.

        Lets a service answer a repeat before preparing inputs again (reading files, say).
        """
        if not idempotency_key:
            return None
        existing = await self._row(self.job_id(owner, idempotency_key))
        return None if existing is None else self._repeat(existing, request_hash(request))

    async def submit(
        self, owner: uuid.UUID, inputs: In, *, idempotency_key: str | None = None, request: Any = None
    ) -> JobRecord:
        """Queue a job running ``inputs`` for ``owner``; idempotent per (owner, key).

        The same key with the same ``request`` (default: the inputs) answers the job it made; with a
        different request, 409. An owner with ``max_queued_per_user`` jobs waiting gets 429 with Retry-After.
        """
        fingerprint = request_hash(inputs if request is None else request)
        job_id = self.job_id(owner, idempotency_key)
        if idempotency_key:
            existing = await self._row(job_id)
            if existing is not None:
                return self._repeat(existing, fingerprint)
        row: dict[str, Any] = {
            "id": job_id,
            "owner_id": owner,
            "status": JobState.queued.value,
            "progress": 0.0,
            "inputs": msgspec.json.encode(inputs).decode(),
            "request_hash": fingerprint,
            "idempotency_key": idempotency_key,
            "cancel_requested": False,
            "attempts": 0,
            "created_at": utcnow(),
            **(self.kind.columns(inputs) if self.kind.columns is not None else {}),
        }
        if not await self.queue.admit(owner, row, max_queued_per_user=self.limits.max_queued_per_user):
            existing = await self._row(job_id)  # a concurrent request with the same key won the race
            assert existing is not None
            return self._repeat(existing, fingerprint)
        self.wake()
        # The row as inserted, every column the table's default where the submission set none.
        return JobRecord.from_row(self.kind.table(**row).to_dict())

    async def get(self, job_id: uuid.UUID) -> JobRecord | None:
        """The job, or None."""
        row = await self._row(job_id)
        return None if row is None else JobRecord.from_row(row)

    def result(self, record: JobRecord) -> Out | None:
        """The result of a job that succeeded, decoded; None for any other."""
        if record.state is not JobState.succeeded or record.result is None:
            return None
        return self._results.decode(record.result)

    async def list(
        self, owner: uuid.UUID, *, limit: int = 50, cursor: str | None = None, state: JobState | None = None
    ) -> JobList:
        """A page of the owner's jobs, newest first (keyset pagination: a bad cursor is a 400)."""
        job = self._job
        query = self.kind.table.select().where(job.owner_id == owner)
        if state is not None:
            query = query.where(job.status == state.value)
        rows, next_cursor = await keyset_page(query, job.created_at, job.id, limit=limit, cursor=cursor)
        return JobList([JobRecord.from_row(row) for row in rows], next_cursor)

    async def counts(self) -> tuple[int, int]:
        """How many jobs of this kind are queued and running, across every process."""
        job, table = self._job, self.kind.table
        queued: int = await table.count().where(job.status == JobState.queued.value).run()
        running: int = await table.count().where(job.status == JobState.running.value).run()
        return queued, running

    async def queue_positions(self, owner: uuid.UUID) -> builtins.list[tuple[uuid.UUID, int]]:
        """The owner's queued jobs (first 100) with their places in the fair order, 1 = next to start."""
        return await self.queue.queue_positions(owner)

    async def cancel(self, job_id: uuid.UUID, ctx: CallContext) -> JobRecord:
        """Cancel a job: a queued one at once (and say so), a running one at its worker's next heartbeat.

        404 when there is no such job; 409 when it already ended. ``ctx`` is the caller's, for the event.
        """
        job, table = self._job, self.kind.table
        current = await self.get(job_id)
        if current is None:
            raise NotFound(f"no such {self.kind.called}")
        if current.state in FINISHED:
            ended = "succeeded" if current.state is JobState.succeeded else "ended"
            raise Conflict(f"the {self.kind.called} already {ended}")
        cancelled = (
            await table.update({job.status: JobState.cancelled.value, job.finished_at: utcnow()})
            .where((job.id == job_id) & (job.status == JobState.queued.value))
            .returning(*table.all_columns())
            .run()
        )
        if cancelled:
            if self.events is not None:
                await self.events.finished(job_id, current.owner_id, JobState.cancelled, None, ctx)
            return JobRecord.from_row(cancelled[0])
        # Running (or claimed meanwhile): its worker sees the request at its next heartbeat and stops.
        requested = (
            await table.update({job.cancel_requested: True})
            .where((job.id == job_id) & (job.status == JobState.running.value))
            .returning(*table.all_columns())
            .run()
        )
        if requested:
            return JobRecord.from_row(requested[0])
        latest = await self.get(job_id)  # it finished in between: as it stands now
        assert latest is not None
        return latest
