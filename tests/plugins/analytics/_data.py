"""A seeded, generated user's transactions, and the metrics computed independently with pandas."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pandas as pd

__all__ = ["anomalies", "cash_flow", "generate", "recurring", "spending_by_category", "top_merchants"]

MERCHANTS = {
    "groceries": ["FreshMart", "Corner Shop", "Big Store"],
    "dining": ["Pizza Place", "Sushi Bar", "Cafe Nero"],
    "transport": ["Metro", "Fuel Co"],
    "shopping": ["Mega Mall", "Book Nook", ""],
}


def generate(seed: int, start: date, days: int) -> list[dict[str, Any]]:
    """A few hundred transactions: monthly salary and rent, a subscription, random spending, a few outliers."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []

    def add(day: date, amount: float, merchant: str, category: str, description: str = "") -> None:
        rows.append(
            {
                "external_id": f"g{seed}-{len(rows)}",
                "date": day.isoformat(),
                "amount": round(amount, 2),
                "description": description,
                "merchant": merchant,
                "category": category,
            }
        )

    for offset in range(days):
        day = start + timedelta(days=offset)
        if day.day == 1:
            add(day, 3000 + rng.randint(0, 400), "Acme Corp", "salary", "salary")
            add(day, -1200, "City Flats", "rent", "rent")
        if day.day == 15:
            add(day, -12.99, "Streamflix", "subscriptions")
        for _ in range(rng.choice([0, 1, 1, 2])):
            category = rng.choice(list(MERCHANTS))
            add(day, -round(rng.uniform(5, 80), 2), rng.choice(MERCHANTS[category]), category)
    for _ in range(3):  # outliers
        day = start + timedelta(days=rng.randrange(days))
        add(day, -round(rng.uniform(900, 1500), 2), "Big Store", "groceries", "outlier")
    return rows


def frame(rows: list[dict[str, Any]], start: date, end: date) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    df["date"] = pd.to_datetime(df["date"])
    df["cents"] = (df["amount"] * 100).round().astype("int64")
    return df[(df["date"] >= pd.Timestamp(start)) & (df["date"] <= pd.Timestamp(end))]


def bucket(df: pd.DataFrame, period: str) -> Any:
    """Each row's bucket: its day, its week's Monday or its month's first day."""
    if period == "day":
        return df["date"].dt.date
    if period == "week":
        return (df["date"] - pd.to_timedelta(df["date"].dt.day_of_week, unit="D")).dt.date
    return df["date"].dt.to_period("M").dt.start_time.dt.date


def cash_flow(df: pd.DataFrame, period: str) -> dict[str, tuple[float, float]]:
    """{period_start: (income, expenses)} for buckets with transactions."""
    b = bucket(df, period)
    income = df["cents"].where(df["cents"] > 0, 0).groupby(b).sum()
    expenses = (-df["cents"]).where(df["cents"] < 0, 0).groupby(b).sum()
    return {k.isoformat(): (income[k] / 100, expenses[k] / 100) for k in income.index}


def spending_by_category(df: pd.DataFrame, period: str) -> dict[tuple[str, str], float]:
    spent = df[df["cents"] < 0]
    grouped = (-spent["cents"]).groupby([bucket(spent, period), spent["category"]]).sum()
    keys: list[Any] = list(grouped.index)  # (bucket, category) pairs; pandas-stubs calls them Hashable
    return {(key[0].isoformat(), str(key[1])): float(v) / 100 for key, v in zip(keys, grouped, strict=True)}


def top_merchants(df: pd.DataFrame, n: int) -> list[tuple[str, float, int]]:
    spent = df[(df["cents"] < 0) & (df["merchant"] != "")]
    grouped = spent.groupby("merchant")["cents"].agg(["sum", "count"])
    rows = [(str(m), -float(s) / 100, int(c)) for m, (s, c) in grouped.iterrows()]
    return sorted(rows, key=lambda r: (-r[1], r[0]))[:n]


def recurring(df: pd.DataFrame) -> set[str]:
    """Merchants that follow the contract's rule, computed row by row."""
    found = set()
    spent = df[(df["cents"] < 0) & (df["merchant"] != "")]
    for merchant, group in spent.groupby("merchant"):
        amounts = -group["cents"]
        dates = group["date"].sort_values()
        if len(group) < 3 or amounts.min() < 0.9 * amounts.mean() or amounts.max() > 1.1 * amounts.mean():
            continue
        gaps = dates.diff().dropna().dt.days
        mean_gap = (dates.iloc[-1] - dates.iloc[0]).days / (len(group) - 1)
        slack = max(3.0, 0.25 * mean_gap)
        if 5 <= mean_gap <= 400 and gaps.min() >= mean_gap - slack and gaps.max() <= mean_gap + slack:
            found.add(str(merchant))
    return found


def anomalies(df: pd.DataFrame) -> dict[str, float]:
    """{external_id: robust z-score} of every anomaly (median and MAD per category, over 3.5)."""
    found = {}
    for _, group in df.groupby("category"):
        if len(group) < 5:
            continue
        median = group["cents"].median()
        mad = (group["cents"] - median).abs().median()
        if mad == 0:
            continue
        scores = 0.6745 * (group["cents"] - median).abs() / mad
        for external_id, score in zip(group["external_id"], scores, strict=True):
            if score > 3.5:
                found[str(external_id)] = float(score)
    return found
