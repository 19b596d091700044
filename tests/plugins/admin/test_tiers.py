"""Tiers over HTTP in both placements: CRUD for admins only, and each limit enforced per user where it applies."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest

from tests._platform import TEST_ADMIN, RunningPlatform
from tests.conftest import Account, assert_problem, register_and_login
from tests.pacts._tier_states import admin_auth
from tests.plugins.simulation.test_api import PORTFOLIO, wait_finished

TIERS = "/admin/tiers"
# Tier limits are kept 1 s by the reading plugins on the test platforms (limits_cache_seconds); a loaded box is slower.
APPLIES_WITHIN = 30.0
DEFAULTS = {"file_quota_bytes": 1_000_000, "simulation_max_path_steps": 1_000_000, "simulation_max_concurrent_jobs": 5}


@pytest.fixture
def admin(http: httpx.Client) -> dict[str, str]:
    return admin_auth(http)


def new_tier(http: httpx.Client, admin: dict[str, str], **limits: Any) -> str:
    """A fresh tier with ``limits`` over :data:`DEFAULTS`; its name."""
    name = f"t-{uuid.uuid4().hex[:12]}"
    created = http.post(TIERS, json={"name": name, **DEFAULTS, **limits}, headers=admin)
    assert created.status_code == 201, created.text
    return name


def put_on(http: httpx.Client, admin: dict[str, str], account: Account, tier: str) -> None:
    moved = http.put(f"/admin/users/{account.id}/tier", json={"tier": tier}, headers=admin)
    assert moved.status_code == 200, moved.text
    assert moved.json() == {"user_id": account.id, "tier": tier}


def upload(http: httpx.Client, account: Account, size: int) -> httpx.Response:
    part = ("notes.txt", b"x" * size, "text/plain")
    return http.post("/files", files={"file": part}, headers=account.auth)


def test_tier_operations_are_for_admins_only(http: httpx.Client, account: Account) -> None:
    body = {"name": "sneaky", **DEFAULTS}
    assert_problem(http.get(TIERS, headers=account.auth), 403)
    assert_problem(http.post(TIERS, json=body, headers=account.auth), 403)
    assert_problem(http.get(f"{TIERS}/free", headers=account.auth), 403)
    assert_problem(http.put(f"{TIERS}/free", json=DEFAULTS, headers=account.auth), 403)
    assert_problem(http.delete(f"{TIERS}/free", headers=account.auth), 403)
    assert_problem(http.put(f"/admin/users/{account.id}/tier", json={"tier": "free"}, headers=account.auth), 403)
    assert_problem(http.get(TIERS), 401)


def test_the_default_tier_is_seeded_from_config(http: httpx.Client, admin: dict[str, str]) -> None:
    listed = http.get(TIERS, headers=admin)
    assert listed.status_code == 200, listed.text
    free = next(t for t in listed.json()["items"] if t["name"] == "free")
    assert free["is_default"] is True
    assert free["file_quota_bytes"] == TEST_ADMIN["default_file_quota_bytes"]
    assert free["simulation_max_path_steps"] == TEST_ADMIN["default_simulation_max_path_steps"]
    assert free["requests_per_minute"] is None
    # Users on it stay on it: the default tier cannot be deleted.
    assert_problem(http.delete(f"{TIERS}/free", headers=admin), 409)


def test_create_get_update_delete(http: httpx.Client, admin: dict[str, str]) -> None:
    name = new_tier(http, admin, requests_per_minute=100)
    tier = http.get(f"{TIERS}/{name}", headers=admin).json()
    assert tier == {"name": name, **DEFAULTS, "requests_per_minute": 100, "is_default": False}
    assert_problem(http.post(TIERS, json={"name": name, **DEFAULTS}, headers=admin), 409)

    changed = {**DEFAULTS, "file_quota_bytes": 5}  # requests_per_minute left out: no limit
    updated = http.put(f"{TIERS}/{name}", json=changed, headers=admin)
    assert updated.status_code == 200, updated.text
    assert updated.json() == {"name": name, **changed, "requests_per_minute": None, "is_default": False}
    assert name in [t["name"] for t in http.get(TIERS, headers=admin).json()["items"]]

    assert http.delete(f"{TIERS}/{name}", headers=admin).status_code == 204
    assert_problem(http.get(f"{TIERS}/{name}", headers=admin), 404)
    assert_problem(http.delete(f"{TIERS}/{name}", headers=admin), 404)
    assert_problem(http.put(f"{TIERS}/{name}", json=DEFAULTS, headers=admin), 404)


def test_a_tier_in_use_cannot_be_deleted(http: httpx.Client, admin: dict[str, str], account: Account) -> None:
    name = new_tier(http, admin)
    put_on(http, admin, account, name)
    assert_problem(http.delete(f"{TIERS}/{name}", headers=admin), 409)
    put_on(http, admin, account, "free")
    assert http.delete(f"{TIERS}/{name}", headers=admin).status_code == 204


def test_a_user_auth_does_not_know_gets_no_tier(http: httpx.Client, admin: dict[str, str]) -> None:
    nobody = uuid.uuid4()
    assert_problem(http.put(f"/admin/users/{nobody}/tier", json={"tier": "free"}, headers=admin), 404)


def test_bad_input_is_a_4xx_problem_and_changes_nothing(
    http: httpx.Client, admin: dict[str, str], account: Account
) -> None:
    for body in (
        {},
        {**DEFAULTS, "name": "Has Caps"},
        {**DEFAULTS, "name": ""},
        {**DEFAULTS, "name": "x" * 41},
        {**DEFAULTS, "name": "ok", "file_quota_bytes": -1},
        {**DEFAULTS, "name": "ok", "simulation_max_concurrent_jobs": 0},
        {**DEFAULTS, "name": "ok", "requests_per_minute": 0},
        {**DEFAULTS, "name": "ok", "extra": 1},
    ):
        assert_problem(http.post(TIERS, json=body, headers=admin), 400)
    assert "ok" not in [t["name"] for t in http.get(TIERS, headers=admin).json()["items"]]
    assert_problem(http.get(f"{TIERS}/NOT%20A%20NAME", headers=admin), 400)
    unknown = assert_problem(http.put(f"/admin/users/{account.id}/tier", json={"tier": "nope"}, headers=admin), 422)
    assert "nope" in str(unknown["detail"])


def test_a_tiny_quota_refuses_an_upload_another_user_makes(http: httpx.Client, admin: dict[str, str]) -> None:
    small, other = register_and_login(http), register_and_login(http)
    put_on(http, admin, small, new_tier(http, admin, file_quota_bytes=50))
    problem = assert_problem(upload(http, small, 100), 409)
    assert "50 bytes" in str(problem["detail"])
    assert http.get("/files/usage", headers=small.auth).json()["quota_bytes"] == 50
    assert upload(http, small, 40).status_code == 201  # within the tier's quota
    assert upload(http, other, 100).status_code == 201, "a user on the default tier is not refused"


def test_a_tiers_path_steps_cap_refuses_a_big_simulation(http: httpx.Client, admin: dict[str, str]) -> None:
    small, other = register_and_login(http), register_and_login(http)
    put_on(http, admin, small, new_tier(http, admin, simulation_max_path_steps=10_000))
    body = {**PORTFOLIO, "paths": 1_000, "steps": 12}  # 12,000 path steps
    problem = assert_problem(http.post("/simulations", json=body, headers=small.auth), 422)
    assert "10000" in str(problem["detail"])
    assert http.get("/simulations", headers=small.auth).json()["items"] == []  # nothing was queued
    accepted = http.post("/simulations", json=body, headers=other.auth)
    assert accepted.status_code == 202, accepted.text
    wait_finished(http, other, accepted.json()["id"])


def test_a_tiers_concurrent_jobs_limit_refuses_one_more(http: httpx.Client, admin: dict[str, str]) -> None:
    user = register_and_login(http)
    put_on(http, admin, user, new_tier(http, admin, simulation_max_path_steps=10**9, simulation_max_concurrent_jobs=1))
    long = http.post("/simulations", json={**PORTFOLIO, "paths": 3_000_000, "steps": 250}, headers=user.auth)
    assert long.status_code == 202, long.text
    refused = http.post("/simulations", json={**PORTFOLIO, "paths": 1_000}, headers=user.auth)
    assert_problem(refused, 429)
    assert refused.headers["Retry-After"].isdigit()
    assert http.post(f"/simulations/{long.json()['id']}/cancel", headers=user.auth).status_code == 200
    wait_finished(http, user, long.json()["id"])


def test_a_tiers_request_rate_is_enforced_per_user(http: httpx.Client, admin: dict[str, str]) -> None:
    limited, other = register_and_login(http), register_and_login(http)
    put_on(http, admin, limited, new_tier(http, admin, requests_per_minute=3))
    for _ in range(3):
        assert http.get("/files", headers=limited.auth).status_code == 200
    refused = http.get("/files", headers=limited.auth)
    assert_problem(refused, 429)
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert http.get("/files", headers=other.auth).status_code == 200  # counted per user


def test_changing_a_users_tier_applies(http: httpx.Client, admin: dict[str, str], account: Account) -> None:
    assert upload(http, account, 100).status_code == 201  # on the default tier
    put_on(http, admin, account, new_tier(http, admin, file_quota_bytes=10))
    deadline = time.monotonic() + APPLIES_WITHIN
    while (response := upload(http, account, 100)).status_code == 201:
        assert time.monotonic() < deadline, "the new tier's quota never applied"
        time.sleep(0.2)
    assert_problem(response, 409)


def test_get_user_limits_is_not_served_over_http(platform: RunningPlatform, admin: dict[str, str]) -> None:
    """getUserLimits travels only between services: no HTTP route serves it."""
    with platform.client() as http:
        response = http.get(f"/admin/internal/users/{uuid.uuid4()}/limits", headers=admin)
    assert response.status_code in (404, 405)
