"""Notifications over HTTP in both placements: sends, the inbox, email, preferences, ownership, bad input."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx

from tests._services import SmtpServer
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Account, assert_problem, register_and_login

INBOX = "/notifications/inbox"
SEND = "/notifications/send"


def admin_headers(http: httpx.Client) -> dict[str, str]:
    tokens = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert tokens.status_code == 200, tokens.text
    return {"Authorization": f"Bearer {tokens.json()['access_token']}"}


def send(http: httpx.Client, admin: dict[str, str], body: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    headers = {**admin, **({"Idempotency-Key": key} if key else {})}
    response = http.post(SEND, json=body, headers=headers)
    assert response.status_code == 202, response.text
    sent: dict[str, Any] = response.json()
    return sent


def wait_sent(http: httpx.Client, admin: dict[str, str], body: dict[str, Any], key: str) -> dict[str, Any]:
    """Poll a keyed send (repeating it answers the same send as it stands) until its fan-out is done."""
    deadline = time.monotonic() + 30
    while (sent := send(http, admin, body, key))["status"] != "sent":
        assert sent["status"] in ("queued", "sending"), sent
        assert time.monotonic() < deadline, f"the send is still {sent['status']}"
        time.sleep(0.05)
    return sent


def inbox(http: httpx.Client, account: Account, **params: Any) -> list[dict[str, Any]]:
    response = http.get(INBOX, params=params, headers=account.auth)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def wait_inbox(http: httpx.Client, account: Account, kind: str, within: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while not (found := [n for n in inbox(http, account) if n["kind"] == kind]):
        assert time.monotonic() < deadline, f"no {kind} notification within {within}s"
        time.sleep(0.05)
    return found[0]


def test_a_new_user_is_welcomed_in_app_and_by_email(
    http: httpx.Client, account: Account, smtp_server: SmtpServer
) -> None:
    welcome = wait_inbox(http, account, "account.welcome")
    assert welcome["user_id"] == account.id
    assert welcome["read_at"] is None
    [email] = smtp_server.wait_for(account.email)
    assert email["Subject"] == "Welcome to Turnout"
    assert account.email in email["To"]


def test_an_admin_sends_to_the_inbox_and_email_once_per_key(
    http: httpx.Client, account: Account, smtp_server: SmtpServer
) -> None:
    admin = admin_headers(http)
    other = register_and_login(http)
    title = f"Maintenance {uuid.uuid4().hex[:8]}"
    body = {
        "user_ids": [account.id, other.id, account.id],
        "kind": "announcement",
        "title": title,
        "body": "Read-only on Sunday.",
        "data": {"window": "02:00-03:00"},
    }
    key = uuid.uuid4().hex
    first = send(http, admin, body, key)
    assert first["recipients"] == 2
    assert first["kind"] == "announcement"
    sent = wait_sent(http, admin, body, key)
    assert sent["id"] == first["id"]
    # The same key with another body is refused; nothing is sent for it.
    assert_problem(http.post(SEND, json={**body, "title": "other"}, headers={**admin, "Idempotency-Key": key}), 409)

    [note] = [n for n in inbox(http, account) if n["kind"] == "announcement"]
    assert note["title"] == title
    assert note["body"] == "Read-only on Sunday."
    assert note["data"] == {"window": "02:00-03:00"}
    assert http.get(f"{INBOX}/{note['id']}", headers=account.auth).json() == note
    emails = [m for m in smtp_server.wait_for(account.email, count=2) if m["Subject"] == title]
    assert len(emails) == 1
    assert "Read-only on Sunday." in emails[0].get_content()
    assert [n["title"] for n in inbox(http, other) if n["kind"] == "announcement"] == [title]

    # Read: it keeps the first time, and leaves the unread listing.
    read = http.post(f"{INBOX}/{note['id']}/read", headers=account.auth)
    assert read.status_code == 200, read.text
    assert read.json()["read_at"] is not None
    again = http.post(f"{INBOX}/{note['id']}/read", headers=account.auth).json()
    assert again["read_at"] == read.json()["read_at"]
    assert note["id"] not in [n["id"] for n in inbox(http, account, unread="true")]
    assert note["id"] in [n["id"] for n in inbox(http, account)]


def test_another_users_notification_is_not_found_and_admins_may_look(http: httpx.Client, account: Account) -> None:
    note = wait_inbox(http, account, "account.welcome")
    other = register_and_login(http)
    assert_problem(http.get(f"{INBOX}/{note['id']}", headers=other.auth), 404)
    assert_problem(http.post(f"{INBOX}/{note['id']}/read", headers=other.auth), 404)
    assert_problem(http.get(f"{INBOX}/{uuid.uuid4()}", headers=account.auth), 404)
    assert_problem(http.get(INBOX, params={"user_id": account.id}, headers=other.auth), 403)
    wait_inbox(http, other, "account.welcome")  # their own welcome settled first: nothing else arrives for them
    assert inbox(http, other, user_id=other.id) == inbox(http, other)
    admin = admin_headers(http)
    listed = http.get(INBOX, params={"user_id": account.id}, headers=admin)
    assert note["id"] in [n["id"] for n in listed.json()["items"]]
    assert http.get(f"{INBOX}/{note['id']}", headers=admin).status_code == 200
    # Still unread for its owner: nobody else marked it.
    assert http.get(f"{INBOX}/{note['id']}", headers=account.auth).json()["read_at"] is None


def test_the_inbox_pages_newest_first(http: httpx.Client, account: Account) -> None:
    admin = admin_headers(http)
    for i in range(3):
        body = {"user_ids": [account.id], "kind": "paging", "title": f"n{i}", "channels": ["in_app"]}
        wait_sent(http, admin, body, f"paging-{account.id}-{i}")
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = http.get(INBOX, params=params, headers=account.auth).json()
        seen += [n["title"] for n in page["items"] if n["kind"] == "paging"]
        cursor = page["page"]["next_cursor"]
        if cursor is None:
            break
    assert seen == ["n2", "n1", "n0"]


def test_preferences_default_then_replace_and_steer_sends(http: httpx.Client, account: Account) -> None:
    defaults = http.get("/notifications/preferences", headers=account.auth)
    assert defaults.status_code == 200, defaults.text
    assert defaults.json() == {
        "channels": {"in_app": True, "email": True, "sms": False, "push": False, "webhook": True},
        "kinds": {},
    }
    chosen = {
        "channels": {"in_app": True, "email": False, "sms": True, "push": False, "webhook": True},
        "kinds": {"muted": [], "digest": ["in_app", "email"]},
    }
    stored = http.put("/notifications/preferences", json=chosen, headers=account.auth)
    assert stored.status_code == 200, stored.text
    assert stored.json() == chosen
    assert http.get("/notifications/preferences", headers=account.auth).json() == chosen

    admin = admin_headers(http)
    muted = {"user_ids": [account.id], "kind": "muted", "title": "never shown"}
    wait_sent(http, admin, muted, f"muted-{account.id}")
    shown = {"user_ids": [account.id], "kind": "digest", "title": "shown"}
    wait_sent(http, admin, shown, f"digest-{account.id}")
    kinds = [n["kind"] for n in inbox(http, account)]
    assert "digest" in kinds
    assert "muted" not in kinds


def test_only_admins_send(http: httpx.Client, account: Account) -> None:
    body = {"user_ids": [account.id], "kind": "announcement", "title": "x"}
    assert_problem(http.post(SEND, json=body, headers=account.auth), 403)
    assert_problem(http.post(SEND, json=body), 401)


def test_bad_input_is_a_4xx_problem(http: httpx.Client, account: Account) -> None:
    admin = admin_headers(http)
    good = {"user_ids": [account.id], "kind": "announcement", "title": "x"}
    for bad in (
        {},
        {**good, "user_ids": []},
        {**good, "user_ids": ["not-a-uuid"]},
        {**good, "kind": "Not A Kind"},
        {**good, "title": ""},
        {**good, "title": "a\nb"},
        {**good, "channels": ["pigeon"]},
        {**good, "extra": 1},
    ):
        assert_problem(http.post(SEND, json=bad, headers=admin), 400)
    assert_problem(http.get(INBOX, params={"cursor": "nope"}, headers=account.auth), 400)
    assert_problem(http.get(INBOX, params={"user_id": "nope"}, headers=account.auth), 400)
    bad_prefs = {"channels": {"in_app": True}, "kinds": {}}
    assert_problem(http.put("/notifications/preferences", json=bad_prefs, headers=account.auth), 400)
    unknown_channel = {
        "channels": {"in_app": True, "email": True, "sms": True, "push": True, "webhook": True},
        "kinds": {"x": ["fax"]},
    }
    assert_problem(http.put("/notifications/preferences", json=unknown_channel, headers=account.auth), 400)
    assert http.get("/notifications/preferences", headers=account.auth).json()["kinds"] == {}


def test_a_finished_simulation_notifies_its_owner(http: httpx.Client, account: Account) -> None:
    tiny = {
        "assets": [{"name": "stocks", "weight": 1.0, "expected_return": 0.05, "volatility": 0.15}],
        "correlation": [[1]],
        "initial_value": 100,
        "horizon_years": 1,
        "steps": 12,
        "paths": 1_000,
        "seed": 3,
    }
    created = http.post("/simulations", json=tiny, headers=account.auth)
    assert created.status_code == 202, created.text
    note = wait_inbox(http, account, "simulation.completed", within=60)
    assert note["data"] == {"job_id": created.json()["id"]}


def test_a_password_change_is_a_security_notice(http: httpx.Client, account: Account, smtp_server: SmtpServer) -> None:
    changed = http.post(
        "/auth/me/password",
        json={"current_password": account.password, "new_password": "another horse battery"},
        headers=account.auth,
    )
    assert changed.status_code == 204, changed.text
    tokens = http.post("/auth/login", json={"email": account.email, "password": "another horse battery"}).json()
    fresh = Account(account.email, "another horse battery", account.id, tokens["access_token"], tokens["refresh_token"])
    note = wait_inbox(http, fresh, "security.password_changed")
    assert "password was changed" in note["body"]
    subjects = [m["Subject"] for m in smtp_server.wait_for(account.email, count=2)]
    assert "Your password was changed" in subjects
