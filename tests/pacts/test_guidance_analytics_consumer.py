"""What the guidance plugin needs from the analytics service, written down as a pact (consumer side).

An analysis reads the caller's monthly metrics over its period (``getMetrics``: cash flow, spending by
category, anomalies, monthly income and expenses) and their assets and liabilities with their latest
values (``listAssets``), as the caller. The calls go through the generated ``AnalyticsClient`` and
guidance's own reader to pact's mock server; the pact must equal the committed
``pacts/guidance-analytics.json``, verified by ``test_analytics_provider``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from pact import Pact, match
from pact.interaction import HttpInteraction

from framework import CallContext
from framework.transports._http import HttpTransport
from generated.analytics import AnalyticsClient
from plugins.guidance.sources import read_snapshot
from tests.pacts._harness import assert_pact_committed, bearer_from_state, mock_provider
from tests.plugins.guidance._data import END, START

CORRELATION_ID = "5e6f7a8b9c0d4e1f8a2b3c4d5e6f7a8b"
CORRELATION_PATTERN = r"^[A-Za-z0-9._:\-]{1,128}$"
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TOKEN = "example-access-token"
STATE = "a user with a household's transactions and assets"


def _get(pact: Pact, description: str, path: str) -> HttpInteraction:
    return (
        pact.upon_receiving(description)
        .given(STATE)
        .with_request("GET", path)
        .with_header("Authorization", bearer_from_state(TOKEN))
        .with_header("X-Correlation-ID", match.regex(CORRELATION_ID, regex=CORRELATION_PATTERN))
    )


def _date(example: str) -> object:
    return match.regex(example, regex=DATE_PATTERN)


def expect_metrics(pact: Pact) -> None:
    interaction = _get(pact, "the monthly metrics of a household", "/analytics/metrics")
    interaction.with_query_parameters({"start": START.isoformat(), "end": END.isoformat(), "period": "month"})
    amounts = {"income": match.number(5000.0), "expenses": match.number(2350.0), "net": match.number(2650.0)}
    interaction.will_respond_with(200).with_body(
        {
            "start": START.isoformat(),
            "end": END.isoformat(),
            "period": "month",
            "cash_flow": match.each_like({"period_start": _date("2026-01-01"), **amounts}),
            "spending_by_category": match.each_like(
                {"period_start": _date("2026-03-01"), "category": match.str("groceries"), "amount": match.number(900.0)}
            ),
            "top_merchants": match.each_like(
                {"merchant": match.str("Landlord"), "amount": match.number(4500.0), "count": match.int(3)}
            ),
            "recurring": match.each_like(
                {
                    "merchant": match.str("Landlord"),
                    "amount": match.number(1500.0),
                    "interval_days": match.number(29.5),
                    "occurrences": match.int(3),
                    "last_date": _date("2026-03-02"),
                }
            ),
            "anomalies": match.each_like(
                {
                    "transaction_id": match.uuid("7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d", format="lowercase"),
                    "date": _date("2026-03-26"),
                    "merchant": match.str("Cafe"),
                    "category": match.str("coffee"),
                    "amount": match.number(-60.0),
                    "median": match.number(-4.5),
                    "score": match.number(74.9),
                }
            ),
            "totals": {"income": match.number(15000.0), "expenses": match.number(6150.0), "net": match.number(8850.0)},
            "monthly_income": match.number(5073.3),
            "monthly_expenses": match.number(2080.0),
            "savings_rate": match.number(0.59),
            "emergency_fund_months": match.number(1.92),
            "net_worth": {
                "assets": match.number(4000.0),
                "liabilities": match.number(2000.0),
                "net": match.number(2000.0),
                "series": match.each_like(
                    {
                        "date": _date("2026-01-31"),
                        "assets": match.number(4000.0),
                        "liabilities": match.number(2000.0),
                        "net": match.number(2000.0),
                    }
                ),
            },
            "health": {
                "score": match.int(60),
                "components": match.each_like(
                    {
                        "name": match.str("savings_rate"),
                        "value": match.number(0.59),
                        "score": match.number(100.0),
                        "weight": match.number(0.3),
                    }
                ),
            },
        },
        content_type="application/json",
    )


def expect_assets(pact: Pact) -> None:
    interaction = _get(pact, "the assets and liabilities of a household", "/analytics/assets")
    interaction.with_query_parameter("limit", "100")
    card = {
        "id": match.uuid("1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b", format="lowercase"),
        "name": match.str("Visa"),
        "kind": "liability",
        "category": "credit_card",
        "interest_rate": match.number(0.22),
        "credit_limit": match.number(4000.0),
        "minimum_payment": match.number(50.0),
        "value": match.number(2000.0),
        "as_of": _date(END.isoformat()),
        "created_at": match.regex("2026-01-02T03:04:05.678901Z", regex=TIMESTAMP_PATTERN),
    }
    # An asset has no rate, limit or payment: null, which a type matcher cannot share with the card's numbers.
    cash = {
        **card,
        "id": match.uuid("2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d", format="lowercase"),
        "name": match.str("Checking"),
        "kind": "asset",
        "category": "cash",
        "interest_rate": None,
        "credit_limit": None,
        "minimum_payment": None,
        "value": match.number(4000.0),
    }
    interaction.will_respond_with(200).with_body(
        {"items": [card, cash], "page": {"limit": 100, "next_cursor": None}},  # newest first
        content_type="application/json",
    )


def expect_household(pact: Pact) -> None:
    expect_metrics(pact)
    expect_assets(pact)


@asynccontextmanager
async def analytics_client(base_url: str) -> AsyncIterator[AnalyticsClient]:
    transport = HttpTransport(base_url, bearer_token=TOKEN)
    try:
        yield AnalyticsClient(transport)
    finally:
        await transport.aclose()


async def test_guidance_reads_a_household_from_analytics(tmp_path: Path) -> None:
    with mock_provider(tmp_path, "guidance", "analytics", expect_household) as url:
        async with analytics_client(url) as analytics:
            ctx = CallContext(correlation_id=CORRELATION_ID)
            snapshot = await read_snapshot(analytics, ctx, start=START, end=END, max_assets=1000)
    assert (snapshot.start, snapshot.end) == (START, END)
    assert [s.category for s in snapshot.spending] == ["groceries"]
    assert [(a.merchant, a.amount) for a in snapshot.anomalies] == [("Cafe", -60.0)]
    card, cash = snapshot.holdings
    assert (card.kind, card.category, card.value, card.credit_limit) == ("liability", "credit_card", 2000.0, 4000.0)
    assert (cash.kind, cash.category, cash.value, cash.interest_rate) == ("asset", "cash", 4000.0, None)
    assert_pact_committed(tmp_path, "guidance", "analytics")
