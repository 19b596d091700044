"""The job runner through a real PostgreSQL outage: one warning, no traceback per poll, no job lost or run twice."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from framework import CallContext, LocalBus, Subscription
from framework._db import PluginDatabase, open_plugin_database
from framework.jobs import FailureStreak, Jobs, database_unreachable
from generated.simulation.events import COMPLETED
from generated.simulation.models import JobStatus, SimulationFinished
from plugins.simulation.config import SimulationConfig
from plugins.simulation.engine import Problem, Result, select_backend
from plugins.simulation.jobs import SimulationEvents, job_limits, simulation_kind
from plugins.simulation.tables import TABLES, JobRow
from tests._services import PostgresServer, start_postgres
from tests.plugins.simulation._jobs_db import SMALL, insert_job

LOGGER = "turnout.simulation"
# Long enough (seconds on one core) to still be running when the database goes away under it.
LONG = dataclasses.replace(SMALL, paths=1_000_000, steps=200)


@pytest.fixture
def own_postgres(tmp_path: Path) -> Iterator[PostgresServer]:
    server = start_postgres(tmp_path / "postgres")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def database(own_postgres: PostgresServer, tmp_path: Path) -> AsyncIterator[PluginDatabase]:
    db = await open_plugin_database(own_postgres.url, "simulation", tmp_path / "var")
    db.bind(TABLES)
    await db.migrate(TABLES, [])
    try:
        yield db
    finally:
        await db.close()


@dataclass
class Runner:
    """Simulation's Jobs on the test's database, with the completions it published."""

    jobs: Jobs[Problem, Result]
    completed: list[uuid.UUID] = field(default_factory=list)


@pytest.fixture
async def runner(database: PluginDatabase) -> AsyncIterator[Runner]:
    config = SimulationConfig(backend="numpy", poll_seconds=0.1, lease_seconds=30.0)
    bus = LocalBus()
    backend = select_backend("numpy", logging.getLogger(LOGGER))
    # As the plugin builds them with ctx.jobs().
    jobs = Jobs(simulation_kind(backend), job_limits(config), SimulationEvents(bus))
    seen = Runner(jobs)

    async def on_completed(ctx: CallContext, payload: SimulationFinished) -> None:
        seen.completed.append(payload.job_id)

    await bus.subscribe(Subscription("test-outage", COMPLETED, on_completed))
    jobs.start()
    try:
        yield seen
    finally:
        await jobs.stop()
        await bus.close()


async def until(condition: Callable[[], bool], what: str, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, f"waited {within}s for {what}"
        await asyncio.sleep(0.05)


async def job_status(job_id: uuid.UUID) -> tuple[str, int]:
    row = await JobRow.select(JobRow.status, JobRow.attempts).where(JobRow.id == job_id).first().run()
    assert row is not None
    return row["status"], row["attempts"]


async def wait_job(job_id: uuid.UUID, statuses: set[str], within: float = 120.0) -> tuple[str, int]:
    deadline = time.monotonic() + within
    while (state := await job_status(job_id))[0] not in statuses:
        assert time.monotonic() < deadline, f"job {job_id} never reached {statuses}"
        await asyncio.sleep(0.1)
    return state


def records(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and text in r.getMessage()]


async def test_idle_claim_loop_warns_once_and_recovers(
    own_postgres: PostgresServer, runner: Runner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    own_postgres.halt()
    streak = runner.jobs.runner.claim_failures
    await until(lambda: streak.failures >= 5, "five failed claims")  # several polls, with backoff

    assert len(records(caplog, "the database is unreachable")) == 1
    assert not [r for r in caplog.records if r.exc_info], "no traceback for an unreachable database"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    own_postgres.resume()
    await until(lambda: bool(records(caplog, "works again")), "the recovery line", within=60.0)
    job_id = await insert_job(uuid.uuid4(), 0)
    runner.jobs.wake()
    assert await wait_job(job_id, {"succeeded", "failed"}) == ("succeeded", 1)
    assert runner.completed == [job_id]
    assert len(records(caplog, "the database is unreachable")) == 1
    assert len(records(caplog, "works again")) == 1


async def test_a_job_running_through_an_outage_is_recorded_once(
    own_postgres: PostgresServer, runner: Runner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    job_id = await insert_job(uuid.uuid4(), 0, LONG)
    runner.jobs.wake()
    await wait_job(job_id, {JobStatus.running.value}, within=60.0)
    own_postgres.halt()
    # The run outlives its heartbeats, then cannot record its end: both wait for the database.
    await until(lambda: bool(records(caplog, "renewing the lease")), "a failed lease renewal", within=120.0)
    await until(lambda: bool(records(caplog, "recording simulation job")), "a failed recording", within=180.0)
    assert runner.completed == []

    own_postgres.resume()
    assert await wait_job(job_id, {"succeeded", "failed", "queued"}) == ("succeeded", 1)  # one run, not two
    await until(lambda: runner.completed == [job_id], "the one completion event")
    assert not [r for r in caplog.records if r.exc_info]
    assert len(records(caplog, "recording simulation job")) == 2  # one warning, one recovery line


def test_errors_that_mean_unreachable() -> None:
    import asyncpg

    from framework import DatabaseUnavailable

    assert database_unreachable(DatabaseUnavailable())
    assert database_unreachable(ConnectionRefusedError(111, "refused"))
    assert database_unreachable(asyncpg.exceptions.CannotConnectNowError("starting up"))
    assert not database_unreachable(asyncpg.exceptions.UndefinedTableError("no such table"))
    assert not database_unreachable(ValueError("a bug"))


def test_other_errors_log_one_traceback_then_back_off(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    streak = FailureStreak("claiming", logging.getLogger(LOGGER), base_seconds=0.5, max_seconds=8.0)
    pauses = [streak.failed(ValueError("a bug")) for _ in range(6)]
    assert pauses == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    logged = [r for r in caplog.records if r.name == LOGGER]
    assert len(logged) == 1
    assert logged[0].exc_info is not None
    streak.failed(OSError("refused"))  # a different failure is worth a line of its own
    assert len([r for r in caplog.records if r.name == LOGGER]) == 2
    assert streak.succeeded()
    assert not streak.succeeded()
    assert len([r for r in caplog.records if "works again after 7 failed tries" in r.getMessage()]) == 1
