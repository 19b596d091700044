"""The job runner: claims queued jobs from the table, runs them in a thread, records the outcome.

The row is the truth. A worker claims the next job in fair order under a lock (fair_queue.py:
two processes never run the same job, and no user runs more than their share), holds a lease it
renews while running, and writes progress as it goes. While the database is unreachable the
workers back off and a running job keeps computing; it records its end once the database is back
(outage.py keeps that to one log line each way). A job
whose lease lapsed belongs to a process that died: it is claimed again and re-run from its
stored inputs (the same seed gives the same result). Stopping the process puts its running jobs
back in the queue. Wake-ups are local; other processes find new jobs by polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import msgspec

from framework import CallContext, EventBus
from generated.simulation.events import CANCELLED, COMPLETED, FAILED, PROGRESS
from generated.simulation.models import JobStatus, SimulationFinished, SimulationProgress
from plugins.simulation.config import SimulationConfig
from plugins.simulation.engine import Backend, Cancelled, Problem, Result
from plugins.simulation.fair_queue import claim_next
from plugins.simulation.outage import FailureStreak, database_unreachable
from plugins.simulation.tables import JobRow

__all__ = ["JobRunner"]

log = logging.getLogger("turnout.simulation")

_T = TypeVar("_T")
# Longest pause between tries while the database is unreachable: how late a worker notices it is back.
_MAX_BACKOFF_SECONDS = 10.0


def _now() -> datetime:
    return datetime.now(UTC)


_problem_decoder = msgspec.json.Decoder(Problem)  # a job's row stores the Problem it runs


class JobRunner:
    """``workers`` loops in this process, each running one job at a time."""

    def __init__(self, config: SimulationConfig, backend: Backend, events: EventBus) -> None:
        self.config = config
        self.backend = backend
        self.events = events
        self.instance = uuid.uuid4().hex
        self._wake = asyncio.Event()
        self._stopping = False
        self._loops: list[asyncio.Task[None]] = []
        self._stop_flags: set[threading.Event] = set()
        # Shared by this process's worker loops: one outage is one warning, not one per worker.
        self.claim_failures = FailureStreak(
            "claiming a simulation job", log, base_seconds=config.poll_seconds, max_seconds=_MAX_BACKOFF_SECONDS
        )

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._loops = [
            loop.create_task(self._loop(), name=f"simulation-worker-{i}") for i in range(self.config.workers)
        ]

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        """Stop claiming; running jobs stop between chunks and go back to the queue."""
        self._stopping = True
        for flag in self._stop_flags:
            flag.set()
        self._wake.set()
        if self._loops:
            await asyncio.wait(self._loops, timeout=30)
        for task in self._loops:
            task.cancel()

    async def _pause(self, seconds: float) -> None:
        """Wait ``seconds``, or less when a job is submitted here or the runner stops."""
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    async def _loop(self) -> None:
        streak = self.claim_failures
        while not self._stopping:
            try:
                row = await claim_next(
                    self.instance,
                    lease_seconds=self.config.lease_seconds,
                    max_running_per_user=self.config.max_running_per_user,
                )
            except Exception as error:  # the database may be down or restarting: one log line, then back off
                await self._pause(streak.failed(error))
                continue
            streak.succeeded()
            if row is None:
                await self._pause(self.config.poll_seconds)
                continue
            if row["attempts"] > 1:
                log.info("simulation job %s: re-running (attempt %d)", row["id"], row["attempts"])
            try:
                await self._run(row)
            except Exception:
                log.exception("simulation job %s could not be recorded", row["id"])

    async def _retrying(self, what: str, action: Callable[[], Awaitable[_T]]) -> _T | None:
        """``action()``, tried again with backoff while the database is unreachable; None if the runner stops first.

        Giving up is safe: the job keeps its lapsing lease, so it is run again, never lost.
        """
        streak = FailureStreak(what, log, base_seconds=self.config.poll_seconds, max_seconds=_MAX_BACKOFF_SECONDS)
        while True:
            try:
                result = await action()
            except Exception as error:
                if not database_unreachable(error):
                    raise
                if self._stopping:
                    log.warning("%s: given up on shutdown (the database is unreachable); it runs again", what)
                    return None
                await self._pause(streak.failed(error))
                continue
            streak.succeeded()
            return result

    async def _run(self, row: dict[str, Any]) -> None:
        job_id: uuid.UUID = row["id"]
        owner: uuid.UUID = row["owner_id"]
        try:
            problem = _problem_decoder.decode(row["inputs"])
        except msgspec.DecodeError as error:
            await self._finish(job_id, owner, JobStatus.failed, error=f"the stored inputs are unreadable: {error}")
            return
        latest = [0.0]
        stop = threading.Event()
        self._stop_flags.add(stop)
        reason = "cancelled"
        worker = asyncio.get_running_loop().create_task(
            asyncio.to_thread(
                self.backend.run, problem, progress=lambda f: latest.__setitem__(0, f), cancelled=stop.is_set
            )
        )
        heartbeat = min(1.0, self.config.lease_seconds / 3)
        heartbeat_failures = FailureStreak(
            f"renewing the lease of simulation job {job_id}", log, base_seconds=heartbeat, max_seconds=heartbeat
        )
        try:
            last_event = time.monotonic()
            await self._progress(job_id, owner, 0.0)  # the job started: subscribers hear it at once
            while not worker.done():
                await asyncio.wait({worker}, timeout=heartbeat)
                if self._stopping:
                    reason = "shutdown"
                    stop.set()
                try:
                    renewed = await self._renew(job_id, latest[0])
                except Exception as error:
                    # Keep computing through a database outage: the next renewal that works says whether
                    # the job is still ours (another worker takes it over only once the lease lapsed).
                    if not database_unreachable(error):
                        raise
                    heartbeat_failures.failed(error)
                    continue
                heartbeat_failures.succeeded()
                if not renewed:  # another process took it over (our lease lapsed): its run counts
                    reason = "lost"
                    stop.set()
                elif renewed[0]["cancel_requested"]:
                    stop.set()
                if time.monotonic() - last_event >= self.config.progress_event_seconds and not worker.done():
                    last_event = time.monotonic()
                    await self._progress(job_id, owner, latest[0])
            try:
                result = worker.result()
            except Cancelled:
                if reason == "shutdown":
                    await self._requeue(job_id)
                elif reason == "cancelled":
                    await self._finish(job_id, owner, JobStatus.cancelled)
                return
            except Exception as error:  # a bug or a resource limit: the job fails, the worker goes on
                log.exception("simulation job %s failed", job_id)
                await self._finish(job_id, owner, JobStatus.failed, error=f"the simulation failed: {error}")
                return
            await self._finish(job_id, owner, JobStatus.succeeded, result=result)
        finally:
            self._stop_flags.discard(stop)
            if not worker.done():
                stop.set()
                with contextlib.suppress(BaseException):
                    await worker

    async def _renew(self, job_id: uuid.UUID, progress: float) -> list[dict[str, Any]]:
        """Extend the lease and store progress, if the job is still ours; returns its cancel flag if so."""
        renewed: list[dict[str, Any]] = (
            await JobRow.update(
                {
                    JobRow.progress: progress,
                    JobRow.lease_expires_at: _now() + timedelta(seconds=self.config.lease_seconds),
                }
            )
            .where((JobRow.id == job_id) & (JobRow.lease_owner == self.instance))
            .returning(JobRow.cancel_requested)
            .run()
        )
        return renewed

    async def _progress(self, job_id: uuid.UUID, owner: uuid.UUID, progress: float) -> None:
        payload = SimulationProgress(job_id=job_id, owner_id=owner, progress=progress, occurred_at=_now())
        await self.events.publish(PROGRESS, payload, CallContext.system())

    async def _requeue(self, job_id: uuid.UUID) -> None:
        requeue = JobRow.update(
            {JobRow.status: JobStatus.queued.value, JobRow.lease_owner: None, JobRow.lease_expires_at: None}
        ).where((JobRow.id == job_id) & (JobRow.lease_owner == self.instance))
        try:
            await requeue.run()
        except Exception as error:
            if not database_unreachable(error):
                raise
            # Shutting down, so no waiting for the database: the lease lapses and the job runs again.
            log.warning("simulation job %s: left to its lapsing lease (the database is unreachable)", job_id)
            return
        log.info("simulation job %s: back in the queue (shutting down)", job_id)

    async def _finish(
        self,
        job_id: uuid.UUID,
        owner: uuid.UUID,
        status: JobStatus,
        *,
        result: Result | None = None,
        error: str | None = None,
    ) -> None:
        changes: dict[Any, Any] = {
            JobRow.status: status.value,
            JobRow.finished_at: _now(),
            JobRow.lease_owner: None,
            JobRow.lease_expires_at: None,
            JobRow.error: error,
        }
        if result is not None:
            changes[JobRow.result] = msgspec.json.encode(result).decode()
            changes[JobRow.backend] = result.backend
            changes[JobRow.progress] = 1.0
        finish = (
            JobRow.update(changes)
            .where((JobRow.id == job_id) & (JobRow.lease_owner == self.instance))
            .returning(JobRow.id)
        )
        done = await self._retrying(f"recording simulation job {job_id} as {status.value}", finish.run)
        if not done:
            return  # no longer ours: whoever holds it records the outcome
        log.info("simulation job %s: %s", job_id, status.value)
        event = {JobStatus.succeeded: COMPLETED, JobStatus.failed: FAILED, JobStatus.cancelled: CANCELLED}[status]
        await self.events.publish(
            event,
            SimulationFinished(job_id=job_id, owner_id=owner, status=status, error=error, occurred_at=_now()),
            CallContext.system(),
        )
