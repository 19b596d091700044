"""Admins manage users through the admin API in both placements; a change applies from the user's next request."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from tests.conftest import Account, assert_problem
from tests.plugins.admin._support import admin_headers

USERS = "/admin/users"
_METHODS = ("get", "put", "post", "patch", "delete")


def _admin_operations(document: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """Every operation the served document has under /admin: method, concrete path, a body it accepts."""
    found = []
    for template, item in document["paths"].items():
        if not template.startswith("/admin/"):
            continue
        # Any value of the right shape: the role check comes before the parameters are looked at.
        path = re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), template)
        for method in _METHODS:
            if method not in item:
                continue
            content = item[method].get("requestBody", {}).get("content", {}).get("application/json")
            found.append((method.upper(), path, content.get("example", {}) if content else None))
    return found


def test_every_admin_operation_is_forbidden_to_a_plain_user(http: httpx.Client, account: Account) -> None:
    document = http.get("/schema/openapi.json").json()
    operations = _admin_operations(document)
    assert ("GET", USERS, None) in operations  # the walk sees the operations of every admin module
    for method, path, body in operations:
        response = http.request(method, path, json=body, headers=account.auth)
        assert_problem(response, 403)


def test_admins_find_users_by_email_role_and_state(http: httpx.Client, account: Account) -> None:
    admin = admin_headers(http)
    found = http.get(USERS, params={"q": account.email.upper()[5:17]}, headers=admin)
    assert found.status_code == 200, found.text
    assert [u["id"] for u in found.json()["items"]] == [account.id]
    user = found.json()["items"][0]
    assert (user["email"], user["role"], user["disabled"]) == (account.email, "user", False)
    assert http.get(f"{USERS}/{account.id}", headers=admin).json() == user
    admins = http.get(USERS, params={"role": "admin", "limit": 200}, headers=admin).json()["items"]
    assert admins
    assert all(u["role"] == "admin" for u in admins)
    assert account.id not in [u["id"] for u in admins]
    # A wildcard is a plain character, not a pattern.
    assert http.get(USERS, params={"q": "%"}, headers=admin).json()["items"] == []
    # Pages of one filter chain through the cursor, oldest first, without repeats.
    tag = f"pages-{uuid.uuid4().hex[:8]}"
    tagged = [_register(http, f"{tag}-{i}@example.com") for i in range(3)]
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {
            "q": tag,
            "limit": 2,
            "disabled": "false",
            **({"cursor": cursor} if cursor else {}),
        }
        page = http.get(USERS, params=params, headers=admin).json()
        seen += [u["id"] for u in page["items"]]
        cursor = page["page"]["next_cursor"]
        if cursor is None:
            break
    assert seen == tagged


def _register(http: httpx.Client, email: str) -> str:
    created = http.post("/auth/register", json={"email": email, "password": "correct horse battery"})
    assert created.status_code == 201, created.text
    user_id: str = created.json()["id"]
    return user_id


def test_a_disabled_user_is_refused_on_their_next_request(http: httpx.Client, account: Account) -> None:
    admin = admin_headers(http)
    created = http.post("/auth/api-keys", json={"name": "ci"}, headers=account.auth)
    assert created.status_code == 201, created.text
    key = {"X-API-Key": created.json()["key"]}
    assert http.get("/auth/me", headers=account.auth).status_code == 200
    assert http.get("/auth/me", headers=key).status_code == 200

    disabled = http.post(f"{USERS}/{account.id}/disable", headers=admin)
    assert disabled.status_code == 200, disabled.text
    assert disabled.json()["disabled"] is True
    assert_problem(http.get("/auth/me", headers=account.auth), 401)
    assert_problem(http.get("/auth/me", headers=key), 401)
    login = {"email": account.email, "password": account.password}
    assert_problem(http.post("/auth/login", json=login), 401)
    assert (
        http.get(USERS, params={"q": account.email, "disabled": "true"}, headers=admin).json()["items"][0]["id"]
        == account.id
    )
    # Disabling again changes nothing.
    assert http.post(f"{USERS}/{account.id}/disable", headers=admin).json()["disabled"] is True

    enabled = http.post(f"{USERS}/{account.id}/enable", headers=admin)
    assert enabled.status_code == 200, enabled.text
    assert enabled.json()["disabled"] is False
    assert_problem(http.get("/auth/me", headers=account.auth), 401)  # the old session stays ended
    assert http.post("/auth/login", json=login).status_code == 200


def test_a_role_change_applies_on_the_users_next_request(http: httpx.Client, account: Account) -> None:
    admin = admin_headers(http)
    assert_problem(http.get(USERS, headers=account.auth), 403)
    key = {"X-API-Key": http.post("/auth/api-keys", json={"name": "ci"}, headers=account.auth).json()["key"]}

    promoted = http.put(f"{USERS}/{account.id}/role", json={"role": "admin"}, headers=admin)
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["role"] == "admin"
    # The same access token, issued before the change, and the API key both act as an admin now.
    for credentials in (account.auth, key):
        assert http.get(USERS, params={"limit": 1}, headers=credentials).status_code == 200
    assert http.get("/auth/me", headers=account.auth).json()["role"] == "admin"

    demoted = http.put(f"{USERS}/{account.id}/role", json={"role": "user"}, headers=admin)
    assert demoted.json()["role"] == "user"
    for credentials in (account.auth, key):
        assert_problem(http.get(USERS, headers=credentials), 403)
    # A token issued after the change carries the role of then.
    fresh = http.post("/auth/login", json={"email": account.email, "password": account.password}).json()
    assert_problem(http.get(USERS, headers={"Authorization": f"Bearer {fresh['access_token']}"}), 403)


def test_an_admin_cannot_demote_or_disable_themselves(http: httpx.Client) -> None:
    admin = admin_headers(http)
    me = http.get("/auth/me", headers=admin).json()
    assert_problem(http.put(f"{USERS}/{me['id']}/role", json={"role": "user"}, headers=admin), 422)
    assert_problem(http.post(f"{USERS}/{me['id']}/disable", headers=admin), 422)
    assert http.get(f"{USERS}/{me['id']}", headers=admin).json()["role"] == "admin"
    assert http.get("/auth/me", headers=admin).status_code == 200


def test_unknown_users_and_bad_input(http: httpx.Client, account: Account) -> None:
    admin = admin_headers(http)
    missing = uuid.uuid4()
    assert_problem(http.get(f"{USERS}/{missing}", headers=admin), 404)
    assert_problem(http.post(f"{USERS}/{missing}/disable", headers=admin), 404)
    assert_problem(http.post(f"{USERS}/{missing}/enable", headers=admin), 404)
    assert_problem(http.put(f"{USERS}/{missing}/role", json={"role": "admin"}, headers=admin), 404)
    for body in ({}, {"role": "root"}, {"role": "admin", "extra": 1}, {"role": None}):
        assert_problem(http.put(f"{USERS}/{account.id}/role", json=body, headers=admin), 400)
    for params in ({"q": ""}, {"role": "root"}, {"disabled": "maybe"}, {"cursor": "not-a-cursor"}, {"limit": 0}):
        assert_problem(http.get(USERS, params=params, headers=admin), 400)
    assert http.get(f"{USERS}/{account.id}", headers=admin).json()["role"] == "user"  # nothing changed
    assert_problem(http.get(USERS), 401)
