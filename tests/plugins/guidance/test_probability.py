"""How an analysis waits for its FIRE simulation: finished in time, still running (pending), refused."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

import pytest

from framework import CallContext, TooManyRequests
from generated.guidance.models import ProbabilityStatus
from generated.simulation.models import (
    Bands,
    Histogram,
    Job,
    JobPage,
    JobStatus,
    JobStatusFilter,
    Queue,
    SimulationRequest,
    SimulationResult,
)
from plugins.guidance.probability import FirePlan, estimate, horizon_years

PLAN = FirePlan(
    fire_number=150.0,
    current=100.0,
    annual_savings=0.0,
    expected_return=0.05,
    volatility=0.1,
    horizon_years=10,
    paths=1000,
)


class ScriptedSimulation:
    """A simulation service whose job finishes after ``polls`` reads (never when None), or that refuses jobs."""

    def __init__(self, polls: int | None, *, refuse: bool = False) -> None:
        self.polls = polls
        self.refuse = refuse
        self.reads = 0
        self.requests: list[SimulationRequest] = []
        self.id = uuid.uuid4()

    def _job(self, status: JobStatus) -> Job:
        return Job(id=self.id, status=status, progress=0.0, paths=1, steps=1, seed=1, created_at=datetime.now(UTC))

    async def create_simulation(
        self, ctx: CallContext, *, body: SimulationRequest, idempotency_key: str | None = None
    ) -> Job:
        if self.refuse:
            raise TooManyRequests("you have 20 simulations waiting", retry_after=5)
        self.requests.append(body)
        return self._job(JobStatus.queued)

    async def get_simulation(self, ctx: CallContext, *, job_id: uuid.UUID) -> Job:
        self.reads += 1
        done = self.polls is not None and self.reads >= self.polls
        return self._job(JobStatus.succeeded if done else JobStatus.running)

    async def get_simulation_result(self, ctx: CallContext, *, job_id: uuid.UUID) -> SimulationResult:
        return SimulationResult(
            job_id=job_id,
            times=[0.0],
            bands=Bands(p5=[0.0], p25=[0.0], p50=[0.0], p75=[0.0], p95=[0.0]),
            terminal_histogram=Histogram(edges=[0.0, 100.0, 200.0], counts=[60, 40]),
            risk=[],
            success_probability=1.0,
            mean_terminal=0.0,
            std_terminal=0.0,
            seed=1,
            paths=100,
            steps=1,
            backend="numpy",
        )

    async def list_simulations(
        self,
        ctx: CallContext,
        *,
        limit: int = 50,
        cursor: str | None = None,
        status: JobStatusFilter = JobStatusFilter.any,
    ) -> JobPage:
        raise NotImplementedError

    async def get_queue(self, ctx: CallContext) -> Queue:
        raise NotImplementedError

    async def cancel_simulation(self, ctx: CallContext, *, job_id: uuid.UUID) -> Job:
        raise NotImplementedError


def ctx(seconds: float | None = None) -> CallContext:
    return CallContext(correlation_id="c", deadline=None if seconds is None else time.time() + seconds)


async def test_a_simulation_that_finishes_in_time_gives_the_probability() -> None:
    simulation = ScriptedSimulation(polls=2)
    found = await estimate(simulation, ctx(), PLAN, wait=30, poll=0.001)
    assert found.status == ProbabilityStatus.succeeded
    assert found.value == pytest.approx(0.2)  # half of the 100-200 bin lies above 150
    assert found.simulation_id == simulation.id
    [request] = simulation.requests
    assert (request.steps, request.horizon_years, request.initial_value) == (120, 10, 100.0)


async def test_a_simulation_still_running_at_the_bound_is_pending_with_its_id() -> None:
    simulation = ScriptedSimulation(polls=None)
    found = await estimate(simulation, ctx(), PLAN, wait=0.05, poll=0.001)
    assert found.status == ProbabilityStatus.pending
    assert (found.simulation_id, found.value) == (simulation.id, None)
    assert simulation.reads >= 1


async def test_the_callers_deadline_bounds_the_wait_more_than_the_setting() -> None:
    simulation = ScriptedSimulation(polls=None)
    started = time.monotonic()
    found = await estimate(simulation, ctx(seconds=0.6), PLAN, wait=600, poll=0.001)
    assert found.status == ProbabilityStatus.pending
    assert time.monotonic() - started < 30  # bounded by the 0.6 s deadline, not the 600 s setting


async def test_a_simulation_that_cannot_start_is_unavailable_with_the_reason() -> None:
    found = await estimate(ScriptedSimulation(polls=1, refuse=True), ctx(), PLAN, wait=1, poll=0.001)
    assert found.status == ProbabilityStatus.unavailable
    assert found.reason is not None
    assert "429" in found.reason


def test_the_horizon_is_the_planned_retirement_else_years_to_fi_else_the_default() -> None:
    assert horizon_years(40, 55, 30.2, 25) == 15
    assert horizon_years(40, 35, 30.2, 25) == 31
    assert horizon_years(None, None, None, 25) == 25
    assert horizon_years(None, None, 0.0, 25) == 25
