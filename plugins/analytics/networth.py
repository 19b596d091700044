"""Net worth from a user's asset values: the latest value of each asset on or before a day.

A user has few assets and records a value now and then, so these few rows are read once per
metrics call and walked in Python; the transactions never are.
"""

from __future__ import annotations

import bisect
import uuid
from dataclasses import dataclass
from datetime import date

from generated.analytics.models import AssetCategory, AssetKind

__all__ = ["LIQUID", "Holding", "Holdings"]

LIQUID = frozenset({AssetCategory.cash, AssetCategory.savings})


@dataclass(frozen=True, slots=True)
class Holding:
    """One asset or liability and its recorded values, oldest first."""

    id: uuid.UUID
    kind: AssetKind
    category: AssetCategory
    credit_limit: float | None
    minimum_payment: float | None
    days: tuple[date, ...]
    values: tuple[float, ...]

    def value_on(self, day: date) -> float | None:
        """The latest value recorded on or before ``day``; None before the first."""
        index = bisect.bisect_right(self.days, day)
        return self.values[index - 1] if index else None


@dataclass(frozen=True, slots=True)
class Holdings:
    """Every asset and liability of a user."""

    items: tuple[Holding, ...]

    def totals_on(self, day: date) -> tuple[float, float]:
        """(assets, liabilities) on ``day``."""
        assets = liabilities = 0.0
        for h in self.items:
            value = h.value_on(day) or 0.0
            if h.kind is AssetKind.asset:
                assets += value
            else:
                liabilities += value
        return round(assets, 2), round(liabilities, 2)

    def liquid_on(self, day: date) -> float:
        return round(sum(h.value_on(day) or 0.0 for h in self.items if h.category in LIQUID), 2)

    def cards_on(self, day: date) -> tuple[float, float]:
        """(balances, limits) of the credit cards that have a limit."""
        cards = [h for h in self.items if h.category is AssetCategory.credit_card and (h.credit_limit or 0) > 0]
        return sum(h.value_on(day) or 0.0 for h in cards), sum(h.credit_limit or 0.0 for h in cards)

    def minimum_payments(self) -> float:
        return sum(h.minimum_payment or 0.0 for h in self.items if h.kind is AssetKind.liability)
