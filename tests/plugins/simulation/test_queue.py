"""The fair queue: users take turns, per-user limits hold under concurrency, positions predict the start order.

The first tests drive the framework's FairQueue on simulation's table on a real SQLite file and a real PostgreSQL
database; the last runs through the HTTP API in both placements.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from framework import TooManyRequests
from framework._db import PluginDatabase
from framework.jobs import FairQueue
from generated.simulation.models import JobStatus
from plugins.simulation.config import SimulationConfig
from plugins.simulation.tables import JobRow
from tests._platform import TEST_SIMULATION, start_platform
from tests.conftest import Account, assert_problem, register_and_login
from tests.plugins.simulation._jobs_db import ENGINES, insert_job, job_row, open_jobs_database
from tests.plugins.simulation.test_api import PORTFOLIO, create, job_count, wait_finished

QUEUE = FairQueue(JobRow, "simulation", noun="simulation")
admit, claim_next, queue_positions = QUEUE.admit, QUEUE.claim_next, QUEUE.queue_positions


@pytest.fixture(params=ENGINES)
async def jobs_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[PluginDatabase]:
    database = await open_jobs_database(request.param, tmp_path, request)
    try:
        yield database
    finally:
        await database.close()


async def claim(instance: str = "worker", max_running: int = 100) -> uuid.UUID | None:
    row = await claim_next(instance, lease_seconds=60.0, max_running_per_user=max_running)
    return None if row is None else uuid.UUID(str(row["id"]))


async def finish(job_id: uuid.UUID) -> None:
    await (
        JobRow.update({JobRow.status: JobStatus.succeeded.value, JobRow.lease_owner: None})
        .where(JobRow.id == job_id)
        .run()
    )


async def test_users_take_turns_and_positions_predict_the_order(jobs_db: PluginDatabase) -> None:
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    # A was served before (an earlier job of theirs ran); B and C never were.
    await insert_job(a, 100, status=JobStatus.succeeded.value, started_at=datetime.now(UTC))
    a1, a2, a3 = [await insert_job(a, 60 - i) for i in range(3)]
    b1 = await insert_job(b, 50)
    c1, c2 = [await insert_job(c, 40 - i) for i in range(2)]
    expected = [b1, c1, a1, c2, a2, a3]  # turn 1: never served first, then A; turn 2: C (served before A); turn 3

    positions = {job: position for owner in (a, b, c) for job, position in await queue_positions(owner)}
    assert sorted(positions, key=positions.__getitem__) == expected
    assert sorted(positions.values()) == list(range(1, 7))

    claimed = []
    while (job := await claim()) is not None:
        claimed.append(job)
        await finish(job)
        # After every claim the positions still count the jobs that start before each one.
        remaining = expected[len(claimed) :]
        now = {j: p for owner in (a, b, c) for j, p in await queue_positions(owner)}
        assert sorted(now, key=now.__getitem__) == remaining
    assert claimed == expected


async def test_a_user_at_the_running_limit_waits_and_others_go_first(jobs_db: PluginDatabase) -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    a1, a2 = await insert_job(a, 30), await insert_job(a, 29)
    b1 = await insert_job(b, 10)
    assert await claim(max_running=1) == a1
    assert await claim(max_running=1) == b1  # A runs one already: B's later job goes first
    assert await claim(max_running=1) is None  # A's second job waits for A's first
    await finish(a1)
    assert await claim(max_running=1) == a2


async def test_a_job_whose_lease_lapsed_is_claimed_again_first(jobs_db: PluginDatabase) -> None:
    owner = uuid.uuid4()
    queued = await insert_job(owner, 5)
    lapsed = await insert_job(
        owner, 1, status=JobStatus.running.value, lease_owner="dead", lease_expires_at=datetime(2000, 1, 1, tzinfo=UTC)
    )
    row = await claim_next("alive", lease_seconds=60.0, max_running_per_user=1)
    assert row is not None
    assert (row["id"], row["lease_owner"], row["attempts"]) == (lapsed, "alive", 1)
    assert await claim(max_running=1) is None  # the re-run counts against the limit
    await finish(lapsed)
    assert await claim(max_running=1) == queued


async def test_concurrent_claims_take_each_job_once_and_keep_the_limit(jobs_db: PluginDatabase) -> None:
    owners = [uuid.uuid4() for _ in range(3)]
    for i in range(10):
        for owner in owners:
            await insert_job(owner, 100 - i)
    results = await asyncio.gather(*(claim(f"worker-{i}", max_running=3) for i in range(16)))
    claimed = [job for job in results if job is not None]
    assert len(claimed) == len(set(claimed)) == 9  # 3 users x 3 running, no job twice
    rows = (
        await JobRow.select(JobRow.owner_id, JobRow.lease_owner).where(JobRow.status == JobStatus.running.value).run()
    )
    assert len(rows) == 9
    assert sorted(str(row["owner_id"]) for row in rows) == sorted(str(o) for o in owners for _ in range(3))


async def test_admission_past_the_queued_limit_is_429_and_inserts_nothing(jobs_db: PluginDatabase) -> None:
    owner, other = uuid.uuid4(), uuid.uuid4()

    refusals: list[TooManyRequests] = []

    async def submit(who: uuid.UUID) -> str:
        try:
            return "admitted" if await admit(who, job_row(who, datetime.now(UTC)), max_queued_per_user=3) else "dup"
        except TooManyRequests as error:
            refusals.append(error)
            return "refused"

    outcomes = await asyncio.gather(*(submit(owner) for _ in range(7)))
    assert sorted(outcomes) == ["admitted"] * 3 + ["refused"] * 4
    for refusal in refusals:
        assert refusal.headers["Retry-After"].isdigit()
        assert "max_queued_per_user = 3" in str(refusal.detail)
    assert await JobRow.count().where(JobRow.owner_id == owner).run() == 3
    assert await submit(other) == "admitted"  # the limit is per user
    job = await claim()
    assert job is not None
    assert await submit(owner) == "admitted"  # a job that started makes room


# Through the API, in both placements: the platform has one worker; the default limits apply.
LONG = {**PORTFOLIO, "paths": 3_000_000, "steps": 250}  # many seconds of work on one core
SMALL = {**PORTFOLIO, "paths": 1_000}


def wait_status(http: httpx.Client, account: Account, job_id: str, statuses: set[str], within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    while http.get(f"/simulations/{job_id}", headers=account.auth).json()["status"] not in statuses:
        assert time.monotonic() < deadline, f"job {job_id} never reached {statuses}"
        time.sleep(0.05)


def started(job: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(job["started_at"])


def test_a_small_job_is_not_stuck_behind_another_users_queue(http: httpx.Client) -> None:
    heavy, light = register_and_login(http), register_and_login(http)
    limit = SimulationConfig().max_queued_per_user
    blocker = create(http, heavy, LONG).json()["id"]
    wait_status(http, heavy, blocker, {"running"})
    waiting = []
    for _ in range(limit):
        created = create(http, heavy, SMALL)
        assert created.status_code == 202, created.text
        waiting.append(created.json()["id"])

    refused = create(http, heavy, SMALL)
    problem = assert_problem(refused, 429)
    assert refused.headers["Retry-After"].isdigit()
    assert "max_queued_per_user" in str(problem["detail"])
    assert job_count(http, heavy) == limit + 1  # nothing was created

    theirs = create(http, light, SMALL).json()["id"]
    (item,) = http.get("/simulations/queue", headers=light.auth).json()["mine"]
    assert (item["id"], item["position"]) == (theirs, 1)  # ahead of all of the heavy user's waiting jobs
    mine = http.get("/simulations/queue", headers=heavy.auth).json()["mine"]
    assert [i["id"] for i in mine] == waiting
    assert [i["position"] for i in mine] == list(range(2, limit + 2))

    assert http.post(f"/simulations/{blocker}/cancel", headers=heavy.auth).status_code == 200
    done = wait_finished(http, light, theirs)
    assert done["status"] == "succeeded"
    for job_id in waiting:
        job = http.get(f"/simulations/{job_id}", headers=heavy.auth).json()
        later = job["started_at"] is None or started(job) > started(done)
        assert later, (job, done)
    for job_id in waiting:
        http.post(f"/simulations/{job_id}/cancel", headers=heavy.auth)
        assert wait_finished(http, heavy, job_id)["status"] in {"succeeded", "cancelled"}


def test_the_running_limit_leaves_a_worker_to_another_user(tmp_path: Path) -> None:
    """Two workers, at most one running job per user: the second worker takes the other user's job."""
    settings = {**TEST_SIMULATION, "workers": 2, "max_running_per_user": 1, "max_queued_per_user": 2}
    lines = "".join(f"{key} = {value!r}\n".replace("'", '"') for key, value in settings.items())
    platform = start_platform(tmp_path / "limits", extra_config="\n[plugins.simulation]\n" + lines)
    try:
        with platform.client() as http:
            heavy, light = register_and_login(http), register_and_login(http)
            first = create(http, heavy, LONG).json()["id"]
            wait_status(http, heavy, first, {"running"})
            second, third = (create(http, heavy, LONG).json()["id"] for _ in range(2))
            refused = create(http, heavy, LONG)
            assert "max_queued_per_user = 2" in str(assert_problem(refused, 429)["detail"])
            theirs = create(http, light, SMALL).json()["id"]
            done = wait_finished(http, light, theirs)
            assert done["status"] == "succeeded"
            for job_id in (second, third):  # the free worker never took the heavy user's second job
                job = http.get(f"/simulations/{job_id}", headers=heavy.auth).json()
                assert job["status"] == "queued", job
            for job_id in (third, second, first):
                assert http.post(f"/simulations/{job_id}/cancel", headers=heavy.auth).status_code == 200
                assert wait_finished(http, heavy, job_id)["status"] == "cancelled"
    finally:
        platform.stop()
