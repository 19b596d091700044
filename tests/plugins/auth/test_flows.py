"""Auth through HTTP on a running platform: sessions, rotation, revocation, API keys, roles."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests._platform import AUTH_ONLY, RunningPlatform, start_platform
from tests._wait import wait_until
from tests.conftest import Account, assert_problem, create_admin, register_and_login


def test_register_login_me_refresh_logout(http: httpx.Client) -> None:
    account = register_and_login(http)
    me = http.get("/auth/me", headers=account.auth)
    assert me.status_code == 200
    assert me.json()["email"] == account.email
    assert me.json()["role"] == "user"

    refreshed = http.post("/auth/refresh", json={"refresh_token": account.refresh_token})
    assert refreshed.status_code == 200
    pair = refreshed.json()
    assert pair["refresh_token"] != account.refresh_token
    assert pair["token_type"] == "Bearer"
    new_auth = {"Authorization": f"Bearer {pair['access_token']}"}
    assert http.get("/auth/me", headers=new_auth).json()["id"] == account.id

    assert http.post("/auth/logout", headers=new_auth).status_code == 204
    after = http.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert_problem(after, 401)


def test_register_rejects_taken_email_case_insensitively(http: httpx.Client, account: Account) -> None:
    again = http.post("/auth/register", json={"email": account.email.upper(), "password": "another password"})
    assert_problem(again, 409)


def test_refresh_token_reuse_revokes_the_family(http: httpx.Client, account: Account) -> None:
    first = http.post("/auth/refresh", json={"refresh_token": account.refresh_token})
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]

    replay = http.post("/auth/refresh", json={"refresh_token": account.refresh_token})
    assert_problem(replay, 401)
    # The legitimate, newer token of the same family is dead too.
    assert_problem(http.post("/auth/refresh", json={"refresh_token": rotated}), 401)


def test_change_password_revokes_other_sessions(http: httpx.Client, account: Account) -> None:
    other = http.post("/auth/login", json={"email": account.email, "password": account.password}).json()

    changed = http.post(
        "/auth/me/password",
        headers=account.auth,
        json={"current_password": account.password, "new_password": "a brand new secret"},
    )
    assert changed.status_code == 204

    assert_problem(http.post("/auth/refresh", json={"refresh_token": other["refresh_token"]}), 401)
    # The session that changed the password lives on.
    assert http.post("/auth/refresh", json={"refresh_token": account.refresh_token}).status_code == 200
    assert_problem(http.post("/auth/login", json={"email": account.email, "password": account.password}), 401)
    assert http.post("/auth/login", json={"email": account.email, "password": "a brand new secret"}).status_code == 200


def test_change_password_with_wrong_current_password_changes_nothing(http: httpx.Client, account: Account) -> None:
    wrong = http.post(
        "/auth/me/password",
        headers=account.auth,
        json={"current_password": "not my password", "new_password": "a brand new secret"},
    )
    assert_problem(wrong, 422)
    assert http.post("/auth/login", json={"email": account.email, "password": account.password}).status_code == 200


def test_update_me(http: httpx.Client, account: Account) -> None:
    updated = http.patch("/auth/me", headers=account.auth, json={"display_name": "Ada"})
    assert updated.status_code == 200
    assert updated.json()["display_name"] == "Ada"
    assert http.get("/auth/me", headers=account.auth).json()["display_name"] == "Ada"


def test_api_key_authenticates_until_revoked(http: httpx.Client, account: Account) -> None:
    created = http.post("/auth/api-keys", headers=account.auth, json={"name": "ci"})
    assert created.status_code == 201
    key = created.json()["key"]
    key_id = created.json()["id"]
    assert created.json()["prefix"] == key[:11]

    me = http.get("/auth/me", headers={"X-API-Key": key})
    assert me.status_code == 200
    assert me.json()["id"] == account.id

    listed = http.get("/auth/api-keys", headers=account.auth).json()
    assert [item["id"] for item in listed["items"]] == [key_id]
    assert "key" not in listed["items"][0]  # the secret is shown once, at creation

    assert http.delete(f"/auth/api-keys/{key_id}", headers=account.auth).status_code == 204
    assert_problem(http.get("/auth/me", headers={"X-API-Key": key}), 401)
    assert_problem(http.delete(f"/auth/api-keys/{key_id}", headers=account.auth), 404)


def test_api_keys_paginate(http: httpx.Client, account: Account) -> None:
    ids = [http.post("/auth/api-keys", headers=account.auth, json={"name": f"k{i}"}).json()["id"] for i in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = http.get("/auth/api-keys", headers=account.auth, params=params).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["page"].get("next_cursor")
        if not cursor:
            break
    assert sorted(seen) == sorted(ids)
    assert len(seen) == len(set(seen))
    assert_problem(http.get("/auth/api-keys", headers=account.auth, params={"cursor": "garbage!"}), 400)


def test_another_users_api_key_cannot_be_revoked(http: httpx.Client, account: Account) -> None:
    other = register_and_login(http)
    key_id = http.post("/auth/api-keys", headers=other.auth, json={"name": "theirs"}).json()["id"]
    assert_problem(http.delete(f"/auth/api-keys/{key_id}", headers=account.auth), 404)


def test_jwks_publishes_the_signing_key(http: httpx.Client, account: Account) -> None:
    jwks = http.get("/auth/.well-known/jwks.json").json()
    assert [key["kty"] for key in jwks["keys"]] == ["OKP"]
    import jwt

    header = jwt.get_unverified_header(account.access_token)
    assert header["alg"] == "EdDSA"
    assert header["kid"] == jwks["keys"][0]["kid"]
    key = jwt.PyJWK.from_dict(jwks["keys"][0]).key
    claims = jwt.decode(account.access_token, key, algorithms=["EdDSA"], audience="turnout")
    assert claims["sub"] == account.id


def test_admin_only_operation(http: httpx.Client, platform: RunningPlatform, account: Account) -> None:
    assert_problem(http.get("/auth/users", headers=account.auth), 403)
    admin_email = "root-" + account.email
    create_admin(platform, admin_email, "admin password 1")
    token = http.post("/auth/login", json={"email": admin_email, "password": "admin password 1"}).json()["access_token"]
    emails: list[str] = []
    params: dict[str, str | int] = {"limit": 200}
    while True:
        users = http.get("/auth/users", headers={"Authorization": f"Bearer {token}"}, params=params)
        assert users.status_code == 200
        emails += [u["email"] for u in users.json()["items"]]
        cursor = users.json()["page"].get("next_cursor")
        if not cursor:
            break
        params = {"limit": 200, "cursor": cursor}
    assert account.email in emails
    assert admin_email in emails
    assert len(emails) == len(set(emails))


def test_login_throttling_per_account_and_address(tmp_path: Path) -> None:
    running = start_platform(
        tmp_path,
        platform_settings=AUTH_ONLY,  # logins are auth's alone: the other plugins would only slow the start
        auth={"login_max_failures_per_account_and_address": 3, "login_max_failures_per_address": 5},
        timeout=60.0,
    )
    try:
        with running.client() as http:
            account = register_and_login(http)
            for _ in range(3):
                assert_problem(http.post("/auth/login", json={"email": account.email, "password": "wrong!"}), 401)
            blocked = http.post("/auth/login", json={"email": account.email, "password": account.password})
            assert_problem(blocked, 429)
            assert int(blocked.headers["Retry-After"]) > 0
            # Two more failures on other accounts spend the address's budget of five.
            for i in range(2):
                http.post("/auth/login", json={"email": f"nobody{i}@example.com", "password": "wrong!"})
            fresh = http.post("/auth/register", json={"email": "fresh@example.com", "password": "fresh password"})
            assert fresh.status_code == 201
            by_address = http.post("/auth/login", json={"email": "fresh@example.com", "password": "fresh password"})
            assert_problem(by_address, 429)
    finally:
        running.stop()


def test_correlation_id_is_honoured_and_returned(http: httpx.Client, platform: RunningPlatform) -> None:
    response = http.get("/auth/me", headers={"X-Correlation-ID": "trace-me-123"})
    assert response.headers["x-correlation-id"] == "trace-me-123"
    assert response.json()["correlation_id"] == "trace-me-123"
    generated = http.get("/health").headers["x-correlation-id"]
    assert len(generated) == 32

    # The JSON access log carries it too (its lines are written in batches, within half a second).
    def logged() -> bool:
        return any(
            line.startswith("{") and json.loads(line).get("correlation_id") == "trace-me-123"
            for line in platform.logs().splitlines()
        )

    wait_until(logged, within=10.0)
