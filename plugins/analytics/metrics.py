"""getMetrics: the aggregate queries' answers, shaped into the contract's Metrics."""

from __future__ import annotations

from datetime import date, timedelta

from generated.analytics.models import (
    Anomaly,
    CashFlowPoint,
    CategorySpending,
    MerchantSpending,
    Metrics,
    NetWorth,
    NetWorthPoint,
    Period,
    RecurringPayment,
    Totals,
)
from plugins.analytics.assets import Assets
from plugins.analytics.health import HealthInputs, health
from plugins.analytics.queries import Queries, RecurringRow, Window

__all__ = ["DAYS_PER_MONTH", "MetricsBuilder", "buckets", "is_recurring"]

DAYS_PER_MONTH = 30.44
# A recurring payment's mean gap lies in this range (days), and every gap within the tolerance of it.
RECURRING_GAP_DAYS = (5.0, 400.0)
RECURRING_GAP_TOLERANCE = 0.25
RECURRING_GAP_SLACK_DAYS = 3.0


def _bucket_of(day: date, period: Period) -> date:
    if period is Period.week:
        return day - timedelta(days=day.weekday())
    if period is Period.month:
        return day.replace(day=1)
    return day


def _next(bucket: date, period: Period) -> date:
    if period is Period.day:
        return bucket + timedelta(days=1)
    if period is Period.week:
        return bucket + timedelta(days=7)
    return (bucket.replace(day=28) + timedelta(days=4)).replace(day=1)


def buckets(start: date, end: date, period: Period) -> list[tuple[date, date]]:
    """Every bucket touching [start, end]: (its first day, its last day clipped to ``end``)."""
    result = []
    bucket = _bucket_of(start, period)
    while bucket <= end:
        following = _next(bucket, period)
        result.append((bucket, min(following - timedelta(days=1), end)))
        bucket = following
    return result


def is_recurring(row: RecurringRow) -> bool:
    """Regular enough: the mean gap in range, and no gap further from it than the tolerance."""
    mean_gap = (row.last - row.first).days / (row.count - 1)
    low, high = RECURRING_GAP_DAYS
    slack = max(RECURRING_GAP_SLACK_DAYS, RECURRING_GAP_TOLERANCE * mean_gap)
    return low <= mean_gap <= high and row.min_gap >= mean_gap - slack and row.max_gap <= mean_gap + slack


def _money(cents: float) -> float:
    return round(cents / 100, 2)


class MetricsBuilder:
    """Runs a metrics query for one user and range."""

    def __init__(self, queries: Queries, assets: Assets, top_merchants: int, max_anomalies: int) -> None:
        self.queries = queries
        self.assets = assets
        self.top_merchants = top_merchants
        self.max_anomalies = max_anomalies

    async def build(self, window: Window, period: Period) -> Metrics:
        flows = await self.queries.cash_flow(window, period)
        spans = buckets(window.start, window.end, period)
        cash_flow = []
        for first, _ in spans:
            income, expenses = flows.get(first, (0, 0))
            cash_flow.append(
                CashFlowPoint(
                    period_start=first, income=_money(income), expenses=_money(expenses), net=_money(income - expenses)
                )
            )
        income = sum(i for i, _ in flows.values())
        expenses = sum(e for _, e in flows.values())
        categories = sorted(await self.queries.spending_by_category(window, period), key=lambda c: (c[0], -c[2], c[1]))
        merchants = await self.queries.top_merchants(window, self.top_merchants)
        recurring = [r for r in await self.queries.recurring_candidates(window) if is_recurring(r)]
        recurring.sort(key=lambda r: (-r.mean_cents, r.merchant))
        anomalies = await self.queries.anomalies(window, self.max_anomalies)
        holdings = await self.assets.holdings(window.owner, window.end)

        months = ((window.end - window.start).days + 1) / DAYS_PER_MONTH
        monthly_income = _money(income / months)
        monthly_expenses = _money(expenses / months)
        savings_rate = round((income - expenses) / income, 4) if income > 0 else None
        liquid = holdings.liquid_on(window.end)
        fund_months = round(liquid / (expenses / 100 / months), 2) if expenses > 0 else None
        assets_total, liabilities_total = holdings.totals_on(window.end)
        series = []
        for _, last in spans:
            a, li = holdings.totals_on(last)
            series.append(NetWorthPoint(date=last, assets=a, liabilities=li, net=round(a - li, 2)))
        balances, limits = holdings.cards_on(window.end)
        score = health(
            HealthInputs(
                savings_rate=savings_rate,
                emergency_fund_months=fund_months,
                liquid=liquid,
                monthly_income=income / 100 / months,
                minimum_payments=holdings.minimum_payments(),
                card_balances=balances,
                card_limits=limits,
                buckets=len(cash_flow),
                buckets_not_negative=sum(1 for p in cash_flow if p.net >= 0),
            )
        )
        return Metrics(
            start=window.start,
            end=window.end,
            period=period,
            cash_flow=cash_flow,
            spending_by_category=[
                CategorySpending(period_start=b, category=c, amount=_money(s)) for b, c, s in categories
            ],
            top_merchants=[
                MerchantSpending(merchant=m.merchant, amount=_money(m.spent_cents), count=m.count) for m in merchants
            ],
            recurring=[
                RecurringPayment(
                    merchant=r.merchant,
                    amount=_money(r.mean_cents),
                    interval_days=round((r.last - r.first).days / (r.count - 1), 1),
                    occurrences=r.count,
                    last_date=r.last,
                )
                for r in recurring
            ],
            anomalies=[
                Anomaly(
                    transaction_id=a.transaction_id,
                    date=a.date,
                    merchant=a.merchant,
                    category=a.category,
                    amount=_money(a.amount_cents),
                    median=_money(a.median_cents),
                    score=round(a.score, 2),
                )
                for a in anomalies
            ],
            totals=Totals(income=_money(income), expenses=_money(expenses), net=_money(income - expenses)),
            monthly_income=monthly_income,
            monthly_expenses=monthly_expenses,
            savings_rate=savings_rate,
            emergency_fund_months=fund_months,
            net_worth=NetWorth(
                assets=assets_total,
                liabilities=liabilities_total,
                net=round(assets_total - liabilities_total, 2),
                series=series,
            ),
            health=score,
        )
