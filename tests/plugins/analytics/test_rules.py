"""The pure rules behind the metrics: buckets, the recurring rule, the health formula and the cache."""

from __future__ import annotations

import uuid
from datetime import date

from generated.analytics.models import Period
from plugins.analytics.cache import GenerationCache
from plugins.analytics.health import HealthInputs, health
from plugins.analytics.metrics import buckets, is_recurring
from plugins.analytics.queries import RecurringRow


def test_buckets_cover_the_range_and_end_at_its_end() -> None:
    assert buckets(date(2026, 1, 30), date(2026, 3, 2), Period.month) == [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 2)),
    ]
    weeks = buckets(date(2026, 1, 1), date(2026, 1, 12), Period.week)  # 2026-01-01 is a Thursday
    assert weeks == [
        (date(2025, 12, 29), date(2026, 1, 4)),
        (date(2026, 1, 5), date(2026, 1, 11)),
        (date(2026, 1, 12), date(2026, 1, 12)),
    ]
    assert len(buckets(date(2026, 1, 1), date(2026, 12, 31), Period.day)) == 365


def recurring(first: date, last: date, count: int, min_gap: int, max_gap: int) -> RecurringRow:
    return RecurringRow("m", count, 1000.0, 950, 1050, first, last, min_gap, max_gap)


def test_the_recurring_rule() -> None:
    monthly = recurring(date(2026, 1, 1), date(2026, 6, 1), 6, 28, 31)
    assert is_recurring(monthly)
    assert not is_recurring(recurring(date(2026, 1, 1), date(2026, 6, 1), 6, 10, 60))  # irregular
    assert not is_recurring(recurring(date(2026, 1, 1), date(2026, 1, 7), 4, 2, 2))  # too often
    assert is_recurring(recurring(date(2026, 1, 1), date(2026, 1, 29), 5, 7, 7))  # weekly


def inputs(**changes: float | int | None) -> HealthInputs:
    base: dict[str, float | int | None] = {
        "savings_rate": 0.2,
        "emergency_fund_months": 6.0,
        "liquid": 12000.0,
        "monthly_income": 4000.0,
        "minimum_payments": 0.0,
        "card_balances": 0.0,
        "card_limits": 0.0,
        "buckets": 12,
        "buckets_not_negative": 12,
    }
    return HealthInputs(**{**base, **changes})  # type: ignore[arg-type]


def test_health_is_100_at_every_target_and_falls_linearly() -> None:
    assert health(inputs()).score == 100
    half = health(inputs(savings_rate=0.1, emergency_fund_months=3.0))
    assert {c.name: c.score for c in half.components}["savings_rate"] == 50
    assert half.score == round(100 - 0.3 * 50 - 0.25 * 50)
    worst = health(
        inputs(
            savings_rate=-0.5,
            emergency_fund_months=0.0,
            minimum_payments=2000.0,
            card_balances=900.0,
            card_limits=1000.0,
            buckets_not_negative=0,
        )
    )
    assert worst.score == 0
    assert {c.name: c.value for c in worst.components}["debt_to_income"] == 0.5


def test_health_without_income_or_expenses() -> None:
    nothing = health(inputs(savings_rate=None, emergency_fund_months=None, liquid=0.0, monthly_income=0.0))
    scores = {c.name: (c.value, c.score) for c in nothing.components}
    assert scores["savings_rate"] == (None, 0.0)
    assert scores["emergency_fund"] == (None, 0.0)
    assert scores["debt_to_income"] == (None, 100.0)
    assert scores["credit_utilisation"] == (None, 100.0)


def test_the_cache_answers_one_generation_until_its_ttl() -> None:
    owner = uuid.uuid4()
    cache: GenerationCache[str] = GenerationCache(ttl=60, max_entries=2)
    cache.put(owner, "q", 1, "answer")
    assert cache.get(owner, "q", 1) == "answer"
    assert cache.get(owner, "q", 2) is None  # a newer generation: stale, and dropped
    assert cache.get(owner, "q", 1) is None
    for query in ("a", "b", "c"):
        cache.put(owner, query, 1, query)
    assert len(cache) == 2
    assert cache.get(owner, "a", 1) is None  # the least recently used went first
    expired: GenerationCache[str] = GenerationCache(ttl=0, max_entries=10)
    expired.put(owner, "q", 1, "answer")
    assert expired.get(owner, "q", 1) is None
