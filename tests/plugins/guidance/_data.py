"""A small household put into analytics through its API, for the guidance tests."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx

from tests.conftest import Account

__all__ = ["END", "START", "add_asset", "household"]

START, END = date(2026, 1, 1), date(2026, 3, 31)


def _transactions() -> list[dict[str, Any]]:
    """Salary and rent every month; groceries that rise month after month; one coffee far above the rest."""
    rows: list[tuple[str, float, str, str]] = [
        (day, amount, "Cafe", "coffee")
        for day, amount in (
            ("2026-01-15", -4.0),
            ("2026-02-15", -5.0),
            ("2026-03-05", -4.0),
            ("2026-03-12", -5.0),
            ("2026-03-19", -4.0),
            ("2026-03-26", -60.0),
        )
    ]
    for month, groceries in ((1, 300.0), (2, 450.0), (3, 900.0)):
        rows += [
            (f"2026-{month:02d}-01", 5_000.0, "Employer", "salary"),
            (f"2026-{month:02d}-02", -1_500.0, "Landlord", "rent"),
            (f"2026-{month:02d}-10", -groceries, "Grocer", "groceries"),
        ]
    return [
        {
            "external_id": f"t-{i}-{uuid.uuid4().hex[:6]}",
            "date": day,
            "amount": amount,
            "description": merchant,
            "merchant": merchant,
            "category": category,
        }
        for i, (day, amount, merchant, category) in enumerate(rows)
    ]


def add_asset(http: httpx.Client, account: Account, value: float, **asset: Any) -> str:
    created = http.post("/analytics/assets", json=asset, headers=account.auth)
    assert created.status_code == 201, created.text
    asset_id: str = created.json()["id"]
    valued = http.post(
        f"/analytics/assets/{asset_id}/values", json={"as_of": END.isoformat(), "value": value}, headers=account.auth
    )
    assert valued.status_code == 201, valued.text
    return asset_id


def household(http: httpx.Client, account: Account) -> None:
    """Three months of transactions (:func:`_transactions`), 4,000 in cash, 2,000 owed on a 22% card (4,000 limit)."""
    imported = http.post("/analytics/transactions", json={"transactions": _transactions()}, headers=account.auth)
    assert imported.status_code == 200, imported.text
    add_asset(http, account, 4_000, name="Checking", kind="asset", category="cash")
    add_asset(
        http,
        account,
        2_000,
        name="Visa",
        kind="liability",
        category="credit_card",
        interest_rate=0.22,
        credit_limit=4_000,
        minimum_payment=50,
    )
