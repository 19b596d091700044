"""getUsage through the HTTP API, in both placements: requests, users, uploads and simulations appear.

The session platforms report usage every second (``[gateway] usage_interval``, tests/conftest.py);
other tests share them, so each count is checked to grow by at least what this test did.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Account, assert_problem, register_and_login

TINY_SIMULATION: dict[str, Any] = {
    "assets": [{"name": "stocks", "weight": 1.0, "expected_return": 0.05, "volatility": 0.15}],
    "correlation": [[1]],
    "initial_value": 100,
    "contribution": 0,
    "horizon_years": 1,
    "steps": 12,
    "paths": 1_000,
    "seed": 3,
}


def _admin(http: httpx.Client) -> dict[str, str]:
    login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _range() -> dict[str, str]:
    # Around today, so a test that runs across midnight (UTC) still sums every count it made.
    today = datetime.now(UTC).date()
    return {"start": (today - timedelta(days=1)).isoformat(), "end": (today + timedelta(days=1)).isoformat()}


def _totals(http: httpx.Client, admin: dict[str, str]) -> dict[str, int]:
    response = http.get("/analytics/usage", params=_range(), headers=admin)
    assert response.status_code == 200, response.text
    totals: dict[str, int] = {"active_users": 0, "simulations_run": 0, "files_uploaded": 0}
    for day in response.json()["days"]:
        for key in ("active_users", "simulations_run", "files_uploaded"):
            totals[key] += day[key]
        for plugin in day["requests_by_plugin"]:
            for key in ("requests", "errors", "client_errors"):
                name = f"{plugin['plugin']}.{key}"
                totals[name] = totals.get(name, 0) + plugin[key]
    return totals


def _activity(http: httpx.Client, account: Account) -> None:
    """A file uploaded, a tiny simulation run to its end, a few files requests (one a 404)."""
    uploaded = http.post("/files", files={"file": ("usage.csv", b"a,b\n1,2\n", "text/csv")}, headers=account.auth)
    assert uploaded.status_code == 201, uploaded.text
    created = http.post("/simulations", json=TINY_SIMULATION, headers=account.auth)
    assert created.status_code == 202, created.text
    deadline = time.monotonic() + 60
    while http.get(f"/simulations/{created.json()['id']}", headers=account.auth).json()["status"] != "succeeded":
        assert time.monotonic() < deadline, "the simulation did not finish"
        time.sleep(0.1)
    assert http.get("/files", headers=account.auth).status_code == 200
    assert http.get(f"/files/{uuid.uuid4()}", headers=account.auth).status_code == 404


def test_usage_counts_what_the_platform_did(http: httpx.Client) -> None:
    admin = _admin(http)
    before = _totals(http, admin)
    _activity(http, register_and_login(http))
    wanted = {
        "active_users": 1,  # the new user, seen for the first time
        "simulations_run": 1,
        "files_uploaded": 1,
        "files.requests": 3,
        "files.client_errors": 1,
        "simulation.requests": 2,
        "auth.requests": 2,  # register and login
    }
    deadline = time.monotonic() + 60
    while True:
        after = _totals(http, admin)
        grown = {key: after.get(key, 0) - before.get(key, 0) for key in wanted}
        if all(grown[key] >= wanted[key] for key in wanted):
            break
        assert time.monotonic() < deadline, f"usage did not grow as expected: {grown} (wanted at least {wanted})"
        time.sleep(0.2)
    assert after["analytics.requests"] > before.get("analytics.requests", 0)  # the admin's own polling
    assert after.get("files.errors", 0) == before.get("files.errors", 0)


def test_usage_is_for_admins_only(http: httpx.Client, account: Account) -> None:
    assert_problem(http.get("/analytics/usage", headers=account.auth), 403)
    assert_problem(http.get("/analytics/usage"), 401)


def test_a_bad_range_is_422(http: httpx.Client) -> None:
    admin = _admin(http)
    reversed_range = http.get("/analytics/usage", params={"start": "2026-03-14", "end": "2026-03-01"}, headers=admin)
    assert_problem(reversed_range, 422)
    too_long = http.get("/analytics/usage", params={"start": "2024-01-01", "end": "2026-01-01"}, headers=admin)
    assert_problem(too_long, 422)
    assert_problem(http.get("/analytics/usage", params={"start": "yesterday"}, headers=admin), 400)
    one_day = http.get("/analytics/usage", params={"start": "2026-03-14", "end": "2026-03-14"}, headers=admin)
    assert one_day.status_code == 200
    assert [day["date"] for day in one_day.json()["days"]] == ["2026-03-14"]
