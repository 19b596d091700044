"""Closed-form personal-finance figures: FIRE number, years to financial independence, debt order.

>>> fire_number(40_000, 0.04)
1000000.0
>>> round(years_to_fi(1_000_000, 0, 100_000, 0.0), 1)
10.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Debt", "avalanche", "fire_number", "probability_at_or_above", "snowball", "years_to_fi"]


def fire_number(annual_expenses: float, safe_withdrawal_rate: float) -> float | None:
    """The portfolio whose safe withdrawal pays the annual expenses; None without expenses."""
    if annual_expenses <= 0 or safe_withdrawal_rate <= 0:
        return None
    return annual_expenses / safe_withdrawal_rate


def years_to_fi(target: float, current: float, annual_savings: float, annual_return: float) -> float | None:
    """Years until ``current`` plus yearly ``annual_savings``, compounding at ``annual_return``, reach ``target``.

    Solves current*(1+r)^n + s*((1+r)^n - 1)/r = target for n; None when the portfolio never gets there.
    """
    if current >= target:
        return 0.0
    r, s = annual_return, annual_savings
    if abs(r) < 1e-12:  # no growth: a straight line
        return (target - current) / s if s > 0 else None
    if r <= -1:
        return None
    growth = current * r + s  # the yearly increase, scaled: it must be positive to ever arrive
    if growth <= 0:
        return None
    ratio = (target * r + s) / growth
    if ratio <= 0:  # a shrinking market that savings cannot outpace
        return None
    years = math.log(ratio) / math.log1p(r)
    return years if years >= 0 and math.isfinite(years) else None


@dataclass(frozen=True, slots=True)
class Debt:
    """One liability: its name, category, balance and (when known) annual interest rate and minimum payment."""

    name: str
    category: str
    balance: float
    interest_rate: float | None = None
    minimum_payment: float | None = None


def avalanche(debts: Sequence[Debt]) -> list[Debt]:
    """Highest interest rate first (unknown rates last), then the smaller balance: the least interest paid."""
    return sorted(
        (d for d in debts if d.balance > 0),
        key=lambda d: (d.interest_rate is None, -(d.interest_rate or 0.0), d.balance, d.name),
    )


def snowball(debts: Sequence[Debt]) -> list[Debt]:
    """Smallest balance first: the quickest wins."""
    return sorted((d for d in debts if d.balance > 0), key=lambda d: (d.balance, d.name))


def probability_at_or_above(edges: Sequence[float], counts: Sequence[int], threshold: float) -> float:
    """Share of a histogram's mass at or above ``threshold``, spread evenly within each bin.

    >>> probability_at_or_above([0, 10, 20], [5, 5], 15)
    0.25
    """
    total = sum(counts)
    if total <= 0 or len(edges) != len(counts) + 1:
        return 0.0
    above = 0.0
    for low, high, count in zip(edges, edges[1:], counts, strict=False):
        if low >= threshold:
            above += count
        elif high > threshold:
            above += count * (high - threshold) / (high - low)
    return min(1.0, max(0.0, above / total))
