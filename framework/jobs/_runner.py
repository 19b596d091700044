"""The job runner: claims queued jobs from the table, runs their handler, records the outcome.

The row is the truth. A worker claims the next job in fair order under a lock (_queue.py: two
processes never run the same job, and no user runs more than their share), holds a lease it
renews while running, and writes progress as it goes. While the database is unreachable the
workers back off and a running job keeps going; it records its end once the database is back
(_outage.py keeps that to one log line each way). A job whose lease lapsed belongs to a process
that died: it is claimed again and re-run from its stored inputs. Stopping the process puts its
running jobs back in the queue. Wake-ups are local; other processes find new jobs by polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import msgspec

from framework._context import CallContext
from framework._time import utcnow
from framework._tracing import traced_job
from framework.jobs._columns import JobColumns
from framework.jobs._kind import JobCancelled, JobEvents, JobKind, JobLimits, RunningJob
from framework.jobs._outage import FailureStreak, database_unreachable
from framework.jobs._queue import FairQueue
from framework.jobs._state import JobState

if TYPE_CHECKING:
    from framework._metrics import JobRunMetrics

__all__ = ["JobRunner"]

In = TypeVar("In")
Out = TypeVar("Out")
_T = TypeVar("_T")
# Longest pause between tries while the database is unreachable: how late a worker notices it is back.
_MAX_BACKOFF_SECONDS = 10.0
# How long stop() waits for running handlers to wind down before it abandons them to their leases.
_STOP_WAIT_SECONDS = 30.0


class JobRunner(Generic[In, Out]):
    """``limits.workers`` loops in this process, each running one job of ``kind`` at a time."""

    def __init__(self, kind: JobKind[In, Out], limits: JobLimits, queue: FairQueue, events: JobEvents | None) -> None:
        self.kind = kind
        self.limits = limits
        self.queue = queue
        self.events = events
        self.log = logging.getLogger(kind.logger_name or f"turnout.jobs.{kind.name}")
        self.instance = uuid.uuid4().hex
        self._job = cast(type[JobColumns], kind.table)  # the table, seen through its job columns
        self._decoder = msgspec.json.Decoder(kind.inputs)
        self._wake = asyncio.Event()
        self._stopping = False
        self._loops: list[asyncio.Task[None]] = []
        self._running: set[RunningJob[In]] = set()
        self.metrics: JobRunMetrics | None = None  # set where metrics are on: each run's duration by outcome
        # Shared by this process's worker loops: one outage is one warning, not one per worker.
        self.claim_failures = FailureStreak(
            f"claiming a {kind.name} job", self.log, base_seconds=limits.poll_seconds, max_seconds=_MAX_BACKOFF_SECONDS
        )

    def start(self) -> None:
        """Start the worker loops on the running event loop."""
        loop = asyncio.get_running_loop()
        self._stopping = False
        self._loops = [
            loop.create_task(self._loop(), name=f"{self.kind.name}-worker-{i}") for i in range(self.limits.workers)
        ]

    def wake(self) -> None:
        """Look for a job now rather than at the next poll (a job was submitted here)."""
        self._wake.set()

    async def stop(self) -> None:
        """Stop claiming; running jobs stop and go back to the queue."""
        self._stopping = True
        for job in self._running:
            job._stop.set()
        self._wake.set()
        if self._loops:
            await asyncio.wait(self._loops, timeout=_STOP_WAIT_SECONDS)
        for task in self._loops:
            task.cancel()
        self._loops = []

    async def _pause(self, seconds: float) -> None:
        """Wait ``seconds``, or less when a job is submitted here or the runner stops."""
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    async def _loop(self) -> None:
        streak = self.claim_failures
        while not self._stopping:
            try:
                row = await self.queue.claim_next(
                    self.instance,
                    lease_seconds=self.limits.lease_seconds,
                    max_running_per_user=self.limits.max_running_per_user,
                )
            except Exception as error:  # the database may be down or restarting: one log line, then back off
                await self._pause(streak.failed(error))
                continue
            streak.succeeded()
            if row is None:
                await self._pause(self.limits.poll_seconds)
                continue
            if row["attempts"] > 1:
                self.log.info("%s job %s: re-running (attempt %d)", self.kind.name, row["id"], row["attempts"])
            try:
                await traced_job(self._run(row), self.kind.name, str(row["id"]))
            except Exception:
                self.log.exception("%s job %s could not be recorded", self.kind.name, row["id"])

    async def _retrying(self, what: str, action: Callable[[], Awaitable[_T]]) -> _T | None:
        """``action()``, tried again with backoff while the database is unreachable; None if the runner stops first.

        Giving up is safe: the job keeps its lapsing lease, so it is run again, never lost.
        """
        streak = FailureStreak(what, self.log, base_seconds=self.limits.poll_seconds, max_seconds=_MAX_BACKOFF_SECONDS)
        while True:
            try:
                result = await action()
            except Exception as error:
                if not database_unreachable(error):
                    raise
                if self._stopping:
                    self.log.warning("%s: given up on shutdown (the database is unreachable); it runs again", what)
                    return None
                await self._pause(streak.failed(error))
                continue
            streak.succeeded()
            return result

    def _handler(self, job: RunningJob[In]) -> asyncio.Task[Out]:
        loop = asyncio.get_running_loop()
        if self.kind.run_in_thread is not None:
            return loop.create_task(asyncio.to_thread(self.kind.run_in_thread, job))
        assert self.kind.run is not None  # JobKind checks that one of the two is given
        return loop.create_task(self._awaited(self.kind.run(job)))

    @staticmethod
    async def _awaited(work: Awaitable[Out]) -> Out:
        return await work

    async def _run(self, row: dict[str, Any]) -> None:
        job_id = uuid.UUID(str(row["id"]))
        owner = uuid.UUID(str(row["owner_id"]))
        try:
            inputs = self._decoder.decode(row["inputs"])
        except msgspec.DecodeError as error:
            await self._finish(job_id, owner, JobState.failed, error=f"the stored inputs are unreadable: {error}")
            return
        job = RunningJob(id=job_id, owner_id=owner, inputs=inputs, attempt=int(row["attempts"]))
        self._running.add(job)
        if self._stopping:
            job._stop.set()  # stop() began between the claim and here: it requeues at once
        reason = "cancelled"
        worker = self._handler(job)
        heartbeat = min(1.0, self.limits.lease_seconds / 3)
        heartbeat_failures = FailureStreak(
            f"renewing the lease of {self.kind.name} job {job_id}",
            self.log,
            base_seconds=heartbeat,
            max_seconds=heartbeat,
        )
        try:
            last_event = started = time.monotonic()
            await self._progress(job_id, owner, 0.0)  # the job started: subscribers hear it at once
            while not worker.done():
                await asyncio.wait({worker}, timeout=heartbeat)
                if self._stopping:
                    reason = "shutdown"
                    self._halt(job, worker)
                try:
                    renewed = await self._renew(job_id, job._progress)
                except Exception as error:
                    # Keep going through a database outage: the next renewal that works says whether
                    # the job is still ours (another worker takes it over only once the lease lapsed).
                    if not database_unreachable(error):
                        raise
                    heartbeat_failures.failed(error)
                    continue
                heartbeat_failures.succeeded()
                if not renewed:  # another process took it over (our lease lapsed): its run counts
                    reason = "lost"
                    self._halt(job, worker)
                elif renewed[0]["cancel_requested"]:
                    self._halt(job, worker)
                if time.monotonic() - last_event >= self.limits.progress_event_seconds and not worker.done():
                    last_event = time.monotonic()
                    await self._progress(job_id, owner, job._progress)
            outcome = await self._outcome(job, worker, reason)
            if self.metrics is not None:
                self.metrics.observe(outcome, time.monotonic() - started)
        finally:
            self._running.discard(job)
            if not worker.done():
                self._halt(job, worker)
                with contextlib.suppress(BaseException):
                    await worker

    def _halt(self, job: RunningJob[In], worker: asyncio.Task[Out]) -> None:
        """Ask the handler to stop: a thread sees the flag between chunks; a coroutine is cancelled."""
        job._stop.set()
        if self.kind.run is not None:  # never cancel a thread's task: the thread would run on unawaited
            worker.cancel()

    async def _outcome(self, job: RunningJob[In], worker: asyncio.Task[Out], reason: str) -> str:
        """Record how the handler ended: stopped (requeued, cancelled or lost), failed or succeeded; say which."""
        stopped = worker.cancelled()
        error: BaseException | None = None if stopped else worker.exception()
        if stopped or isinstance(error, JobCancelled) or (error is not None and job.cancelled()):
            if reason == "shutdown":
                await self._requeue(job.id)
                return "requeued"
            if reason == "cancelled":
                await self._finish(job.id, job.owner_id, JobState.cancelled)
            return reason
        if error is not None:  # a bug or a resource limit: the job fails, the worker goes on
            self.log.error("%s job %s failed", self.kind.name, job.id, exc_info=error)
            await self._finish(job.id, job.owner_id, JobState.failed, error=f"the {self.kind.called} failed: {error}")
            return JobState.failed.value
        await self._finish(job.id, job.owner_id, JobState.succeeded, result=worker.result())
        return JobState.succeeded.value

    async def _renew(self, job_id: uuid.UUID, progress: float) -> list[dict[str, Any]]:
        """Extend the lease and store progress, if the job is still ours; returns its cancel flag if so."""
        job = self._job
        renewed: list[dict[str, Any]] = (
            await self.kind.table.update(
                {
                    job.progress: progress,
                    job.lease_expires_at: utcnow() + timedelta(seconds=self.limits.lease_seconds),
                }
            )
            .where((job.id == job_id) & (job.lease_owner == self.instance))
            .returning(job.cancel_requested)
            .run()
        )
        return renewed

    async def _progress(self, job_id: uuid.UUID, owner: uuid.UUID, progress: float) -> None:
        if self.events is not None:
            await self.events.progress(job_id, owner, progress, CallContext.system())

    async def _requeue(self, job_id: uuid.UUID) -> None:
        job = self._job
        requeue = self.kind.table.update(
            {job.status: JobState.queued.value, job.lease_owner: None, job.lease_expires_at: None}
        ).where((job.id == job_id) & (job.lease_owner == self.instance))
        try:
            await requeue.run()
        except Exception as error:
            if not database_unreachable(error):
                raise
            # Shutting down, so no waiting for the database: the lease lapses and the job runs again.
            self.log.warning(
                "%s job %s: left to its lapsing lease (the database is unreachable)", self.kind.name, job_id
            )
            return
        self.log.info("%s job %s: back in the queue (shutting down)", self.kind.name, job_id)

    async def _finish(
        self,
        job_id: uuid.UUID,
        owner: uuid.UUID,
        state: JobState,
        *,
        result: Out | None = None,
        error: str | None = None,
    ) -> None:
        job = self._job
        changes: dict[Any, Any] = {
            job.status: state.value,
            job.finished_at: utcnow(),
            job.lease_owner: None,
            job.lease_expires_at: None,
            job.error: error,
        }
        if state is JobState.succeeded:
            changes[job.result] = msgspec.json.encode(result).decode()
            changes[job.progress] = 1.0
            if self.kind.result_columns is not None and result is not None:
                for name, value in self.kind.result_columns(result).items():
                    changes[self.kind.table._meta.get_column_by_name(name)] = value
        finish = (
            self.kind.table.update(changes)
            .where((job.id == job_id) & (job.lease_owner == self.instance))
            .returning(job.id)
        )
        what = f"recording {self.kind.name} job {job_id} as {state.value}"
        done = await self._retrying(what, finish.run)
        if not done:
            return  # no longer ours: whoever holds it records the outcome
        self.log.info("%s job %s: %s", self.kind.name, job_id, state.value)
        if self.events is not None:
            await self.events.finished(job_id, owner, state, error, CallContext.system())
