"""FIRE figures, debt orders and the figures the packaged rules read, as pure functions."""

from __future__ import annotations

import dataclasses
import math
from datetime import date

import pytest

from plugins.guidance.facts import Anomaly, Assumptions, CategorySpend, Holding, Snapshot, figures
from plugins.guidance.finance import (
    Debt,
    avalanche,
    fire_number,
    probability_at_or_above,
    snowball,
    years_to_fi,
)
from plugins.guidance.rules import evaluate, load_rules

ASSUME = Assumptions(expected_return=0.05, safe_withdrawal_rate=0.04, emergency_fund_target_months=6)


def test_fire_number_is_expenses_over_the_withdrawal_rate() -> None:
    assert fire_number(36_000, 0.04) == pytest.approx(900_000)
    assert fire_number(0, 0.04) is None


def test_years_to_fi_solves_the_compound_growth_equation() -> None:
    years = years_to_fi(900_000, 120_000, 18_000, 0.05)
    assert years is not None
    grown = 120_000 * 1.05**years + 18_000 * (1.05**years - 1) / 0.05
    assert grown == pytest.approx(900_000)
    assert years_to_fi(100, 200, 0, 0.05) == 0.0
    assert years_to_fi(1_000, 0, 100, 0.0) == pytest.approx(10.0)
    assert years_to_fi(1_000, 0, 0, 0.0) is None  # nothing saved, nothing grows
    assert years_to_fi(1_000, 100, -50, 0.05) is None  # withdrawals outpace the growth
    assert years_to_fi(1_000, 100, 0, 0.05) == pytest.approx(math.log(10) / math.log(1.05))


def test_avalanche_pays_the_highest_rate_first_and_snowball_the_smallest_balance() -> None:
    debts = [
        Debt("car", "loan", 9_000, 0.06),
        Debt("visa", "credit_card", 3_000, 0.22),
        Debt("store", "loan", 500, 0.1),
    ]
    assert [d.name for d in avalanche(debts)] == ["visa", "store", "car"]
    assert [d.name for d in snowball(debts)] == ["store", "visa", "car"]


def test_probability_at_or_above_reads_the_histogram() -> None:
    assert probability_at_or_above([0, 10, 20, 30], [1, 1, 2], 20) == pytest.approx(0.5)
    assert probability_at_or_above([0, 10], [0], 5) == 0.0


def snapshot(**changes: object) -> Snapshot:
    base = Snapshot(
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        monthly_income=5_000,
        monthly_expenses=3_000,
        spending=[
            CategorySpend(date(2026, 1, 1), "groceries", 400),
            CategorySpend(date(2026, 1, 1), "rent", 1_500),
            CategorySpend(date(2026, 2, 1), "groceries", 500),
            CategorySpend(date(2026, 2, 1), "rent", 1_500),
            CategorySpend(date(2026, 3, 1), "groceries", 900),
            CategorySpend(date(2026, 3, 1), "rent", 1_500),
        ],
        anomalies=[Anomaly(date(2026, 3, 3), "TV Shop", "electronics", -1_999, 60, 8.5)],
        holdings=[
            Holding("Checking", "asset", "cash", 4_000),
            Holding("Index fund", "asset", "investment", 20_000),
            Holding("Visa", "liability", "credit_card", 2_000, interest_rate=0.22, credit_limit=4_000),
            Holding("Car loan", "liability", "loan", 1_000, interest_rate=0.05),
        ],
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_figures_of_a_snapshot() -> None:
    found = figures(snapshot(), ASSUME)
    overall = found.overall
    assert overall["liquid_savings"] == 4_000
    assert overall["investment_assets"] == 20_000
    assert overall["total_debt"] == 3_000
    assert overall["credit_utilisation"] == pytest.approx(0.5)
    assert overall["emergency_fund_months"] == pytest.approx(4_000 / 3_000)
    assert overall["emergency_fund_shortfall"] == pytest.approx(14_000)
    assert overall["savings_rate"] == pytest.approx(0.4)
    assert overall["fire_number"] == pytest.approx(36_000 / 0.04)
    assert [d.name for d in found.avalanche] == ["Visa", "Car loan"]
    groceries = next(i for i in found.items["category"] if i.subject == "groceries")
    assert groceries.facts["rising_periods"] == 2
    assert groceries.facts["share"] == pytest.approx(900 / 2_400)
    assert groceries.facts["usual_share"] == pytest.approx((400 / 1_900 + 500 / 2_000) / 2)


def test_the_packaged_rules_over_a_snapshot() -> None:
    found = figures(snapshot(), ASSUME)
    findings = {(f.rule.id, f.subject) for f in evaluate(load_rules(), found.overall, found.items)}
    assert ("spending.category_rising", "groceries") in findings
    assert ("spending.category_share_high", "groceries") in findings
    assert ("spending.category_rising", "rent") not in findings
    assert ("anomaly.unusual_transaction", "TV Shop") in findings
    assert ("emergency_fund.low", None) in findings
    assert ("debt.avalanche_first", "Visa") in findings
    assert ("debt.high_interest", "Visa") in findings
    assert ("debt.high_interest", "Car loan") not in findings
    assert ("credit.utilisation_high", None) in findings
    assert ("fire.progress", None) in findings
    assert ("invest.idle_cash", None) not in findings


def test_inline_assumptions_take_precedence_over_analytics() -> None:
    assume = Assumptions(
        expected_return=0.07,
        safe_withdrawal_rate=0.035,
        emergency_fund_target_months=1,
        annual_spending=70_000,
        annual_savings=0,
        current_investments=0,
    )
    overall = figures(snapshot(), assume).overall
    assert overall["fire_number"] == pytest.approx(2_000_000)
    assert overall["years_to_fi"] is None
    assert overall["fi_reachable"] == 0
    findings = {f.rule.id for f in evaluate(load_rules(), overall, {})}
    assert "fire.unreachable" in findings
    assert "emergency_fund.low" not in findings  # 1.3 months cover the 1-month target given inline
    assert overall["excess_liquid"] == pytest.approx(1_000)


def test_an_overflowing_figure_is_unknown_not_infinite() -> None:
    assume = Assumptions(expected_return=0.05, safe_withdrawal_rate=5e-324, emergency_fund_target_months=6)
    overall = figures(snapshot(), assume).overall
    assert overall["fire_number"] is None
    assert overall["years_to_fi"] is None
