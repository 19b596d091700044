"""Webhooks over HTTP in both placements: signed deliveries, retries, dead letters and replay, ownership."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from plugins.notifications.signing import verify_signature
from tests.conftest import Account, assert_problem, register_and_login
from tests.plugins.notifications._receiver import Receiver, running_receiver
from tests.plugins.notifications.test_notifications import admin_headers

HOOKS = "/notifications/webhooks"


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    yield from running_receiver()


def create_hook(http: httpx.Client, account: Account, url: str, **extra: Any) -> dict[str, Any]:
    response = http.post(HOOKS, json={"url": url, **extra}, headers=account.auth)
    assert response.status_code == 201, response.text
    hook: dict[str, Any] = response.json()
    return hook


def attempts(http: httpx.Client, account: Account, hook_id: str) -> list[dict[str, Any]]:
    response = http.get(f"{HOOKS}/{hook_id}/deliveries", headers=account.auth)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def wait_attempts(
    http: httpx.Client, account: Account, hook_id: str, count: int, within: float = 30.0
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + within
    while len(found := attempts(http, account, hook_id)) < count:
        assert time.monotonic() < deadline, f"{len(found)} of {count} attempts within {within}s"
        time.sleep(0.05)
    return found


def wait_dead(http: httpx.Client, admin: dict[str, str], delivery_id: str, within: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while True:
        page = http.get("/notifications/deliveries/dead", params={"limit": 200}, headers=admin)
        assert page.status_code == 200, page.text
        found: list[dict[str, Any]] = [d for d in page.json()["items"] if d["id"] == delivery_id]
        if found:
            return found[0]
        assert time.monotonic() < deadline, f"delivery {delivery_id} not dead within {within}s"
        time.sleep(0.05)


def test_a_flaky_receiver_gets_one_signed_delivery_after_two_failures(
    http: httpx.Client, account: Account, receiver: Receiver
) -> None:
    path = f"/flaky/{uuid.uuid4().hex}"
    receiver.script(path, [500, 503, 200])
    hook = create_hook(http, account, receiver.base_url + path, kinds=["webhook.test"])
    assert hook["secret"].startswith("whsec_")
    assert hook["kinds"] == ["webhook.test"]
    queued = http.post(f"{HOOKS}/{hook['id']}/test", headers=account.auth)
    assert queued.status_code == 202, queued.text
    delivery = queued.json()
    assert delivery["channel"] == "webhook"
    assert delivery["webhook_id"] == hook["id"]

    log = wait_attempts(http, account, hook["id"], 3)
    assert [(a["number"], a["status_code"], a["succeeded"]) for a in log] == [
        (3, 200, True),
        (2, 503, False),
        (1, 500, False),
    ]
    assert all(a["delivery_id"] == delivery["id"] and a["duration_ms"] >= 0 for a in log)
    got = receiver.got(path)
    assert [r.status for r in got] == [500, 503, 200]
    assert len([r for r in got if r.status == 200]) == 1
    # Every attempt is the same event, signed as the contract documents.
    assert {r.headers["turnout-event-id"] for r in got} == {delivery["id"]}
    for request in got:
        assert verify_signature(hook["secret"], request.body, request.headers["turnout-signature"])
        assert not verify_signature("a different secret!", request.body, request.headers["turnout-signature"])
    body = json.loads(got[-1].body)
    assert body["id"] == delivery["id"]
    assert body["kind"] == "webhook.test"
    assert body["user_id"] == account.id


def test_a_dead_receiver_is_dead_lettered_then_replayed_once_it_works(
    http: httpx.Client, account: Account, receiver: Receiver
) -> None:
    path = f"/down/{uuid.uuid4().hex}"
    receiver.script(path, [500])
    hook = create_hook(
        http, account, receiver.base_url + path, secret="a-secret-of-our-own-choosing", kinds=["webhook.test"]
    )
    assert hook["secret"] == "a-secret-of-our-own-choosing"
    delivery = http.post(f"{HOOKS}/{hook['id']}/test", headers=account.auth).json()
    admin = admin_headers(http)
    dead = wait_dead(http, admin, delivery["id"])
    assert dead["status"] == "dead"
    assert dead["attempts"] == 3  # webhook_max_attempts in the test settings
    assert dead["last_error"] == "not a 2xx answer"
    assert len(receiver.got(path)) == 3

    assert_problem(http.post(f"/notifications/deliveries/{delivery['id']}/replay", headers=account.auth), 403)
    assert_problem(http.get("/notifications/deliveries/dead", headers=account.auth), 403)
    assert_problem(http.post(f"/notifications/deliveries/{uuid.uuid4()}/replay", headers=admin), 404)
    receiver.script(path, [200])
    # The admin API lists it with every plugin's dead letters and replays it.
    letter_id = f"delivery:{delivery['id']}"
    letters = http.get("/admin/dead-letters", headers=admin)
    assert letters.status_code == 200, letters.text
    [letter] = [item for item in letters.json()["items"] if item["id"] == letter_id]
    assert (letter["kind"], letter["plugin"], letter["attempts"]) == ("delivery", "notifications", 3)
    assert_problem(http.post(f"/admin/dead-letters/{letter_id}/replay", headers=account.auth), 403)
    replayed = http.post(f"/admin/dead-letters/{letter_id}/replay", headers=admin)
    assert replayed.status_code == 202, replayed.text
    assert replayed.json()["replay_requested"] is True
    log = wait_attempts(http, account, hook["id"], 4)
    assert [(a["number"], a["succeeded"]) for a in log] == [(4, True), (3, False), (2, False), (1, False)]
    assert [r.status for r in receiver.got(path)] == [500, 500, 500, 200]
    # Delivered now: no longer dead, and not replayable again.
    deadline = time.monotonic() + 30
    while (again := http.post(f"/notifications/deliveries/{delivery['id']}/replay", headers=admin)).status_code != 409:
        assert again.status_code == 409 or time.monotonic() < deadline, again.text
        time.sleep(0.05)
    assert_problem(again, 409)
    assert len(receiver.got(path)) == 4


def test_a_send_reaches_the_recipients_webhooks_of_the_chosen_kinds(
    http: httpx.Client, account: Account, receiver: Receiver
) -> None:
    wanted, ignored = f"/wanted/{uuid.uuid4().hex}", f"/ignored/{uuid.uuid4().hex}"
    create_hook(http, account, receiver.base_url + wanted, kinds=["release"])
    create_hook(http, account, receiver.base_url + ignored, kinds=["other.kind"])
    listed = http.get(HOOKS, headers=account.auth).json()["items"]
    assert len(listed) == 2
    assert all("secret" not in hook for hook in listed)
    admin = admin_headers(http)
    sent = http.post(
        "/notifications/send",
        json={"user_ids": [account.id], "kind": "release", "title": "v2 is out", "data": {"version": 2}},
        headers=admin,
    )
    assert sent.status_code == 202, sent.text
    [request] = receiver.wait_for(wanted, 1)
    body = json.loads(request.body)
    assert body["notification"]["title"] == "v2 is out"
    assert body["notification"]["data"] == {"version": 2}
    assert body["kind"] == "release"
    assert receiver.got(ignored) == []


def test_webhooks_belong_to_their_owner_and_bad_urls_are_refused(
    http: httpx.Client, account: Account, receiver: Receiver
) -> None:
    hook = create_hook(http, account, receiver.base_url + "/mine")
    other = register_and_login(http)
    for method, suffix in (("DELETE", ""), ("POST", "/test"), ("GET", "/deliveries")):
        assert_problem(http.request(method, f"{HOOKS}/{hook['id']}{suffix}", headers=other.auth), 404)
    assert http.get(HOOKS, headers=other.auth).json()["items"] == []
    for url in ("ftp://example.com/x", "not a url", "http://", "https://" + "a" * 2000):
        assert_problem(http.post(HOOKS, json={"url": url}, headers=account.auth), 400)
    assert_problem(http.post(HOOKS, json={"url": "https://user:pw@example.com/"}, headers=account.auth), 422)
    assert_problem(http.post(HOOKS, json={"url": "https://example.com/", "secret": "short"}, headers=account.auth), 400)
    assert_problem(
        http.post(HOOKS, json={"url": "https://example.com/", "kinds": ["Bad Kind"]}, headers=account.auth), 400
    )

    deleted = http.delete(f"{HOOKS}/{hook['id']}", headers=account.auth)
    assert deleted.status_code == 204, deleted.text
    assert_problem(http.delete(f"{HOOKS}/{hook['id']}", headers=account.auth), 404)
    assert_problem(http.get(f"{HOOKS}/{hook['id']}/deliveries", headers=account.auth), 404)
