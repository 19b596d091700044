"""getMetrics in both placements, each figure matched against pandas over the same generated transactions."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from tests.conftest import Account, assert_problem, register_and_login
from tests.plugins.analytics import _data

START, END = date(2025, 1, 1), date(2025, 6, 29)
ROWS = _data.generate(seed=7, start=START, days=(END - START).days + 1)
METRICS = "/analytics/metrics"


@pytest.fixture
def loaded(http: httpx.Client) -> Account:
    account = register_and_login(http)
    response = http.post("/analytics/transactions", json={"transactions": ROWS}, headers=account.auth)
    assert response.status_code == 200, response.text
    assert response.json() == {"imported": len(ROWS), "duplicates": 0}
    return account


def metrics(http: httpx.Client, account: Account, start: date, end: date, period: str) -> dict[str, Any]:
    params = {"start": start.isoformat(), "end": end.isoformat(), "period": period}
    response = http.get(METRICS, params=params, headers=account.auth)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ids_by_external(http: httpx.Client, account: Account) -> dict[str, str]:
    found: dict[str, str] = {}
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        body = http.get("/analytics/transactions", params=params, headers=account.auth).json()
        found |= {t["id"]: t["external_id"] for t in body["items"]}
        cursor = body["page"]["next_cursor"]
        if cursor is None:
            return found


@pytest.mark.parametrize(
    ("start", "end", "period"), [(START, END, "month"), (date(2025, 2, 10), date(2025, 4, 20), "week")]
)
def test_every_figure_matches_pandas(http: httpx.Client, loaded: Account, start: date, end: date, period: str) -> None:
    assert 150 < len(ROWS) < 400
    got = metrics(http, loaded, start, end, period)
    df = _data.frame(ROWS, start, end)

    flows = _data.cash_flow(df, period)
    for point in got["cash_flow"]:
        income, expenses = flows.pop(point["period_start"], (0.0, 0.0))
        assert (point["income"], point["expenses"]) == pytest.approx((income, expenses), abs=0.005)
        assert point["net"] == pytest.approx(income - expenses, abs=0.005)
    assert flows == {}  # every bucket with transactions was answered
    assert got["cash_flow"][0]["period_start"] <= start.isoformat()

    spending = {(s["period_start"], s["category"]): s["amount"] for s in got["spending_by_category"]}
    assert spending == pytest.approx(_data.spending_by_category(df, period), abs=0.005)

    expected_merchants = _data.top_merchants(df, 10)
    assert [(m["merchant"], m["count"]) for m in got["top_merchants"]] == [(m, c) for m, _, c in expected_merchants]
    assert [m["amount"] for m in got["top_merchants"]] == pytest.approx([a for _, a, _ in expected_merchants])

    recurring = {r["merchant"]: r for r in got["recurring"]}
    assert set(recurring) == _data.recurring(df)
    assert "Streamflix" in recurring  # rent too over the whole range, but twice only within the shorter one
    assert recurring["Streamflix"]["amount"] == 12.99
    assert 28 <= recurring["Streamflix"]["interval_days"] <= 31

    names = ids_by_external(http, loaded)
    anomalies = {names[a["transaction_id"]]: a["score"] for a in got["anomalies"]}
    expected = _data.anomalies(df)
    assert anomalies == pytest.approx(expected, abs=0.01)
    outliers = {r["external_id"] for r in ROWS if r["description"] == "outlier"} & set(df["external_id"])
    assert outliers <= set(anomalies)

    income = df.loc[df["cents"] > 0, "cents"].sum() / 100
    expenses = -df.loc[df["cents"] < 0, "cents"].sum() / 100
    assert got["totals"] == pytest.approx({"income": income, "expenses": expenses, "net": income - expenses}, abs=0.005)
    months = ((end - start).days + 1) / 30.44
    assert got["monthly_income"] == pytest.approx(income / months, abs=0.01)
    assert got["monthly_expenses"] == pytest.approx(expenses / months, abs=0.01)
    assert got["savings_rate"] == pytest.approx((income - expenses) / income, abs=1e-4)
    assert got["emergency_fund_months"] is None or got["emergency_fund_months"] == 0  # no assets yet


def test_assets_feed_net_worth_emergency_fund_and_health(http: httpx.Client, loaded: Account) -> None:
    def asset(body: dict[str, Any], values: list[tuple[str, float]]) -> None:
        created = http.post("/analytics/assets", json=body, headers=loaded.auth)
        assert created.status_code == 201, created.text
        for as_of, value in values:
            url = f"/analytics/assets/{created.json()['id']}/values"
            recorded = http.post(url, json={"as_of": as_of, "value": value}, headers=loaded.auth)
            assert recorded.status_code == 201, recorded.text

    asset({"name": "Savings", "kind": "asset", "category": "savings"}, [("2025-01-15", 9000), ("2025-05-20", 10000)])
    asset({"name": "Brokerage", "kind": "asset", "category": "investment"}, [("2025-03-01", 5000)])
    card = {"name": "Visa", "kind": "liability", "category": "credit_card", "credit_limit": 4000, "minimum_payment": 80}
    asset(card, [("2025-02-01", 1000)])
    got = metrics(http, loaded, START, END, "month")

    assert got["net_worth"]["assets"] == 15000
    assert got["net_worth"]["liabilities"] == 1000
    assert got["net_worth"]["net"] == 14000
    series = {p["date"]: (p["assets"], p["liabilities"]) for p in got["net_worth"]["series"]}
    assert series["2025-01-31"] == (9000, 0)
    assert series["2025-02-28"] == (9000, 1000)
    assert series["2025-03-31"] == (14000, 1000)
    assert series["2025-06-29"] == (15000, 1000)  # the last bucket ends at `end`

    monthly_expenses = got["totals"]["expenses"] / (((END - START).days + 1) / 30.44)
    assert got["emergency_fund_months"] == pytest.approx(10000 / monthly_expenses, abs=0.01)
    components = {c["name"]: c for c in got["health"]["components"]}
    monthly_income = got["totals"]["income"] / (((END - START).days + 1) / 30.44)
    assert components["debt_to_income"]["value"] == pytest.approx(80 / monthly_income, abs=1e-4)
    assert components["credit_utilisation"]["value"] == pytest.approx(0.25)
    assert components["credit_utilisation"]["score"] == pytest.approx(100 * (0.9 - 0.25) / 0.8, abs=0.01)
    months_negative = sum(1 for p in got["cash_flow"] if p["net"] < 0)
    assert components["cash_flow_stability"]["value"] == pytest.approx(1 - months_negative / len(got["cash_flow"]))
    expected = sum(c["score"] * c["weight"] for c in components.values())
    assert got["health"]["score"] == round(expected)
    assert sum(c["weight"] for c in components.values()) == pytest.approx(1.0)
    assert 0 <= got["health"]["score"] <= 100


def test_an_import_is_seen_by_the_next_metrics_call(http: httpx.Client, loaded: Account) -> None:
    before = metrics(http, loaded, START, END, "month")
    assert metrics(http, loaded, START, END, "month") == before  # answered again (from the cache)
    extra = {"external_id": "late", "date": "2025-03-03", "amount": 1234.56, "category": "bonus"}
    assert http.post("/analytics/transactions", json={"transactions": [extra]}, headers=loaded.auth).status_code == 200
    after = metrics(http, loaded, START, END, "month")
    assert after["totals"]["income"] == pytest.approx(before["totals"]["income"] + 1234.56)
    created = http.post(
        "/analytics/assets", json={"name": "Cash", "kind": "asset", "category": "cash"}, headers=loaded.auth
    )
    value = {"as_of": "2025-01-01", "value": 321}
    http.post(f"/analytics/assets/{created.json()['id']}/values", json=value, headers=loaded.auth)
    assert metrics(http, loaded, START, END, "month")["net_worth"]["assets"] == 321


def test_a_user_without_data_and_bad_ranges(http: httpx.Client, account: Account) -> None:
    got = metrics(http, account, date(2026, 1, 1), date(2026, 1, 3), "day")
    assert [p["period_start"] for p in got["cash_flow"]] == ["2026-01-01", "2026-01-02", "2026-01-03"]
    assert got["totals"] == {"income": 0, "expenses": 0, "net": 0}
    assert got["savings_rate"] is None
    assert got["emergency_fund_months"] is None
    assert (got["top_merchants"], got["recurring"], got["anomalies"]) == ([], [], [])
    default = http.get(METRICS, headers=account.auth).json()
    assert (date.fromisoformat(default["end"]) - date.fromisoformat(default["start"])).days == 364
    assert default["period"] == "month"
    for params in ({"start": "2026-02-01", "end": "2026-01-01"}, {"start": "2000-01-01", "end": "2026-01-01"}):
        assert_problem(http.get(METRICS, params=params, headers=account.auth), 422)
    for params in ({"period": "year"}, {"start": "2026-02-30"}):
        assert_problem(http.get(METRICS, params=params, headers=account.auth), 400)
