"""The job runner: claims queued jobs from the table, runs them in a thread, records the outcome.

The row is the truth. A worker claims a job with a conditional update (so two processes never
run the same job), holds a lease it renews while running, and writes progress as it goes. A job
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
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec

from framework import CallContext, EventBus
from generated.simulation.events import CANCELLED, COMPLETED, FAILED, PROGRESS
from generated.simulation.models import JobStatus, SimulationFinished, SimulationProgress
from plugins.simulation.config import SimulationConfig
from plugins.simulation.engine import Backend, Cancelled, Problem, Result
from plugins.simulation.tables import JobRow

__all__ = ["JobRunner"]

log = logging.getLogger("turnout.simulation")


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

    async def _loop(self) -> None:
        while not self._stopping:
            try:
                row = await self._claim()
            except Exception:  # the database may be restarting: try again after a pause
                log.exception("claiming a simulation job failed")
                row = None
            if row is None:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.config.poll_seconds)
                continue
            try:
                await self._run(row)
            except Exception:
                log.exception("simulation job %s could not be recorded", row["id"])

    async def _claim(self) -> dict[str, Any] | None:
        now = _now()
        claimable = (JobRow.status == JobStatus.queued.value) | (
            (JobRow.status == JobStatus.running.value) & (JobRow.lease_expires_at < now)
        )
        candidates = (
            await JobRow.select(JobRow.id).where(claimable).order_by(JobRow.created_at, JobRow.id).limit(8).run()
        )
        for candidate in candidates:
            claimed = (
                await JobRow.update(
                    {
                        JobRow.status: JobStatus.running.value,
                        JobRow.lease_owner: self.instance,
                        JobRow.lease_expires_at: now + timedelta(seconds=self.config.lease_seconds),
                        JobRow.started_at: now,
                        JobRow.progress: 0.0,
                        JobRow.attempts: JobRow.attempts + 1,
                    }
                )
                .where((JobRow.id == candidate["id"]) & claimable)
                .returning(*JobRow.all_columns())
                .run()
            )
            if claimed:
                row: dict[str, Any] = claimed[0]
                if row["attempts"] > 1:
                    log.info("simulation job %s: re-running (attempt %d)", row["id"], row["attempts"])
                return row
        return None

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
        try:
            last_event = time.monotonic()
            await self._progress(job_id, owner, 0.0)  # the job started: subscribers hear it at once
            while not worker.done():
                await asyncio.wait({worker}, timeout=heartbeat)
                if self._stopping:
                    reason = "shutdown"
                    stop.set()
                renewed = (
                    await JobRow.update(
                        {
                            JobRow.progress: latest[0],
                            JobRow.lease_expires_at: _now() + timedelta(seconds=self.config.lease_seconds),
                        }
                    )
                    .where((JobRow.id == job_id) & (JobRow.lease_owner == self.instance))
                    .returning(JobRow.cancel_requested)
                    .run()
                )
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

    async def _progress(self, job_id: uuid.UUID, owner: uuid.UUID, progress: float) -> None:
        payload = SimulationProgress(job_id=job_id, owner_id=owner, progress=progress, occurred_at=_now())
        await self.events.publish(PROGRESS, payload, CallContext.system())

    async def _requeue(self, job_id: uuid.UUID) -> None:
        await (
            JobRow.update(
                {JobRow.status: JobStatus.queued.value, JobRow.lease_owner: None, JobRow.lease_expires_at: None}
            )
            .where((JobRow.id == job_id) & (JobRow.lease_owner == self.instance))
            .run()
        )
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
        done = (
            await JobRow.update(changes)
            .where((JobRow.id == job_id) & (JobRow.lease_owner == self.instance))
            .returning(JobRow.id)
            .run()
        )
        if not done:
            return  # no longer ours: whoever holds it records the outcome
        log.info("simulation job %s: %s", job_id, status.value)
        event = {JobStatus.succeeded: COMPLETED, JobStatus.failed: FAILED, JobStatus.cancelled: CANCELLED}[status]
        await self.events.publish(
            event,
            SimulationFinished(job_id=job_id, owner_id=owner, status=status, error=error, occurred_at=_now()),
            CallContext.system(),
        )
