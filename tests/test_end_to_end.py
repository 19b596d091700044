"""One user's day on the split platform, end to end, through the HTTP edge only.

A user signs up (one wrong password first), starts a simulation and watches it on the live stream:
its progress, its completion and the in-app notification that completion makes. The notification
is in their inbox, and the email it sends is received by the local SMTP server. An admin then moves
the user to another tier, and the audit log shows each of these actions, in the order they happened.
"""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from tests._platform import RunningPlatform
from tests._services import SmtpServer
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Account
from tests.plugins.notifications.test_live import READ_TIMEOUT, SMALL_SIMULATION, STREAM_SECONDS, Frame, frames

WAIT = 60.0  # a bound for failure only


def _admin(http: httpx.Client) -> dict[str, str]:
    login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _watch(http: httpx.Client, user: Account) -> tuple[str, list[Frame]]:
    """Start a simulation with the stream open; its frames until the completion's notification."""
    with http.stream(
        "GET", "/notifications/stream", params={"duration": STREAM_SECONDS}, headers=user.auth, timeout=READ_TIMEOUT
    ) as live:
        assert live.status_code == 200, live.read()
        created = http.post("/simulations", json=SMALL_SIMULATION, headers=user.auth)
        assert created.status_code == 202, created.text
        job_id: str = created.json()["id"]
        seen: list[Frame] = []
        for frame in frames(live.iter_lines()):
            if frame.id is None:
                continue  # the retry hint
            seen.append(frame)
            if frame.event == "notification" and frame.payload["data"].get("job_id") == job_id:
                return job_id, seen
    raise AssertionError(f"the stream ended before the completion's notification: {[f.event for f in seen]}")


def _audit(http: httpx.Client, admin: dict[str, str], actor: str) -> list[dict[str, object]]:
    answer = http.get("/admin/audit", params={"actor": actor, "limit": 100}, headers=admin)
    assert answer.status_code == 200, answer.text
    entries: list[dict[str, object]] = answer.json()["items"]
    return sorted(entries, key=lambda entry: int(str(entry["seq"])))


@pytest.mark.parametrize("platform", ["split"], indirect=True)
def test_a_simulation_is_watched_live_notified_mailed_and_audited(
    platform: RunningPlatform, http: httpx.Client, smtp_server: SmtpServer
) -> None:
    email, password = f"day-{uuid.uuid4().hex[:10]}@example.com", "correct horse battery"
    registered = http.post("/auth/register", json={"email": email, "password": password})
    assert registered.status_code == 201, registered.text
    refused = http.post("/auth/login", json={"email": email, "password": "not the password at all"})
    assert refused.status_code == 401
    tokens = http.post("/auth/login", json={"email": email, "password": password})
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    user = Account(email, password, registered.json()["id"], body["access_token"], body["refresh_token"])

    # Live: progress, then the completion, then the notification it makes (ids only grow).
    job_id, seen = _watch(http, user)
    events = [frame.event for frame in seen]
    assert "simulation.progress" in events, events
    assert events.index("simulation.completed") < len(events) - 1, events
    notice = seen[-1].payload
    assert (notice["kind"], notice["user_id"]) == ("simulation.completed", user.id)
    ids = [frame.id for frame in seen if frame.id is not None]
    assert len(ids) == len(seen), ids
    assert ids == sorted(set(ids)), ids

    # In-app: the same notification, unread, in the inbox.
    inbox = http.get("/notifications/inbox", params={"unread": "true"}, headers=user.auth)
    assert inbox.status_code == 200, inbox.text
    assert notice["id"] in [item["id"] for item in inbox.json()["items"]]

    # Email: received by the SMTP server, to the user's address, naming the job.
    deadline = time.monotonic() + WAIT
    while not (mails := [m for m in smtp_server.received_by(email) if job_id in str(m.get_body())]):
        assert time.monotonic() < deadline, [m["Subject"] for m in smtp_server.received_by(email)]
        time.sleep(0.05)
    assert mails[0]["Subject"] == notice["title"]

    # An admin moves the user to another tier.
    admin = _admin(http)
    tier = f"day{uuid.uuid4().hex[:8]}"
    limits = {
        "file_quota_bytes": 8_000_000,
        "simulation_max_path_steps": 1_000_000_000,
        "simulation_max_concurrent_jobs": 5,
    }
    assert http.post("/admin/tiers", json={"name": tier, **limits}, headers=admin).status_code == 201
    moved = http.put(f"/admin/users/{user.id}/tier", json={"tier": tier}, headers=admin)
    assert moved.status_code == 200, moved.text

    # The audit log: the user's actions, then the admin's, in the order they happened.
    admin_id = http.get("/auth/me", headers=admin).json()["id"]
    deadline = time.monotonic() + WAIT
    while True:
        mine = [entry["action"] for entry in _audit(http, admin, user.id)]
        admins = [e for e in _audit(http, admin, admin_id) if e["target"] == user.id]
        if "auth.login_succeeded" in mine and admins:
            break
        assert time.monotonic() < deadline, (mine, admins)
        time.sleep(0.1)
    assert mine[:3] == ["auth.user_registered", "auth.login_failed", "auth.login_succeeded"], mine
    [moved_entry] = admins
    assert moved_entry["action"] == "admin.user.tier_changed", moved_entry
    user_entries = _audit(http, admin, user.id)
    assert int(str(moved_entry["seq"])) > max(int(str(e["seq"])) for e in user_entries)
