"""The audit log over HTTP in both placements: what users and admins did, in order, filtered and paged."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import assert_problem
from tests.plugins.admin._support import admin_headers, audit_entries, wait_for_entries, wait_for_entry

AUDIT = "/admin/audit"
PASSWORD = "correct horse battery"


def _for(target: str) -> Any:
    return lambda entry: entry["target"] == target


def test_the_audit_log_shows_what_happened_in_order(http: httpx.Client) -> None:
    admin = admin_headers(http)
    admin_id = http.get("/auth/me", headers=admin).json()["id"]
    email = f"audited-{uuid.uuid4().hex[:12]}@example.com"
    steps: list[dict[str, Any]] = []

    user_id = http.post("/auth/register", json={"email": email, "password": PASSWORD}).json()["id"]
    steps.append(wait_for_entry(http, admin, "auth.user_registered", _for(user_id)))
    assert steps[-1]["details"] == {"email": email}

    login = http.post("/auth/login", json={"email": email, "password": PASSWORD})
    user = {"Authorization": f"Bearer {login.json()['access_token']}"}
    steps.append(wait_for_entry(http, admin, "auth.login_succeeded", _for(user_id)))
    assert steps[-1]["actor"] == user_id

    assert_problem(http.post("/auth/login", json={"email": email, "password": "wrong password"}), 401)
    steps.append(wait_for_entry(http, admin, "auth.login_failed", _for(email)))
    assert (steps[-1]["actor"], steps[-1]["details"]["reason"]) == (user_id, "bad_credentials")

    key_id = http.post("/auth/api-keys", json={"name": "nightly"}, headers=user).json()["id"]
    steps.append(wait_for_entry(http, admin, "auth.api_key_created", _for(key_id)))
    assert steps[-1]["details"] == {"name": "nightly"}  # never the secret

    uploaded = http.post("/files", files={"file": ("a.csv", b"a,b\n", "text/csv")}, headers=user).json()
    assert http.delete(f"/files/{uploaded['id']}", headers=user).status_code == 204
    steps.append(wait_for_entry(http, admin, "files.deleted", _for(uploaded["id"])))

    assert http.put(f"/admin/users/{user_id}/role", json={"role": "admin"}, headers=admin).status_code == 200
    steps.append(wait_for_entry(http, admin, "auth.role_changed", _for(user_id)))
    assert steps[-1]["actor"] == admin_id
    assert steps[-1]["details"] == {"role": "admin", "previous_role": "user"}
    action = wait_for_entry(http, admin, "admin.user.role_changed", _for(user_id))
    assert (action["actor"], action["details"]) == (admin_id, {"role": "admin", "previous_role": "user"})

    assert http.post(f"/admin/users/{user_id}/disable", headers=admin).status_code == 200
    steps.append(wait_for_entry(http, admin, "auth.user_disabled", _for(user_id)))
    # The admin action and auth's own event are published by two plugins at once: either may come first.
    assert wait_for_entry(http, admin, "admin.user.disabled", _for(user_id))["actor"] == admin_id
    assert_problem(http.post("/auth/login", json={"email": email, "password": PASSWORD}), 401)
    steps.append(
        wait_for_entry(
            http, admin, "auth.login_failed", lambda e: e["details"]["reason"] == "disabled" and e["target"] == email
        )
    )

    seqs = [entry["seq"] for entry in steps]
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(seqs)
    # Each entry is chained to the one before it.
    newest = audit_entries(http, admin, limit=2)
    assert newest[0]["seq"] == newest[1]["seq"] + 1
    assert newest[0]["prev_hash"] == newest[1]["hash"]
    assert all(len(entry["hash"]) == 64 for entry in steps)


def test_entries_filter_by_actor_action_and_time_and_page_newest_first(http: httpx.Client) -> None:
    admin = admin_headers(http)
    email = f"paged-{uuid.uuid4().hex[:12]}@example.com"
    user_id = http.post("/auth/register", json={"email": email, "password": PASSWORD}).json()["id"]
    for _ in range(2):
        assert http.post("/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    mine = wait_for_entries(http, admin, 3, actor=user_id)
    assert [e["actor"] for e in mine] == [user_id] * 3
    assert [e["seq"] for e in mine] == sorted((e["seq"] for e in mine), reverse=True)
    assert [e["action"] for e in mine][-1] == "auth.user_registered"

    pages: list[int] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"actor": user_id, "limit": 2, **({"cursor": cursor} if cursor else {})}
        body = http.get(AUDIT, params=params, headers=admin).json()
        pages += [e["seq"] for e in body["items"]]
        cursor = body["page"]["next_cursor"]
        if cursor is None:
            break
    assert pages == [e["seq"] for e in mine]

    logins = audit_entries(http, admin, actor=user_id, action="auth.login_succeeded")
    assert len(logins) == 2
    first = mine[-1]["at"]
    assert [e["seq"] for e in audit_entries(http, admin, actor=user_id, until=first)] == []
    assert mine[-1]["seq"] in [e["seq"] for e in audit_entries(http, admin, actor=user_id, since=first)]


def test_bad_audit_queries_are_refused(http: httpx.Client) -> None:
    admin = admin_headers(http)
    for params in (
        {"cursor": "not-a-cursor"},
        {"actor": "not-a-uuid"},
        {"action": "Bad Action"},
        {"since": "yesterday"},
        {"limit": 0},
    ):
        assert_problem(http.get(AUDIT, params=params, headers=admin), 400)
    assert_problem(http.get(AUDIT), 401)
