"""Transactions over HTTP in both placements: batches, duplicates, all-or-nothing bad input, paging."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Account, assert_problem, register_and_login

TRANSACTIONS = "/analytics/transactions"


def tx(external_id: str, day: str = "2026-01-05", amount: float = -12.5, **extra: Any) -> dict[str, Any]:
    return {"external_id": external_id, "date": day, "amount": amount, **extra}


def import_batch(http: httpx.Client, account: Account, rows: list[dict[str, Any]]) -> dict[str, Any]:
    response = http.post(TRANSACTIONS, json={"transactions": rows}, headers=account.auth)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def listed(http: httpx.Client, account: Account, **params: Any) -> list[dict[str, Any]]:
    response = http.get(TRANSACTIONS, params={"limit": 200, **params}, headers=account.auth)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_a_batch_is_stored_with_its_defaults(http: httpx.Client, account: Account) -> None:
    rows = [tx("a", amount=2500, merchant="Acme", category="salary", description="pay"), tx("b")]
    assert import_batch(http, account, rows) == {"imported": 2, "duplicates": 0}
    items = {t["external_id"]: t for t in listed(http, account)}
    assert items["a"]["amount"] == 2500
    assert (items["a"]["merchant"], items["a"]["category"], items["a"]["description"]) == ("Acme", "salary", "pay")
    assert (items["b"]["amount"], items["b"]["category"], items["b"]["merchant"]) == (-12.5, "uncategorized", "")


def test_duplicates_are_skipped_and_counted(http: httpx.Client, account: Account) -> None:
    assert import_batch(http, account, [tx("x"), tx("y"), tx("x", amount=-99)]) == {"imported": 2, "duplicates": 1}
    assert import_batch(http, account, [tx("y"), tx("z")]) == {"imported": 1, "duplicates": 1}
    items = listed(http, account)
    assert sorted(t["external_id"] for t in items) == ["x", "y", "z"]
    assert next(t for t in items if t["external_id"] == "x")["amount"] == -12.5  # the first of the batch won
    # The same external_id is another user's own.
    other = register_and_login(http)
    assert import_batch(http, other, [tx("x")]) == {"imported": 1, "duplicates": 0}


def test_a_half_bad_batch_stores_nothing_and_names_each_bad_row(http: httpx.Client, account: Account) -> None:
    rows = [tx("ok1"), tx("bad1", amount=1.005), tx("ok2"), tx("bad2", amount=-0.001)]
    problem = assert_problem(http.post(TRANSACTIONS, json={"transactions": rows}, headers=account.auth), 422)
    errors = problem["errors"]
    assert isinstance(errors, list)
    assert [e["field"] for e in errors] == ["transactions.1.amount", "transactions.3.amount"]
    assert listed(http, account) == []


def test_schema_violations_are_400_and_store_nothing(http: httpx.Client, account: Account) -> None:
    bodies: list[dict[str, Any]] = [
        {},
        {"transactions": []},
        {"transactions": [tx("a", day="2026-02-30")]},
        {"transactions": [tx("")]},
        {"transactions": [tx("a", description="x" * 501)]},
        {"transactions": [tx("a", merchant="a\nb")]},
        {"transactions": [tx("a", amount=1e13)]},
        {"transactions": [{**tx("a"), "extra": 1}]},
        {"transactions": [tx("ok"), tx("a", date="yesterday")]},
    ]
    for body in bodies:
        response = http.post(TRANSACTIONS, json=body, headers=account.auth)
        assert response.status_code == 400, body
        assert_problem(response, 400)
    assert listed(http, account) == []


def test_listing_pages_newest_first_within_the_range(http: httpx.Client, account: Account) -> None:
    days = ["2026-01-01", "2026-01-03", "2026-01-03", "2026-01-07", "2026-02-01"]
    import_batch(http, account, [tx(f"t{i}", day=d) for i, d in enumerate(days)])
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2, "start": "2026-01-02", "end": "2026-01-31"}
        if cursor:
            params["cursor"] = cursor
        body = http.get(TRANSACTIONS, params=params, headers=account.auth).json()
        seen += [t["date"] for t in body["items"]]
        cursor = body["page"]["next_cursor"]
        if cursor is None:
            break
    assert seen == ["2026-01-07", "2026-01-03", "2026-01-03"]
    assert_problem(http.get(TRANSACTIONS, params={"cursor": "nonsense"}, headers=account.auth), 400)
    assert listed(http, account, start="2026-02-01", end="2026-01-01") == []  # an empty range


def test_credentials_are_required(http: httpx.Client) -> None:
    assert_problem(http.get(TRANSACTIONS), 401)
    assert_problem(http.post(TRANSACTIONS, json={"transactions": [tx("a")]}), 401)
    assert_problem(http.get("/analytics/metrics"), 401)
