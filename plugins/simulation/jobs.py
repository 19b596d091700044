"""Simulation as a framework job kind: the engine runs a Problem in a thread; its events keep their payloads."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from framework import CallContext, EventBus, utcnow
from framework.jobs import JobCancelled, JobKind, JobLimits, JobState, RunningJob
from generated.simulation.events import CANCELLED, COMPLETED, FAILED, PROGRESS
from generated.simulation.models import JobStatus, SimulationFinished, SimulationProgress
from plugins.simulation.config import SimulationConfig
from plugins.simulation.engine import Backend, Cancelled, Problem, Result
from plugins.simulation.tables import JobRow

__all__ = ["SimulationEvents", "job_limits", "simulation_kind"]

# The runner logs where simulation always has.
LOGGER = "turnout.simulation"

_FINISHED_EVENTS = {JobState.succeeded: COMPLETED, JobState.failed: FAILED, JobState.cancelled: CANCELLED}


class SimulationEvents:
    """Job progress and endings as simulation.progress / completed / failed / cancelled events."""

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus

    async def progress(self, job_id: uuid.UUID, owner_id: uuid.UUID, fraction: float, ctx: CallContext) -> None:
        payload = SimulationProgress(job_id=job_id, owner_id=owner_id, progress=fraction, occurred_at=utcnow())
        await self.bus.publish(PROGRESS, payload, ctx)

    async def finished(
        self, job_id: uuid.UUID, owner_id: uuid.UUID, state: JobState, error: str | None, ctx: CallContext
    ) -> None:
        payload = SimulationFinished(
            job_id=job_id, owner_id=owner_id, status=JobStatus(state.value), error=error, occurred_at=utcnow()
        )
        await self.bus.publish(_FINISHED_EVENTS[state], payload, ctx)


def _listed(problem: Problem) -> Mapping[str, Any]:
    return {"seed": problem.seed, "paths": problem.paths, "steps": problem.steps}


def _ran_on(result: Result) -> Mapping[str, Any]:
    return {"backend": result.backend}


def simulation_kind(backend: Backend) -> JobKind[Problem, Result]:
    """The simulation job kind: ``backend`` runs the stored Problem (the same seed gives the same result)."""

    def run(job: RunningJob[Problem]) -> Result:
        try:
            return backend.run(job.inputs, progress=job.progress, cancelled=job.cancelled)
        except Cancelled:
            raise JobCancelled from None

    return JobKind(
        name="simulation",
        table=JobRow,
        inputs=Problem,
        result=Result,
        run_in_thread=run,
        columns=_listed,
        result_columns=_ran_on,
        noun="simulation",
        logger_name=LOGGER,
    )


def job_limits(config: SimulationConfig) -> JobLimits:
    """The ``[plugins.simulation]`` keys that say how its jobs run."""
    return JobLimits(
        workers=config.workers,
        lease_seconds=config.lease_seconds,
        poll_seconds=config.poll_seconds,
        progress_event_seconds=config.progress_event_seconds,
        max_queued_per_user=config.max_queued_per_user,
        max_running_per_user=config.max_running_per_user,
    )
