"""Assets and liabilities over HTTP in both placements: values over time, ownership, bad input."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import Account, assert_problem, register_and_login

ASSETS = "/analytics/assets"


def create(http: httpx.Client, account: Account, **body: Any) -> dict[str, Any]:
    response = http.post(
        ASSETS, json={"name": "Savings", "kind": "asset", "category": "savings", **body}, headers=account.auth
    )
    assert response.status_code == 201, response.text
    asset: dict[str, Any] = response.json()
    return asset


def record(http: httpx.Client, account: Account, asset_id: str, as_of: str, value: float) -> httpx.Response:
    return http.post(f"{ASSETS}/{asset_id}/values", json={"as_of": as_of, "value": value}, headers=account.auth)


def test_values_over_time_and_the_latest_one(http: httpx.Client, account: Account) -> None:
    asset = create(http, account)
    assert (asset["value"], asset["as_of"]) == (None, None)
    for as_of, value in (("2026-01-01", 100), ("2026-03-01", 300), ("2026-02-01", 200)):
        response = record(http, account, asset["id"], as_of, value)
        assert response.status_code == 201, response.text
        assert response.json() == {"asset_id": asset["id"], "as_of": as_of, "value": value}
    got = http.get(f"{ASSETS}/{asset['id']}", headers=account.auth).json()
    assert (got["value"], got["as_of"]) == (300, "2026-03-01")
    assert record(http, account, asset["id"], "2026-03-01", 250).status_code == 201  # the same day replaces
    listed = http.get(ASSETS, headers=account.auth).json()["items"]
    assert [(a["id"], a["value"]) for a in listed] == [(asset["id"], 250)]


def test_a_liability_keeps_its_terms(http: httpx.Client, account: Account) -> None:
    card = create(
        http,
        account,
        name="Visa",
        kind="liability",
        category="credit_card",
        interest_rate=0.2,
        credit_limit=5000,
        minimum_payment=40,
    )
    assert (card["interest_rate"], card["credit_limit"], card["minimum_payment"]) == (0.2, 5000, 40)
    assert http.get(f"{ASSETS}/{card['id']}", headers=account.auth).json() == card


def test_listing_pages_newest_first(http: httpx.Client, account: Account) -> None:
    created = [create(http, account, name=f"a{i}")["id"] for i in range(3)]
    first = http.get(ASSETS, params={"limit": 2}, headers=account.auth).json()
    second = http.get(ASSETS, params={"limit": 2, "cursor": first["page"]["next_cursor"]}, headers=account.auth).json()
    assert [a["id"] for a in first["items"] + second["items"]] == list(reversed(created))
    assert second["page"]["next_cursor"] is None


def test_another_users_asset_is_not_found(http: httpx.Client, account: Account) -> None:
    asset = create(http, account)
    other = register_and_login(http)
    assert_problem(http.get(f"{ASSETS}/{asset['id']}", headers=other.auth), 404)
    assert_problem(http.delete(f"{ASSETS}/{asset['id']}", headers=other.auth), 404)
    assert_problem(record(http, other, asset["id"], "2026-01-01", 1), 404)
    assert http.get(ASSETS, headers=other.auth).json()["items"] == []
    assert http.get(f"{ASSETS}/{asset['id']}", headers=account.auth).json()["value"] is None  # untouched


def test_delete_removes_the_asset_and_its_values(http: httpx.Client, account: Account) -> None:
    asset = create(http, account)
    record(http, account, asset["id"], "2026-01-01", 5)
    assert http.delete(f"{ASSETS}/{asset['id']}", headers=account.auth).status_code == 204
    assert_problem(http.get(f"{ASSETS}/{asset['id']}", headers=account.auth), 404)
    assert_problem(http.delete(f"{ASSETS}/{asset['id']}", headers=account.auth), 404)
    assert_problem(http.get(f"{ASSETS}/{uuid.uuid4()}", headers=account.auth), 404)


def test_bad_input_is_4xx_and_changes_nothing(http: httpx.Client, account: Account) -> None:
    for body in (
        {},
        {"name": "x", "kind": "asset"},
        {"name": "x", "kind": "thing", "category": "cash"},
        {"name": "", "kind": "asset", "category": "cash"},
        {"name": "x", "kind": "asset", "category": "cash", "credit_limit": -1},
        {"name": "x", "kind": "asset", "category": "cash", "extra": 1},
    ):
        assert_problem(http.post(ASSETS, json=body, headers=account.auth), 400)
    mismatched = {"name": "x", "kind": "asset", "category": "mortgage"}
    assert_problem(http.post(ASSETS, json=mismatched, headers=account.auth), 422)
    assert http.get(ASSETS, headers=account.auth).json()["items"] == []
    asset = create(http, account)
    for value in ({"as_of": "2026-01-01", "value": -1}, {"as_of": "2026-02-30", "value": 1}, {"value": 1}):
        assert_problem(http.post(f"{ASSETS}/{asset['id']}/values", json=value, headers=account.auth), 400)
    assert http.get(f"{ASSETS}/{asset['id']}", headers=account.auth).json()["value"] is None
    assert http.get(f"{ASSETS}/not-a-uuid", headers=account.auth).status_code in (400, 404)
