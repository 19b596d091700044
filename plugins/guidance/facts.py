"""The figures the rules read, computed from a snapshot of the user's finances and their assumptions.

Overall figures: monthly_income, monthly_expenses, net_monthly, savings_rate, liquid_savings,
investment_assets, total_debt, max_debt_rate, credit_utilisation, emergency_fund_months,
emergency_fund_target_months, emergency_fund_shortfall, excess_liquid, annual_expenses,
annual_savings, current_investments, expected_return, safe_withdrawal_rate, fire_number,
years_to_fi, fi_reachable (1 or 0), and, when known, age, fire_probability, fire_horizon_years,
risk_score.
Items: ``category`` (amount, share, usual_share, share_change, growth, rising_periods,
history_periods), ``anomaly`` (amount, median, score; label date), ``debt`` (balance,
interest_rate, minimum_payment, avalanche_rank, snowball_rank; label snowball_first).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean

from plugins.guidance.finance import Debt, avalanche, fire_number, snowball, years_to_fi
from plugins.guidance.rules import Item

__all__ = ["Anomaly", "Assumptions", "CategorySpend", "Figures", "Holding", "Snapshot", "figures"]

LIQUID = frozenset({"cash", "savings"})
INVESTED = frozenset({"investment", "retirement"})


@dataclass(frozen=True, slots=True)
class CategorySpend:
    """Spending on one category in one period (a positive amount)."""

    period_start: date
    category: str
    amount: float


@dataclass(frozen=True, slots=True)
class Anomaly:
    """A transaction analytics found unusual against the median of its kind."""

    date: date
    merchant: str
    category: str
    amount: float
    median: float
    score: float


@dataclass(frozen=True, slots=True)
class Holding:
    """An asset or liability with its latest value."""

    name: str
    kind: str  # asset | liability
    category: str
    value: float
    interest_rate: float | None = None
    credit_limit: float | None = None
    minimum_payment: float | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What analytics knows of the user over ``start``..``end`` (monthly periods)."""

    start: date
    end: date
    monthly_income: float
    monthly_expenses: float
    spending: Sequence[CategorySpend] = ()
    anomalies: Sequence[Anomaly] = ()
    holdings: Sequence[Holding] = ()


@dataclass(frozen=True, slots=True)
class Assumptions:
    """The user's inline inputs resolved against the platform's defaults; None means derive it."""

    expected_return: float
    safe_withdrawal_rate: float
    emergency_fund_target_months: float
    annual_spending: float | None = None
    annual_savings: float | None = None
    current_investments: float | None = None
    age: int | None = None


@dataclass(slots=True)
class Figures:
    """Overall figures, the items of each scope, and the debts in both pay-down orders."""

    overall: dict[str, float | None]
    items: dict[str, list[Item]] = field(default_factory=dict)
    avalanche: list[Debt] = field(default_factory=list)
    snowball: list[Debt] = field(default_factory=list)


def _finite(figures: dict[str, float | None]) -> dict[str, float | None]:
    """Figures with an overflow (a tiny withdrawal rate, say) as unknown: no rule reads infinity."""
    return {name: value if value is None or math.isfinite(value) else None for name, value in figures.items()}


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _days(period_start: date, start: date, end: date) -> int:
    """Days of the month starting ``period_start`` that lie within ``start``..``end``."""
    first, after = max(period_start, start), min(_next_month(period_start), end + timedelta(days=1))
    return max(1, (after - first).days)


def _rising(rates: Sequence[float]) -> int:
    """How many periods in a row, up to the latest, each rate exceeded the one before."""
    count = 0
    for before, after in zip(reversed(rates[:-1]), reversed(rates), strict=False):
        if after <= before:
            break
        count += 1
    return count


def _categories(snapshot: Snapshot) -> list[Item]:
    """Each category's latest period against its earlier ones: share of spending and daily rate."""
    periods = sorted({s.period_start for s in snapshot.spending})
    if not periods:
        return []
    amounts: dict[str, dict[date, float]] = defaultdict(dict)
    totals: dict[date, float] = defaultdict(float)
    for spend in snapshot.spending:
        amount = abs(spend.amount)
        amounts[spend.category][spend.period_start] = amounts[spend.category].get(spend.period_start, 0.0) + amount
        totals[spend.period_start] += amount
    latest, history = periods[-1], periods[:-1]
    items = []
    for category, by_period in sorted(amounts.items()):
        shares = [by_period.get(p, 0.0) / totals[p] if totals[p] > 0 else 0.0 for p in periods]
        rates = [by_period.get(p, 0.0) / _days(p, snapshot.start, snapshot.end) for p in periods]
        usual_share = fmean(shares[:-1]) if history else None
        usual_rate = fmean(rates[:-1]) if history else None
        facts: dict[str, float | None] = {
            "amount": by_period.get(latest, 0.0),
            "share": shares[-1],
            "usual_share": usual_share,
            "share_change": shares[-1] - usual_share if usual_share is not None else None,
            "growth": rates[-1] / usual_rate - 1 if usual_rate else None,
            "rising_periods": float(_rising(rates)),
            "history_periods": float(len(history)),
        }
        items.append(Item(category, _finite(facts)))
    return items


def _anomalies(snapshot: Snapshot) -> list[Item]:
    return [
        Item(
            a.merchant or a.category,
            {"amount": abs(a.amount), "median": abs(a.median), "score": a.score},
            {"date": a.date.isoformat()},
        )
        for a in snapshot.anomalies
    ]


def _debt_items(by_rate: list[Debt], by_balance: list[Debt]) -> list[Item]:
    if not by_rate:
        return []
    labels = {"snowball_first": by_balance[0].name}
    return [
        Item(
            debt.name,
            {
                "balance": debt.balance,
                "interest_rate": debt.interest_rate,
                "minimum_payment": debt.minimum_payment,
                "avalanche_rank": float(rank),
                "snowball_rank": float(by_balance.index(debt) + 1),
            },
            labels,
        )
        for rank, debt in enumerate(by_rate, start=1)
    ]


def figures(snapshot: Snapshot, assumptions: Assumptions) -> Figures:
    """Every figure the rules may read, from the snapshot and the assumptions."""
    income, expenses = snapshot.monthly_income, snapshot.monthly_expenses
    assets = [h for h in snapshot.holdings if h.kind == "asset"]
    liabilities = [h for h in snapshot.holdings if h.kind == "liability"]
    liquid = sum(h.value for h in assets if h.category in LIQUID)
    invested = sum(h.value for h in assets if h.category in INVESTED)
    cards = [h for h in liabilities if h.category == "credit_card" and h.credit_limit]
    limits = sum(h.credit_limit or 0.0 for h in cards)
    target = assumptions.emergency_fund_target_months
    debts = [Debt(h.name, h.category, h.value, h.interest_rate, h.minimum_payment) for h in liabilities]
    by_rate, by_balance = avalanche(debts), snowball(debts)

    annual_expenses = assumptions.annual_spending if assumptions.annual_spending is not None else expenses * 12
    annual_savings = assumptions.annual_savings if assumptions.annual_savings is not None else (income - expenses) * 12
    current = assumptions.current_investments if assumptions.current_investments is not None else invested
    target_portfolio = fire_number(annual_expenses, assumptions.safe_withdrawal_rate)
    years = (
        years_to_fi(target_portfolio, current, annual_savings, assumptions.expected_return)
        if target_portfolio is not None
        else None
    )
    overall: dict[str, float | None] = {
        "monthly_income": income,
        "monthly_expenses": expenses,
        "net_monthly": income - expenses,
        "savings_rate": (income - expenses) / income if income > 0 else None,
        "liquid_savings": liquid,
        "investment_assets": invested,
        "total_debt": sum(h.value for h in liabilities),
        "max_debt_rate": max((d.interest_rate or 0.0 for d in by_rate), default=0.0),
        "credit_utilisation": sum(h.value for h in cards) / limits if limits > 0 else None,
        "emergency_fund_months": liquid / expenses if expenses > 0 else None,
        "emergency_fund_target_months": target,
        "emergency_fund_shortfall": max(0.0, target * expenses - liquid),
        "excess_liquid": liquid - target * expenses if expenses > 0 else None,
        "annual_expenses": annual_expenses,
        "annual_savings": annual_savings,
        "current_investments": current,
        "expected_return": assumptions.expected_return,
        "safe_withdrawal_rate": assumptions.safe_withdrawal_rate,
        "fire_number": target_portfolio,
        "years_to_fi": years,
        "fi_reachable": None if target_portfolio is None else float(years is not None),
        "age": float(assumptions.age) if assumptions.age is not None else None,
    }
    items = {
        "category": _categories(snapshot),
        "anomaly": _anomalies(snapshot),
        "debt": _debt_items(by_rate, by_balance),
    }
    return Figures(_finite(overall), items, by_rate, by_balance)
