"""The FIRE probability: a Monte Carlo simulation of the caller's portfolio, waited for within a bound."""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from dataclasses import dataclass

from framework import CallContext, ServiceError
from generated.guidance.models import FireProbability, ProbabilityStatus
from generated.simulation import SimulationService
from generated.simulation.models import AssetInput, JobStatus, SimulationRequest
from plugins.guidance.finance import probability_at_or_above

__all__ = ["FirePlan", "estimate", "horizon_years", "not_requested", "simulation_request", "unavailable"]

# The same inputs give the same probability: the simulation is seeded.
SEED = 20260101
# Left of the caller's deadline for storing and answering once the wait is over.
MARGIN_SECONDS = 0.5
_FINISHED = {JobStatus.succeeded, JobStatus.failed, JobStatus.cancelled}


@dataclass(frozen=True, slots=True)
class FirePlan:
    """What the simulation needs: where the portfolio starts, what is added, how it grows, the goal."""

    fire_number: float
    current: float
    annual_savings: float
    expected_return: float
    volatility: float
    horizon_years: float
    paths: int


def not_requested() -> FireProbability:
    return FireProbability(
        status=ProbabilityStatus.not_requested, simulation_id=None, horizon_years=None, value=None, reason=None
    )


def unavailable(reason: str, horizon: float | None = None, job: uuid.UUID | None = None) -> FireProbability:
    return FireProbability(
        status=ProbabilityStatus.unavailable, simulation_id=job, horizon_years=horizon, value=None, reason=reason
    )


def horizon_years(age: int | None, retirement_age: int | None, years_to_fi: float | None, default: float) -> float:
    """Years to the planned retirement when both ages are known, else to FI by the closed form, else ``default``."""
    if age is not None and retirement_age is not None and retirement_age > age:
        years = float(retirement_age - age)
    elif years_to_fi is not None and years_to_fi > 0:
        years = float(math.ceil(years_to_fi))
    else:
        years = default
    return min(100.0, max(1.0, years))


def simulation_request(plan: FirePlan) -> SimulationRequest:
    return SimulationRequest(
        assets=[
            AssetInput(name="portfolio", weight=1.0, expected_return=plan.expected_return, volatility=plan.volatility)
        ],
        initial_value=min(max(plan.current, 1.0), 1e12),  # the simulation needs a positive start: 1 is nothing
        contribution=max(-1e9, min(1e9, plan.annual_savings / 12)),  # monthly steps
        horizon_years=plan.horizon_years,
        steps=max(1, round(plan.horizon_years * 12)),
        paths=plan.paths,
        seed=SEED,
    )


async def estimate(
    simulation: SimulationService, ctx: CallContext, plan: FirePlan, *, wait: float, poll: float
) -> FireProbability:
    """Start the simulation and wait for it up to ``wait`` seconds (less near the caller's deadline).

    A simulation still running then is ``pending`` with its id (the caller's own job, readable
    later); one that cannot start or fails is ``unavailable`` with the reason.
    """
    horizon = plan.horizon_years
    try:
        job = await simulation.create_simulation(ctx, body=simulation_request(plan))
    except ServiceError as error:
        return unavailable(f"the simulation could not start ({error.status}: {error.detail or error.title})", horizon)
    remaining = ctx.remaining()
    budget = wait if remaining is None else min(wait, remaining - MARGIN_SECONDS)
    until = time.monotonic() + budget
    try:
        while job.status not in _FINISHED and time.monotonic() + poll < until:
            await asyncio.sleep(poll)
            job = await simulation.get_simulation(ctx, job_id=job.id)
        if job.status not in _FINISHED:
            return FireProbability(
                status=ProbabilityStatus.pending,
                simulation_id=job.id,
                horizon_years=horizon,
                value=None,
                reason=f"the simulation is still {job.status.value}: read its result from the simulation service",
            )
        if job.status != JobStatus.succeeded:
            return unavailable(f"the simulation {job.status.value}: {job.error or 'no reason given'}", horizon, job.id)
        result = await simulation.get_simulation_result(ctx, job_id=job.id)
    except ServiceError as error:
        return unavailable(
            f"the simulation service failed ({error.status}: {error.detail or error.title})", horizon, job.id
        )
    value = probability_at_or_above(result.terminal_histogram.edges, result.terminal_histogram.counts, plan.fire_number)
    return FireProbability(
        status=ProbabilityStatus.succeeded, simulation_id=job.id, horizon_years=horizon, value=value, reason=None
    )
