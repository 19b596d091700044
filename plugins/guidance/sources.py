"""What the analytics service knows of the user, read through its client into a Snapshot."""

from __future__ import annotations

from datetime import date

from framework import CallContext
from generated.analytics import AnalyticsService
from generated.analytics.models import Asset, Metrics, Period
from plugins.guidance.facts import Anomaly, CategorySpend, Holding, Snapshot

__all__ = ["read_snapshot"]

_PAGE = 100


def _holding(asset: Asset) -> Holding:
    return Holding(
        name=asset.name,
        kind=asset.kind.value,
        category=asset.category.value,
        value=asset.value if asset.value is not None else 0.0,  # no value recorded yet counts as nothing
        interest_rate=asset.interest_rate,
        credit_limit=asset.credit_limit,
        minimum_payment=asset.minimum_payment,
    )


async def _holdings(analytics: AnalyticsService, ctx: CallContext, most: int) -> list[Holding]:
    holdings: list[Holding] = []
    cursor: str | None = None
    while len(holdings) < most:
        page = await analytics.list_assets(ctx, limit=min(_PAGE, most - len(holdings)), cursor=cursor)
        holdings += [_holding(asset) for asset in page.items]
        cursor = page.page.next_cursor if isinstance(page.page.next_cursor, str) else None
        if cursor is None:
            break
    return holdings


def _snapshot(metrics: Metrics, holdings: list[Holding]) -> Snapshot:
    return Snapshot(
        start=metrics.start,
        end=metrics.end,
        monthly_income=metrics.monthly_income,
        monthly_expenses=metrics.monthly_expenses,
        spending=[CategorySpend(s.period_start, s.category, s.amount) for s in metrics.spending_by_category],
        anomalies=[Anomaly(a.date, a.merchant, a.category, a.amount, a.median, a.score) for a in metrics.anomalies],
        holdings=holdings,
    )


async def read_snapshot(
    analytics: AnalyticsService, ctx: CallContext, *, start: date, end: date, max_assets: int
) -> Snapshot:
    """Monthly metrics over ``start``..``end`` and up to ``max_assets`` assets, as the caller (their data only)."""
    metrics = await analytics.get_metrics(ctx, start=start, end=end, period=Period.month)
    return _snapshot(metrics, await _holdings(analytics, ctx, max_assets))
