"""Revocation reaches access tokens at once, in both placements, with no database read per request.

Logout, a password change (for the other sessions), a replayed refresh token and an admin
disabling a user are announced as ``auth.sessions_revoked``; every credential verifier keeps the
live list in memory and refuses the tokens of those sessions on the very next request.
"""

from __future__ import annotations

import uuid

import httpx
import jwt

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Account, assert_problem, register_and_login

PORTFOLIO = {
    "assets": [{"name": "stocks", "weight": 1.0, "expected_return": 0.05, "volatility": 0.1}],
    "initial_value": 1000,
    "horizon_years": 1,
    "steps": 12,
    "paths": 100,
    "seed": 1,
}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _login(http: httpx.Client, email: str, password: str) -> dict[str, str]:
    response = http.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return dict(response.json())


def _admin(http: httpx.Client) -> dict[str, str]:
    return _bearer(_login(http, ADMIN_EMAIL, ADMIN_PASSWORD)["access_token"])


def test_logout_ends_the_access_token_at_once(http: httpx.Client, account: Account) -> None:
    other = _bearer(_login(http, account.email, account.password)["access_token"])
    assert http.get("/auth/me", headers=account.auth).status_code == 200
    assert http.post("/auth/logout", headers=account.auth).status_code == 204
    assert_problem(http.get("/auth/me", headers=account.auth), 401)
    assert_problem(http.post("/auth/logout", headers=account.auth), 401)
    # Only that session ended.
    assert http.get("/auth/me", headers=other).json()["id"] == account.id


def test_password_change_from_another_session_ends_this_sessions_token(http: httpx.Client, account: Account) -> None:
    session_b = _bearer(_login(http, account.email, account.password)["access_token"])
    changed = http.post(
        "/auth/me/password",
        headers=session_b,
        json={"current_password": account.password, "new_password": "changed from session b"},
    )
    assert changed.status_code == 204

    assert_problem(http.get("/auth/me", headers=account.auth), 401)
    assert_problem(http.patch("/auth/me", headers=account.auth, json={"email": f"x{account.email}"}), 401)
    assert_problem(http.post("/auth/api-keys", headers=account.auth, json={"name": "never"}), 401)
    assert_problem(
        http.post(
            "/auth/me/password",
            headers=account.auth,
            json={"current_password": "changed from session b", "new_password": "taken back by a"},
        ),
        401,
    )
    # Nothing changed through the dead session, and session B lives on.
    me = http.get("/auth/me", headers=session_b)
    assert me.status_code == 200
    assert me.json()["email"] == account.email
    assert http.get("/auth/api-keys", headers=session_b).json()["items"] == []
    assert _login(http, account.email, "changed from session b")["access_token"]


def test_a_replayed_refresh_token_ends_its_sessions_access_tokens(http: httpx.Client, account: Account) -> None:
    rotated = http.post("/auth/refresh", json={"refresh_token": account.refresh_token})
    assert rotated.status_code == 200
    newer = _bearer(rotated.json()["access_token"])
    assert http.get("/auth/me", headers=newer).status_code == 200
    assert_problem(http.post("/auth/refresh", json={"refresh_token": account.refresh_token}), 401)
    assert_problem(http.get("/auth/me", headers=newer), 401)
    assert_problem(http.get("/auth/me", headers=account.auth), 401)


def test_a_disabled_users_token_stops_working_at_once(http: httpx.Client, account: Account) -> None:
    admin = _admin(http)
    key = http.post("/auth/api-keys", headers=account.auth, json={"name": "ci"}).json()["key"]
    before = http.post("/files", files={"file": ("a.csv", b"a,b\n1,2\n", "text/csv")}, headers=account.auth)
    assert before.status_code == 201, before.text

    assert http.post(f"/auth/users/{account.id}/disable", headers=admin).status_code == 204

    upload = http.post("/files", files={"file": ("b.csv", b"a,b\n3,4\n", "text/csv")}, headers=account.auth)
    assert_problem(upload, 401)
    assert_problem(http.post("/simulations", json=PORTFOLIO, headers=account.auth), 401)
    assert_problem(http.get("/auth/me", headers=account.auth), 401)
    assert_problem(http.get("/auth/me", headers={"X-API-Key": key}), 401)
    assert_problem(http.post("/auth/login", json={"email": account.email, "password": account.password}), 401)
    assert_problem(http.post("/auth/refresh", json={"refresh_token": account.refresh_token}), 401)
    listed = http.get("/files", headers=_bearer(_login(http, ADMIN_EMAIL, ADMIN_PASSWORD)["access_token"]))
    assert listed.status_code == 200

    # Disabling twice changes nothing; enabling lets the user sign in afresh, old sessions stay ended.
    assert http.post(f"/auth/users/{account.id}/disable", headers=admin).status_code == 204
    assert http.post(f"/auth/users/{account.id}/enable", headers=admin).status_code == 204
    fresh = _bearer(_login(http, account.email, account.password)["access_token"])
    assert http.get("/auth/me", headers=fresh).json()["id"] == account.id
    assert http.get("/auth/me", headers={"X-API-Key": key}).status_code == 200
    assert_problem(http.get("/auth/me", headers=account.auth), 401)


def test_disabling_is_for_admins_and_names_a_real_user(http: httpx.Client, account: Account) -> None:
    other = register_and_login(http)
    assert_problem(http.post(f"/auth/users/{other.id}/disable", headers=account.auth), 403)
    assert_problem(http.post(f"/auth/users/{other.id}/enable", headers=account.auth), 403)
    assert http.get("/auth/me", headers=other.auth).status_code == 200  # the refused call changed nothing
    admin = _admin(http)
    assert_problem(http.post(f"/auth/users/{uuid.uuid4()}/disable", headers=admin), 404)
    assert_problem(http.post(f"/auth/users/{uuid.uuid4()}/enable", headers=admin), 404)
    assert_problem(http.post("/auth/users/not-a-uuid/disable", headers=admin), 404)  # no such route
    admin_id = http.get("/auth/me", headers=admin).json()["id"]
    assert_problem(http.post(f"/auth/users/{admin_id}/disable", headers=admin), 422)
    assert http.get("/auth/me", headers=admin).status_code == 200


def test_changing_credentials_needs_a_live_session_not_an_api_key(http: httpx.Client, account: Account) -> None:
    key = http.post("/auth/api-keys", headers=account.auth, json={"name": "ci"}).json()["key"]
    api_key = {"X-API-Key": key}
    assert http.get("/auth/me", headers=api_key).status_code == 200
    assert_problem(http.post("/auth/api-keys", headers=api_key, json={"name": "more"}), 401)
    assert_problem(http.patch("/auth/me", headers=api_key, json={"email": f"k{account.email}"}), 401)
    assert http.get("/auth/me", headers=account.auth).json()["email"] == account.email


def test_tokens_carry_the_session_they_are_checked_against(account: Account) -> None:
    claims = jwt.decode(account.access_token, options={"verify_signature": False})
    assert uuid.UUID(claims["sid"])
