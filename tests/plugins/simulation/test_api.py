"""The simulation plugin through the HTTP API, in both placements: jobs, results, inputs from files, bad input."""

from __future__ import annotations

import time
import uuid
from datetime import datetime
from typing import Any

import httpx

from tests._platform import TEST_SIMULATION
from tests.conftest import Account, assert_problem, register_and_login

PORTFOLIO: dict[str, Any] = {
    "assets": [
        {"name": "stocks", "weight": 0.6, "expected_return": 0.07, "volatility": 0.18},
        {"name": "bonds", "weight": 0.4, "expected_return": 0.03, "volatility": 0.05},
    ],
    "correlation": [[1, 0.2], [0.2, 1]],
    "initial_value": 100_000,
    "contribution": 500,
    "horizon_years": 20,
    "steps": 240,
    "paths": 20_000,
    "seed": 7,
}
FINISHED = {"succeeded", "failed", "cancelled"}


def wait_finished(http: httpx.Client, account: Account, job_id: str, within: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        job: dict[str, Any] = http.get(f"/simulations/{job_id}", headers=account.auth).json()
        assert 0.0 <= job["progress"] <= 1.0
        if job["status"] in FINISHED:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish within {within}s")


def create(http: httpx.Client, account: Account, body: dict[str, Any], key: str | None = None) -> httpx.Response:
    headers = {**account.auth, **({"Idempotency-Key": key} if key else {})}
    return http.post("/simulations", json=body, headers=headers)


def job_count(http: httpx.Client, account: Account) -> int:
    return len(http.get("/simulations", params={"limit": 200}, headers=account.auth).json()["items"])


def test_a_job_runs_to_a_result(http: httpx.Client, account: Account) -> None:
    created = create(http, account, PORTFOLIO)
    assert created.status_code == 202, created.text
    job = created.json()
    assert job["status"] == "queued"
    assert (job["paths"], job["steps"], job["seed"]) == (20_000, 240, 7)

    finished = wait_finished(http, account, job["id"])
    assert finished["status"] == "succeeded", finished
    assert finished["progress"] == 1.0
    assert finished["backend"] == "numpy"
    result = http.get(f"/simulations/{job['id']}/result", headers=account.auth).json()
    assert result["seed"] == 7
    assert result["times"][0] == 0.0
    assert abs(result["times"][-1] - 20) < 1e-9
    bands = result["bands"]
    for name in ("p5", "p25", "p50", "p75", "p95"):
        assert len(bands[name]) == len(result["times"])
    for i in range(1, len(result["times"])):
        assert bands["p5"][i] <= bands["p25"][i] <= bands["p50"][i] <= bands["p75"][i] <= bands["p95"][i]
    assert abs(bands["p50"][0] - 100_000) / 100_000 < 0.01  # every path starts at the initial value
    assert bands["p50"][-1] > 100_000 + 240 * 500  # growth and contributions
    assert sum(result["terminal_histogram"]["counts"]) <= 20_000
    assert [r["level"] for r in result["risk"]] == [0.95, 0.99]
    assert result["risk"][1]["var"] >= result["risk"][0]["var"]
    assert result["risk"][0]["cvar"] >= result["risk"][0]["var"]
    assert result["success_probability"] == 1.0
    listed = http.get("/simulations", params={"status": "succeeded"}, headers=account.auth).json()["items"]
    assert job["id"] in [item["id"] for item in listed]


def test_same_seed_same_result(http: httpx.Client, account: Account) -> None:
    first = create(http, account, {**PORTFOLIO, "paths": 5_000}).json()["id"]
    second = create(http, account, {**PORTFOLIO, "paths": 5_000}).json()["id"]
    other = create(http, account, {**PORTFOLIO, "paths": 5_000, "seed": 8}).json()["id"]
    results = []
    for job_id in (first, second, other):
        assert wait_finished(http, account, job_id)["status"] == "succeeded"
        result = http.get(f"/simulations/{job_id}/result", headers=account.auth).json()
        results.append({k: v for k, v in result.items() if k not in ("job_id", "seed")})
    assert results[0] == results[1]
    assert results[0]["bands"] != results[2]["bands"]


def test_idempotency_key(http: httpx.Client, account: Account) -> None:
    key = f"plan-{uuid.uuid4()}"
    first = create(http, account, PORTFOLIO, key)
    again = create(http, account, PORTFOLIO, key)
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"]
    assert job_count(http, account) == 1
    problem = assert_problem(create(http, account, {**PORTFOLIO, "paths": 1_000}, key), 409)
    assert "Idempotency-Key" in str(problem["detail"])
    # Keys are per user: another user's same key is another job.
    other = register_and_login(http)
    assert create(http, other, PORTFOLIO, key).json()["id"] != first.json()["id"]


def test_inputs_from_a_csv_file_through_the_files_service(http: httpx.Client, account: Account) -> None:
    csv = (
        b"name,weight,expected_return,volatility,stocks,bonds\nstocks,0.7,0.07,0.18,1,0.3\nbonds,0.3,0.03,0.05,0.3,1\n"
    )
    uploaded = http.post("/files", files={"file": ("plan.csv", csv, "text/csv")}, headers=account.auth)
    file_id = uploaded.json()["id"]
    body = {"inputs_file_id": file_id, "initial_value": 1000, "horizon_years": 5, "steps": 60, "paths": 2_000}
    created = create(http, account, body)
    assert created.status_code == 202, created.text
    assert wait_finished(http, account, created.json()["id"])["status"] == "succeeded"

    # Another user's file is a 404, exactly as a missing one, and no job is created.
    stranger = register_and_login(http)
    assert_problem(create(http, stranger, body), 404)
    assert_problem(create(http, stranger, {**body, "inputs_file_id": str(uuid.uuid4())}), 404)
    assert job_count(http, stranger) == 0


def test_bad_csv_inputs_are_422(http: httpx.Client, account: Account) -> None:
    cases = {
        b"\xff\xfe not utf-8": "UTF-8",
        b"name,weight\nx,1\n": "header lacks",
        b"name,weight,expected_return,volatility\nx,abc,0.05,0.1\n": "not a number",
        b"name,weight,expected_return,volatility\n": "no assets",
        b"name,weight,expected_return,volatility,x,y\nx,0.5,0.05,0.1,1,0.9\ny,0.5,0.05,0.1,-0.9,1\n": "symmetric",
    }
    for data, expected in cases.items():
        file_id = http.post("/files", files={"file": ("b.csv", data, "text/csv")}, headers=account.auth).json()["id"]
        body = {"inputs_file_id": file_id, "initial_value": 1, "horizon_years": 1, "steps": 1, "paths": 1}
        problem = assert_problem(create(http, account, body), 422)
        assert expected in str(problem["detail"]), (expected, problem)
    assert job_count(http, account) == 0


def test_bad_problems_are_422_and_create_nothing(http: httpx.Client, account: Account) -> None:
    three = [*PORTFOLIO["assets"], {"name": "gold", "weight": 0.0, "expected_return": 0.02, "volatility": 0.15}]
    not_psd = {**PORTFOLIO, "assets": three, "correlation": [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]}
    problem = assert_problem(create(http, account, not_psd), 422)
    assert "not positive semi-definite" in str(problem["detail"])

    cap = TEST_SIMULATION["max_path_steps"]
    problem = assert_problem(create(http, account, {**PORTFOLIO, "paths": 100_000_000, "steps": 100}), 422)
    assert str(cap) in str(problem["detail"])

    heavy = [{**a, "weight": 0.9} for a in PORTFOLIO["assets"]]
    assert "sum" in str(assert_problem(create(http, account, {**PORTFOLIO, "assets": heavy}), 422)["detail"])
    both = {**PORTFOLIO, "inputs_file_id": str(uuid.uuid4())}
    assert_problem(create(http, account, both), 422)
    neither = {k: v for k, v in PORTFOLIO.items() if k not in ("assets", "correlation")}
    assert_problem(create(http, account, neither), 422)
    assert_problem(create(http, account, {**PORTFOLIO, "correlation": [[1, 0.2]]}), 422)
    assert_problem(create(http, account, {**PORTFOLIO, "paths": 0}), 400)
    assert_problem(create(http, account, {**PORTFOLIO, "unknown": 1}), 400)
    assert job_count(http, account) == 0


def test_cancel_a_running_job(http: httpx.Client, account: Account) -> None:
    long = {**PORTFOLIO, "paths": 2_000_000, "steps": 250}  # seconds of work on one core: cancelled long before
    job_id = create(http, account, long).json()["id"]
    deadline = time.monotonic() + 30
    while http.get(f"/simulations/{job_id}", headers=account.auth).json()["status"] == "queued":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    cancelling = http.post(f"/simulations/{job_id}/cancel", headers=account.auth)
    assert cancelling.status_code == 200
    assert cancelling.json()["cancel_requested"] is True or cancelling.json()["status"] == "cancelled"
    assert wait_finished(http, account, job_id)["status"] == "cancelled"
    assert_problem(http.get(f"/simulations/{job_id}/result", headers=account.auth), 409)
    assert_problem(http.post(f"/simulations/{job_id}/cancel", headers=account.auth), 409)


def test_jobs_are_private_and_the_queue_counts(http: httpx.Client, account: Account) -> None:
    job_id = create(http, account, {**PORTFOLIO, "paths": 1_000}).json()["id"]
    stranger = register_and_login(http)
    for method, path in (
        ("GET", f"/simulations/{job_id}"),
        ("GET", f"/simulations/{job_id}/result"),
        ("POST", f"/simulations/{job_id}/cancel"),
    ):
        assert_problem(http.request(method, path, headers=stranger.auth), 404)
    queue = http.get("/simulations/queue", headers=account.auth).json()
    assert queue["queued"] >= 0
    assert queue["running"] >= 0
    assert all(item["position"] >= 1 for item in queue["mine"])
    assert wait_finished(http, account, job_id)["status"] == "succeeded"
    assert_problem(http.get("/simulations/queue"), 401)


def test_queue_positions_follow_the_order_jobs_start(http: httpx.Client, account: Account) -> None:
    """With the one worker busy, queued jobs are numbered across users in the order they will start.

    Users take turns: the other user's job goes before this user's two, though it came after the first.
    """
    blocker = create(http, account, {**PORTFOLIO, "paths": 3_000_000, "steps": 250}).json()["id"]
    deadline = time.monotonic() + 30
    while http.get(f"/simulations/{blocker}", headers=account.auth).json()["status"] == "queued":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    other = register_and_login(http)
    small = {**PORTFOLIO, "paths": 1_000}
    first = create(http, account, small).json()["id"]
    theirs = create(http, other, small).json()["id"]
    second = create(http, account, small).json()["id"]
    queue = http.get("/simulations/queue", headers=account.auth).json()
    their_queue = http.get("/simulations/queue", headers=other.auth).json()
    assert http.get(f"/simulations/{blocker}", headers=account.auth).json()["status"] == "running"
    assert (queue["queued"], queue["running"]) == (3, 1)
    assert [item["id"] for item in queue["mine"]] == [first, second]
    (their_item,) = their_queue["mine"]
    assert their_item["id"] == theirs
    positions = [their_item["position"], queue["mine"][0]["position"], queue["mine"][1]["position"]]
    assert positions == [1, 2, 3]

    assert http.post(f"/simulations/{blocker}/cancel", headers=account.auth).status_code == 200
    assert wait_finished(http, account, blocker)["status"] == "cancelled"
    started = []
    for job_id, owner in ((theirs, other), (first, account), (second, account)):
        finished = wait_finished(http, owner, job_id)
        assert finished["status"] == "succeeded"
        started.append(datetime.fromisoformat(finished["started_at"]))
    assert started == sorted(started)  # they started in the order of their positions
    assert http.get("/simulations/queue", headers=account.auth).json()["mine"] == []
