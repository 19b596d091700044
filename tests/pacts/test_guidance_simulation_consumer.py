"""What the guidance plugin needs from the simulation service, written down as a pact (consumer side).

For the FIRE probability guidance queues a one-asset simulation of the caller's portfolio as the
caller (``createSimulation``), reads the job (``getSimulation``) until it has finished, and then its
terminal histogram (``getSimulationResult``). The calls go through the generated ``SimulationClient``
to pact's mock server; the pact must equal the committed ``pacts/guidance-simulation.json``, verified
by ``test_simulation_provider``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import msgspec
from pact import Pact, match
from pact.interaction import HttpInteraction
from pact.match.matcher import AbstractMatcher

from framework import CallContext
from framework.transports._http import HttpTransport
from generated.guidance.models import ProbabilityStatus
from generated.simulation import SimulationClient
from plugins.guidance.finance import probability_at_or_above
from plugins.guidance.probability import FirePlan, estimate, simulation_request
from tests.pacts._harness import UUID_PATTERN, assert_pact_committed, bearer_from_state, from_state, mock_provider

CORRELATION_ID = "2d3e4f5a6b7c4d8e9f0a1b2c3d4e5f6a"
CORRELATION_PATTERN = r"^[A-Za-z0-9._:\-]{1,128}$"
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
TOKEN = "example-access-token"
JOB_ID = uuid.UUID("3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f")  # stands for the id the provider state makes
PLAN = FirePlan(
    fire_number=500_000.0,
    current=100_000.0,
    annual_savings=24_000.0,
    expected_return=0.05,
    volatility=0.15,
    horizon_years=10.0,
    paths=500,
)
REQUEST: dict[str, Any] = msgspec.to_builtins(simulation_request(PLAN))


def _call(pact: Pact, description: str, state: str, params: dict[str, object] | None) -> HttpInteraction:
    return (
        pact.upon_receiving(description)
        .given(state, params)
        .with_header("Authorization", bearer_from_state(TOKEN))
        .with_header("X-Correlation-ID", match.regex(CORRELATION_ID, regex=CORRELATION_PATTERN))
    )


def _job_path(suffix: str = "") -> AbstractMatcher[str]:
    return from_state(
        f"/simulations/{JOB_ID}{suffix}",
        regex=rf"^/simulations/{UUID_PATTERN}{suffix}$",
        expression="/simulations/${jobId}" + suffix,
    )


def _job(status: str) -> dict[str, object]:
    return {
        "id": match.uuid(str(JOB_ID), format="lowercase"),
        "status": match.regex(status, regex=r"^(queued|running|succeeded)$") if status != "succeeded" else status,
        "progress": match.number(1.0 if status == "succeeded" else 0.0),
        "paths": PLAN.paths,
        "steps": REQUEST["steps"],
        "seed": REQUEST["seed"],
        "created_at": match.regex("2026-01-02T03:04:05.678901Z", regex=TIMESTAMP_PATTERN),
    }


def expect_queued(pact: Pact) -> None:
    interaction = _call(pact, "a FIRE simulation queued for the caller", "a signed-in user", None)
    interaction.with_request("POST", "/simulations").with_body(REQUEST, content_type="application/json")
    interaction.will_respond_with(202).with_body(_job("queued"), content_type="application/json")


def expect_finished(pact: Pact) -> None:
    state: dict[str, object] = {"request": REQUEST}
    job = _call(pact, "a finished FIRE simulation read by its owner", "a user with a finished simulation", state)
    job.with_request("GET", _job_path()).will_respond_with(200).with_body(
        _job("succeeded"), content_type="application/json"
    )
    result = _call(pact, "a finished FIRE simulation's result", "a user with a finished simulation", state)
    result.with_request("GET", _job_path("/result")).will_respond_with(200).with_body(
        {
            "job_id": match.uuid(str(JOB_ID), format="lowercase"),
            "times": match.each_like(0.0),
            "bands": match.like({"p5": [0.0], "p25": [0.0], "p50": [0.0], "p75": [0.0], "p95": [0.0]}),
            "terminal_histogram": {
                "edges": match.like([300_000.0, 500_000.0, 700_000.0], min=2),
                "counts": match.like([200, 300], min=1),
            },
            "risk": match.each_like({"level": 0.95, "var": 1.0, "cvar": 1.0}),
            "success_probability": match.number(1.0),
            "mean_terminal": match.number(480_000.0),
            "std_terminal": match.number(90_000.0),
            "seed": REQUEST["seed"],
            "paths": PLAN.paths,
            "steps": REQUEST["steps"],
            "backend": match.str("numpy"),
        },
        content_type="application/json",
    )


async def queue(simulation: SimulationClient) -> None:
    # Waiting no time at all: the job is answered as pending, with its id.
    found = await estimate(simulation, CallContext(correlation_id=CORRELATION_ID), PLAN, wait=0, poll=0.01)
    assert (found.status, found.simulation_id) == (ProbabilityStatus.pending, JOB_ID)


async def read_finished(simulation: SimulationClient) -> None:
    ctx = CallContext(correlation_id=CORRELATION_ID)
    job = await simulation.get_simulation(ctx, job_id=JOB_ID)
    assert job.status.value == "succeeded"
    result = await simulation.get_simulation_result(ctx, job_id=JOB_ID)
    histogram = result.terminal_histogram
    assert len(histogram.edges) == len(histogram.counts) + 1
    assert probability_at_or_above(histogram.edges, histogram.counts, PLAN.fire_number) == 0.6


EDGE: list[tuple[Callable[[Pact], None], Callable[[SimulationClient], Awaitable[None]]]] = [
    (expect_queued, queue),
    (expect_finished, read_finished),
]


@asynccontextmanager
async def simulation_client(base_url: str) -> AsyncIterator[SimulationClient]:
    transport = HttpTransport(base_url, bearer_token=TOKEN)
    try:
        yield SimulationClient(transport)
    finally:
        await transport.aclose()


async def test_guidance_runs_fire_simulations(tmp_path: Path) -> None:
    for expect, call in EDGE:
        with mock_provider(tmp_path, "guidance", "simulation", expect) as url:
            async with simulation_client(url) as simulation:
                await call(simulation)
    assert_pact_committed(tmp_path, "guidance", "simulation")
