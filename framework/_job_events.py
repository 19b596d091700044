"""Every plugin's jobs, announced by the framework: ``turnout.job_progress`` and ``turnout.job_finished``.

A plugin may announce its jobs in its own contract's events as well; the jobs kit
also announces every job of every plugin in one shape, so a consumer (a live feed, a
dashboard) follows any plugin's jobs without an edge to each. Progress is transient (high
rate, worth nothing later); an ending is durable.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Literal

import msgspec

from framework._context import CallContext
from framework._events import Event, EventBus
from framework._time import utcnow

if TYPE_CHECKING:  # the jobs kit imports this module's events; only its types are needed here
    from framework.jobs import JobEvents, JobState

__all__ = ["JOB_FINISHED", "JOB_PROGRESS", "AnnouncedJobEvents", "JobFinished", "JobProgress"]

log = logging.getLogger("turnout.jobs")

Ending = Literal["succeeded", "failed", "cancelled"]


def _new_id() -> str:
    return uuid.uuid4().hex


class JobProgress(msgspec.Struct, frozen=True, kw_only=True):
    """A job of ``kind`` in ``plugin`` started (progress 0.0) or moved on."""

    plugin: str
    kind: str
    job_id: uuid.UUID
    owner_id: uuid.UUID
    progress: float
    occurred_at: datetime
    id: str = msgspec.field(default_factory=_new_id)  # the same on every redelivery: a consumer's dedup key


class JobFinished(msgspec.Struct, frozen=True, kw_only=True):
    """A job of ``kind`` in ``plugin`` ended; ``error`` says why when it failed."""

    plugin: str
    kind: str
    job_id: uuid.UUID
    owner_id: uuid.UUID
    status: Ending
    occurred_at: datetime
    error: str | None = None
    id: str = msgspec.field(default_factory=_new_id)


JOB_PROGRESS: Event[JobProgress] = Event("turnout.job_progress", JobProgress, "transient")
"""Published by the jobs kit when any plugin's job starts and as it moves on (per progress interval)."""

JOB_FINISHED: Event[JobFinished] = Event("turnout.job_finished", JobFinished)
"""Published by the jobs kit when any plugin's job succeeds, fails or is cancelled."""


class AnnouncedJobEvents:
    """A plugin's JobEvents (or none) plus the framework's own announcement of each job."""

    def __init__(self, bus: EventBus, plugin: str, kind: str, inner: JobEvents | None) -> None:
        self._bus = bus
        self._plugin = plugin
        self._kind = kind
        self._inner = inner

    async def progress(self, job_id: uuid.UUID, owner_id: uuid.UUID, fraction: float, ctx: CallContext) -> None:
        if self._inner is not None:
            await self._inner.progress(job_id, owner_id, fraction, ctx)
        payload = JobProgress(
            plugin=self._plugin,
            kind=self._kind,
            job_id=job_id,
            owner_id=owner_id,
            progress=fraction,
            occurred_at=utcnow(),
        )
        await self._bus.publish(JOB_PROGRESS, payload, ctx)

    async def finished(
        self, job_id: uuid.UUID, owner_id: uuid.UUID, state: JobState, error: str | None, ctx: CallContext
    ) -> None:
        if self._inner is not None:
            await self._inner.finished(job_id, owner_id, state, error, ctx)
        status = state.value
        if status not in ("succeeded", "failed", "cancelled"):  # pragma: no cover - the runner ends jobs only so
            log.error("job %s ended in an unknown state %r; not announced", job_id, status)
            return
        payload = JobFinished(
            plugin=self._plugin,
            kind=self._kind,
            job_id=job_id,
            owner_id=owner_id,
            status=status,  # type: ignore[arg-type]  # narrowed by the check above
            error=error,
            occurred_at=utcnow(),
            # One ending per job: a repeated announcement (a cancel racing the runner) dedups on it.
            id=f"{job_id.hex}:finished",
        )
        await self._bus.publish(JOB_FINISHED, payload, ctx)
