"""The financial health score: five components, each scored 0-100, weighted into one number.

The formula is the one the contract's getMetrics description states; change both together.
"""

from __future__ import annotations

from dataclasses import dataclass

from generated.analytics.models import FinancialHealth, FinancialHealthComponent

__all__ = ["HealthInputs", "health"]

WEIGHTS = {
    "savings_rate": 0.30,
    "emergency_fund": 0.25,
    "debt_to_income": 0.20,
    "credit_utilisation": 0.15,
    "cash_flow_stability": 0.10,
}
TARGET_SAVINGS_RATE = 0.20
TARGET_FUND_MONTHS = 6.0
# Monthly debt payments above 43% of income: the usual ceiling for a qualified mortgage.
DTI_CEILING = 0.43
UTILISATION_GOOD, UTILISATION_BAD = 0.10, 0.90


@dataclass(frozen=True, slots=True)
class HealthInputs:
    savings_rate: float | None
    emergency_fund_months: float | None
    liquid: float
    monthly_income: float
    minimum_payments: float
    card_balances: float
    card_limits: float
    buckets: int
    buckets_not_negative: int


def _linear(value: float, zero_at: float, full_at: float) -> float:
    """0 at ``zero_at``, 100 at ``full_at``, straight between, clamped."""
    share = (value - zero_at) / (full_at - zero_at)
    return round(100 * min(1.0, max(0.0, share)), 2)


def _components(i: HealthInputs) -> list[tuple[str, float | None, float]]:
    savings = None if i.savings_rate is None else _linear(i.savings_rate, 0.0, TARGET_SAVINGS_RATE)
    if i.emergency_fund_months is None:
        fund = 100.0 if i.liquid > 0 else 0.0
    else:
        fund = _linear(i.emergency_fund_months, 0.0, TARGET_FUND_MONTHS)
    dti = i.minimum_payments / i.monthly_income if i.monthly_income > 0 else None
    no_income_score = 100.0 if i.minimum_payments == 0 else 0.0
    dti_score = no_income_score if dti is None else _linear(dti, DTI_CEILING, 0.0)
    utilisation = i.card_balances / i.card_limits if i.card_limits > 0 else None
    utilisation_score = 100.0 if utilisation is None else _linear(utilisation, UTILISATION_BAD, UTILISATION_GOOD)
    stability = i.buckets_not_negative / i.buckets if i.buckets else None
    return [
        ("savings_rate", i.savings_rate, savings if savings is not None else 0.0),
        ("emergency_fund", i.emergency_fund_months, fund),
        ("debt_to_income", dti, dti_score),
        ("credit_utilisation", utilisation, utilisation_score),
        ("cash_flow_stability", stability, round(100 * stability, 2) if stability is not None else 0.0),
    ]


def health(inputs: HealthInputs) -> FinancialHealth:
    """The score (0-100, rounded) and each component's value, score and weight."""
    parts = [
        FinancialHealthComponent(name=name, value=_round(value), score=score, weight=WEIGHTS[name])
        for name, value, score in _components(inputs)
    ]
    total = sum(p.score * p.weight for p in parts)
    return FinancialHealth(score=max(0, min(100, round(total))), components=parts)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
