"""The metrics' SQL: aggregates over one user's transactions in a date range, run in the database.

Everything here returns one row per bucket, category, merchant or flagged transaction, never the
range's transactions themselves, so a metrics call costs the same memory for ten rows or ten million.
Cash flow reads the per-day totals that imports maintain; the rest scan the range's transactions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from generated.analytics.models import Period
from plugins.analytics.dialect import Dialect
from plugins.analytics.tables import DailyTotalRow, TransactionRow

__all__ = ["AnomalyRow", "MerchantRow", "Queries", "RecurringRow", "Window"]

# Robust z-score (Iglewicz and Hoaglin): 0.6745 x |x - median| / MAD, an outlier above 3.5.
ANOMALY_FACTOR = 0.6745
ANOMALY_THRESHOLD = 3.5
# A category needs this many transactions in the range before any of them is called an anomaly.
ANOMALY_MIN_COUNT = 5
RECURRING_MIN_COUNT = 3


@dataclass(frozen=True, slots=True)
class Window:
    """Whose transactions, and which days (both included)."""

    owner: uuid.UUID
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class MerchantRow:
    merchant: str
    spent_cents: int
    count: int


@dataclass(frozen=True, slots=True)
class RecurringRow:
    merchant: str
    count: int
    mean_cents: float
    low_cents: int
    high_cents: int
    first: date
    last: date
    min_gap: int
    max_gap: int


@dataclass(frozen=True, slots=True)
class AnomalyRow:
    transaction_id: uuid.UUID
    date: date
    merchant: str
    category: str
    amount_cents: int
    median_cents: float
    score: float


class Queries:
    """The aggregate queries of a metrics call, in either database's SQL."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.table = dialect.database.table_name(TransactionRow)
        self.daily = dialect.database.table_name(DailyTotalRow)

    def _where(self, window: Window) -> tuple[str, list[Any]]:
        args = [window.owner, self.dialect.date_arg(window.start), self.dialect.date_arg(window.end)]
        return "owner_id = {} AND date >= {} AND date <= {}", args

    async def cash_flow(self, window: Window, period: Period) -> dict[date, tuple[int, int]]:
        """(income, expenses) in cents per bucket that has transactions; expenses positive.

        From the daily totals each import keeps: at most one row per day, however many transactions.
        """
        bucket = self.dialect.bucket("day", period)
        rows = await self.dialect.database.query(
            f"SELECT {bucket} AS bucket, CAST(SUM(income_cents) AS BIGINT) AS income,"  # noqa: S608  # our table
            f" CAST(SUM(expenses_cents) AS BIGINT) AS expenses FROM {self.daily}"
            f" WHERE owner_id = {{}} AND day >= {{}} AND day <= {{}} GROUP BY {bucket}",
            window.owner,
            self.dialect.date_arg(window.start),
            self.dialect.date_arg(window.end),
        )
        return {Dialect.to_date(r["bucket"]): (int(r["income"]), int(r["expenses"])) for r in rows}

    async def spending_by_category(self, window: Window, period: Period) -> list[tuple[date, str, int]]:
        """(bucket, category, expenses in cents) for every bucket and category with expenses."""
        where, args = self._where(window)
        bucket = self.dialect.bucket("date", period)
        rows = await self.dialect.database.query(
            f"SELECT {bucket} AS bucket, category, CAST(SUM(-amount_cents) AS BIGINT) AS spent"  # noqa: S608
            f" FROM {self.table} WHERE {where} AND amount_cents < 0 GROUP BY {bucket}, category",
            *args,
        )
        return [(Dialect.to_date(r["bucket"]), str(r["category"]), int(r["spent"])) for r in rows]

    async def top_merchants(self, window: Window, limit: int) -> list[MerchantRow]:
        where, args = self._where(window)
        rows = await self.dialect.database.query(
            "SELECT merchant, CAST(SUM(-amount_cents) AS BIGINT) AS spent, COUNT(*) AS n"  # noqa: S608
            f" FROM {self.table} WHERE {where} AND amount_cents < 0 AND merchant <> ''"
            " GROUP BY merchant ORDER BY spent DESC, merchant LIMIT {}",
            *args,
            limit,
        )
        return [MerchantRow(str(r["merchant"]), int(r["spent"]), int(r["n"])) for r in rows]

    async def recurring_candidates(self, window: Window) -> list[RecurringRow]:
        """Per merchant with enough expenses: count, amount spread and the smallest and largest gap in days."""
        where, args = self._where(window)
        gap = self.dialect.days_between("date", "previous")
        rows = await self.dialect.database.query(
            "WITH spent AS ("  # noqa: S608
            " SELECT merchant, date, -amount_cents AS cents,"
            " LAG(date) OVER (PARTITION BY merchant ORDER BY date) AS previous"
            f" FROM {self.table} WHERE {where} AND amount_cents < 0 AND merchant <> '')"
            " SELECT merchant, COUNT(*) AS n, CAST(AVG(cents) AS DOUBLE PRECISION) AS mean,"
            " MIN(cents) AS low, MAX(cents) AS high, MIN(date) AS first, MAX(date) AS last,"
            f" MIN({gap}) AS min_gap, MAX({gap}) AS max_gap"
            " FROM spent GROUP BY merchant HAVING COUNT(*) >= {}"
            " AND MIN(cents) >= 0.9 * AVG(cents) AND MAX(cents) <= 1.1 * AVG(cents)",
            *args,
            RECURRING_MIN_COUNT,
        )
        return [
            RecurringRow(
                merchant=str(r["merchant"]),
                count=int(r["n"]),
                mean_cents=float(r["mean"]),
                low_cents=int(r["low"]),
                high_cents=int(r["high"]),
                first=Dialect.to_date(r["first"]),
                last=Dialect.to_date(r["last"]),
                min_gap=int(r["min_gap"]),
                max_gap=int(r["max_gap"]),
            )
            for r in rows
        ]

    async def anomalies(self, window: Window, limit: int) -> list[AnomalyRow]:
        """Transactions whose robust z-score within their category is over the threshold, largest first.

        Median and MAD come from window functions (ROW_NUMBER over each category's amounts, the
        middle one or two averaged), which both databases have, so no amount leaves the database.
        """
        where, args = self._where(window)
        rows = await self.dialect.database.query(
            "WITH base AS ("  # noqa: S608
            f" SELECT id, date, merchant, category, amount_cents FROM {self.table} WHERE {where}),"
            " ranked AS (SELECT category, amount_cents AS x,"
            " ROW_NUMBER() OVER (PARTITION BY category ORDER BY amount_cents) AS rn,"
            " COUNT(*) OVER (PARTITION BY category) AS n FROM base),"
            " medians AS (SELECT category, CAST(AVG(x) AS DOUBLE PRECISION) AS median FROM ranked"
            " WHERE n >= {} AND rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY category),"
            " deviations AS (SELECT b.category, ABS(b.amount_cents - m.median) AS d"
            " FROM base b JOIN medians m ON m.category = b.category),"
            " dranked AS (SELECT category, d, ROW_NUMBER() OVER (PARTITION BY category ORDER BY d) AS rn,"
            " COUNT(*) OVER (PARTITION BY category) AS n FROM deviations),"
            " mads AS (SELECT category, CAST(AVG(d) AS DOUBLE PRECISION) AS mad FROM dranked"
            " WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY category)"
            " SELECT b.id, b.date, b.merchant, b.category, b.amount_cents, m.median,"
            " {} * ABS(b.amount_cents - m.median) / d.mad AS score"
            " FROM base b JOIN medians m ON m.category = b.category JOIN mads d ON d.category = b.category"
            " WHERE d.mad > 0 AND {} * ABS(b.amount_cents - m.median) > {} * d.mad"
            " ORDER BY score DESC, b.date, b.id LIMIT {}",
            *args,
            ANOMALY_MIN_COUNT,
            ANOMALY_FACTOR,
            ANOMALY_FACTOR,
            ANOMALY_THRESHOLD,
            limit,
        )
        return [
            AnomalyRow(
                transaction_id=Dialect.to_uuid(r["id"]),
                date=Dialect.to_date(r["date"]),
                merchant=str(r["merchant"]),
                category=str(r["category"]),
                amount_cents=int(r["amount_cents"]),
                median_cents=float(r["median"]),
                score=float(r["score"]),
            )
            for r in rows
        ]
