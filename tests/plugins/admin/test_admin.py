"""The admin plugin over HTTP in both placements: CRUD, pagination, ownership, bad input."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import Account, assert_problem, register_and_login

ITEMS = "/admin/items"


def create(http: httpx.Client, account: Account, name: str, note: str = "") -> dict[str, Any]:
    response = http.post(ITEMS, json={"name": name, "note": note}, headers=account.auth)
    assert response.status_code == 201, response.text
    item: dict[str, Any] = response.json()
    return item


def test_create_then_get_and_delete(http: httpx.Client, account: Account) -> None:
    item = create(http, account, "Emergency fund", note="Three months of expenses.")
    assert item["owner_id"] == account.id
    assert item["name"] == "Emergency fund"
    assert item["note"] == "Three months of expenses."
    assert http.get(f"{ITEMS}/{item['id']}", headers=account.auth).json() == item

    deleted = http.delete(f"{ITEMS}/{item['id']}", headers=account.auth)
    assert deleted.status_code == 204, deleted.text
    assert_problem(http.get(f"{ITEMS}/{item['id']}", headers=account.auth), 404)
    assert_problem(http.delete(f"{ITEMS}/{item['id']}", headers=account.auth), 404)


def test_note_defaults_to_empty(http: httpx.Client, account: Account) -> None:
    response = http.post(ITEMS, json={"name": "no note"}, headers=account.auth)
    assert response.status_code == 201, response.text
    assert response.json()["note"] == ""


def test_list_pages_through_the_callers_items_newest_first(http: httpx.Client, account: Account) -> None:
    created = [create(http, account, f"item {i}")["id"] for i in range(5)]
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        response = http.get(ITEMS, params=params, headers=account.auth)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["page"]["limit"] == 2
        assert len(body["items"]) <= 2
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["page"]["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == list(reversed(created))


def test_another_users_item_is_not_found(http: httpx.Client, account: Account) -> None:
    item = create(http, account, "mine")
    other = register_and_login(http)
    assert_problem(http.get(f"{ITEMS}/{item['id']}", headers=other.auth), 404)
    assert_problem(http.delete(f"{ITEMS}/{item['id']}", headers=other.auth), 404)
    assert http.get(ITEMS, headers=other.auth).json()["items"] == []
    # Still there for its owner.
    assert http.get(f"{ITEMS}/{item['id']}", headers=account.auth).status_code == 200


def test_an_unknown_item_is_not_found(http: httpx.Client, account: Account) -> None:
    assert_problem(http.get(f"{ITEMS}/{uuid.uuid4()}", headers=account.auth), 404)


def test_bad_input_is_a_4xx_problem(http: httpx.Client, account: Account) -> None:
    for body in ({}, {"name": ""}, {"name": 42}, {"name": "x" * 201}, {"name": "a\x00b"}, {"name": "ok", "extra": 1}):
        assert_problem(http.post(ITEMS, json=body, headers=account.auth), 400)
    malformed = {**account.auth, "Content-Type": "application/json"}
    assert_problem(http.post(ITEMS, content=b'{"name": ', headers=malformed), 400)
    assert_problem(http.post(ITEMS, content=b"name=x", headers={**account.auth, "Content-Type": "text/plain"}), 415)
    assert_problem(http.get(ITEMS, params={"cursor": "not-a-cursor"}, headers=account.auth), 400)
    assert_problem(http.get(ITEMS, params={"limit": 0}, headers=account.auth), 400)
    assert http.get(f"{ITEMS}/not-a-uuid", headers=account.auth).status_code in (400, 404)
    # Nothing was created by any of it.
    assert http.get(ITEMS, headers=account.auth).json()["items"] == []


def test_credentials_are_required(http: httpx.Client) -> None:
    assert_problem(http.get(ITEMS), 401)
    assert_problem(http.post(ITEMS, json={"name": "x"}), 401)
