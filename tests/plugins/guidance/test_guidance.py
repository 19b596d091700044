"""The guidance plugin over HTTP in both placements: analyses of data put into analytics, recommendations
that cite their rule and figures, paging, dismissal, ownership and bad input."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from plugins.guidance.rules import load_rules
from tests.conftest import Account, assert_problem, register_and_login
from tests.plugins.guidance._data import END, START, household

ANALYSES = "/guidance/analyses"
RECOMMENDATIONS = "/guidance/recommendations"
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


def analyze(http: httpx.Client, account: Account, **body: Any) -> dict[str, Any]:
    response = http.post(ANALYSES, json={**PERIOD, **body}, headers=account.auth)
    assert response.status_code == 201, response.text
    analysis: dict[str, Any] = response.json()
    return analysis


def by_rule(analysis: dict[str, Any]) -> dict[tuple[str, str | None], dict[str, Any]]:
    return {(r["rule_id"], r["subject"]): r for r in analysis["recommendations"]}


def test_an_analysis_of_the_users_data_cites_rules_and_figures(http: httpx.Client, account: Account) -> None:
    household(http, account)
    analysis = analyze(http, account)
    summary = analysis["summary"]
    assert summary["liquid_savings"] == pytest.approx(4_000)
    assert summary["total_debt"] == pytest.approx(2_000)
    assert summary["credit_utilisation"] == pytest.approx(0.5)
    assert summary["monthly_income"] > summary["monthly_expenses"] > 0
    expenses = summary["monthly_expenses"]
    assert analysis["emergency_fund"]["months"] == pytest.approx(4_000 / expenses)
    assert analysis["fire"]["fire_number"] == pytest.approx(expenses * 12 / 0.04)
    assert analysis["debts"]["order"][0]["name"] == "Visa"
    assert analysis["rules_version"] == load_rules().version
    found = by_rule(analysis)
    low = found[("emergency_fund.low", None)]
    assert low["rule_version"] == next(r.version for r in load_rules().rules if r.id == "emergency_fund.low")
    inputs = {i["name"]: i["value"] for i in low["inputs"]}
    assert inputs["emergency_fund_months"] == pytest.approx(4_000 / expenses)
    assert inputs["emergency_fund_target_months"] == 6
    assert low["status"] == "active"
    assert ("debt.avalanche_first", "Visa") in found
    assert ("credit.utilisation_high", None) in found
    assert ("spending.category_rising", "groceries") in found
    assert ("spending.category_rising", "rent") not in found
    anomaly = found[("anomaly.unusual_transaction", "Cafe")]
    assert {i["name"]: i["value"] for i in anomaly["inputs"]}["amount"] == pytest.approx(60)
    # The risk score comes from inference when it answers; either way the analysis says which.
    assert analysis["enriched"] is (analysis["risk"] is not None)
    if analysis["enriched"]:
        assert 0 <= analysis["risk"]["score"] <= 1
        assert analysis["enrichment_reason"] is None
    else:
        assert analysis["enrichment_reason"]


def test_inline_inputs_take_precedence(http: httpx.Client, account: Account) -> None:
    inputs = {"annual_spending": 40_000, "safe_withdrawal_rate": 0.05, "current_investments": 2_000_000}
    analysis = analyze(http, account, inputs=inputs)
    fire = analysis["fire"]
    assert fire["fire_number"] == pytest.approx(800_000)
    assert fire["years_to_fi"] == 0
    assert fire["probability"]["status"] == "not_requested"
    progress = by_rule(analysis)[("fire.progress", None)]
    assert {i["name"]: i["value"] for i in progress["inputs"]}["fire_number"] == pytest.approx(800_000)


def test_the_fire_probability_comes_from_a_simulation(http: httpx.Client, account: Account) -> None:
    # Nothing invested, little saved: reaching a 1,000,000 goal in 10 years is all but impossible.
    inputs = {
        "annual_spending": 40_000,
        "annual_savings": 1_000,
        "current_investments": 0,
        "age": 40,
        "retirement_age": 50,
    }
    analysis = analyze(http, account, inputs=inputs, fire_probability=True)
    probability = analysis["fire"]["probability"]
    assert probability["horizon_years"] == 10
    assert probability["status"] in ("succeeded", "pending"), probability
    job = probability["simulation_id"]
    assert job is not None
    if probability["status"] == "succeeded":
        assert probability["value"] == pytest.approx(0.0, abs=0.01)
        assert ("fire.probability_low", None) in by_rule(analysis)
    else:  # a loaded machine: the caller reads the simulation, which is theirs
        deadline = time.monotonic() + 60
        while http.get(f"/simulations/{job}", headers=account.auth).json()["status"] != "succeeded":
            assert time.monotonic() < deadline, "the simulation did not finish"
            time.sleep(0.2)
    result = http.get(f"/simulations/{job}/result", headers=account.auth)
    assert result.status_code == 200, result.text


def test_recommendations_page_newest_first_filter_and_dismiss(http: httpx.Client, account: Account) -> None:
    household(http, account)
    first = analyze(http, account)
    ids = [r["id"] for r in first["recommendations"]]
    assert len(ids) >= 4
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = http.get(RECOMMENDATIONS, params=params, headers=account.auth)
        assert page.status_code == 200, page.text
        seen += [r["id"] for r in page.json()["items"]]
        cursor = page.json()["page"]["next_cursor"]
        if cursor is None:
            break
    assert seen == ids  # most urgent first, as the analysis listed them

    dismissed = http.post(f"{RECOMMENDATIONS}/{ids[0]}/dismiss", headers=account.auth)
    assert dismissed.status_code == 200, dismissed.text
    assert dismissed.json()["status"] == "dismissed"
    again = http.post(f"{RECOMMENDATIONS}/{ids[0]}/dismiss", headers=account.auth)
    assert again.status_code == 200, again.text
    assert again.json() == dismissed.json()  # idempotent: the first dismissal's time is kept

    second = analyze(http, account)
    listed = http.get(RECOMMENDATIONS, params={"status": "superseded", "limit": 200}, headers=account.auth).json()
    assert sorted(r["id"] for r in listed["items"]) == sorted(ids[1:])
    only = http.get(RECOMMENDATIONS, params={"status": "dismissed"}, headers=account.auth).json()["items"]
    assert [r["id"] for r in only] == [ids[0]]
    active = http.get(RECOMMENDATIONS, params={"status": "active", "limit": 200}, headers=account.auth).json()
    assert [r["id"] for r in active["items"]] == [r["id"] for r in second["recommendations"]]


def test_another_users_recommendations_are_not_found(http: httpx.Client, account: Account) -> None:
    household(http, account)
    mine = analyze(http, account)["recommendations"][0]
    other = register_and_login(http)
    assert_problem(http.post(f"{RECOMMENDATIONS}/{mine['id']}/dismiss", headers=other.auth), 404)
    assert http.get(RECOMMENDATIONS, headers=other.auth).json()["items"] == []
    # The other user's analysis sees none of the first user's data.
    theirs = analyze(http, other)
    assert theirs["summary"]["liquid_savings"] == 0
    assert theirs["debts"]["order"] == []
    listed = http.get(RECOMMENDATIONS, params={"status": "active", "limit": 200}, headers=account.auth).json()
    assert mine["id"] in [r["id"] for r in listed["items"]]


def test_bad_input_is_a_4xx_problem_and_stores_nothing(http: httpx.Client, account: Account) -> None:
    for body in (
        {"inputs": {"age": -1}},
        {"inputs": {"unknown": 1}},
        {"inputs": {"safe_withdrawal_rate": 0}},
        {"fire_probability": "yes"},
        {"start": "not-a-date"},
        {"extra": True},
    ):
        assert_problem(http.post(ANALYSES, json=body, headers=account.auth), 400)
    assert_problem(http.post(ANALYSES, json={"start": "2026-03-01", "end": "2026-01-01"}, headers=account.auth), 422)
    malformed = {**account.auth, "Content-Type": "application/json"}
    assert_problem(http.post(ANALYSES, content=b'{"start": ', headers=malformed), 400)
    assert_problem(http.get(RECOMMENDATIONS, params={"cursor": "not-a-cursor"}, headers=account.auth), 400)
    assert_problem(http.get(RECOMMENDATIONS, params={"status": "bogus"}, headers=account.auth), 400)
    assert http.post(f"{RECOMMENDATIONS}/not-a-uuid/dismiss", headers=account.auth).status_code in (400, 404)
    assert http.get(RECOMMENDATIONS, headers=account.auth).json()["items"] == []


def test_credentials_are_required(http: httpx.Client) -> None:
    assert_problem(http.post(ANALYSES, json={}), 401)
    assert_problem(http.get(RECOMMENDATIONS), 401)
