"""Benchmark of the analytics plugin: ingest rows/s, a cash-flow query, and the metrics cache, each beside a baseline.

- ingest: N transactions of one user (``--transactions``, 1,000,000 by default) in batches of ``--batch``, through
  the plugin's ingest path (the JSON batch decoded into the contract's model, then ``import_transactions``:
  checks, in-batch duplicates, multi-row INSERT ... ON CONFLICT DO NOTHING in one transaction, the generation
  bump) vs a plain bulk insert of the same rows, already prepared as tuples, into the same table of a fresh
  database (``executemany`` per batch, one transaction each). Goal: the plugin reaches at least 0.5x.
- cash flow: income and expenses per month over the whole range, as the plugin's aggregate query computes it in
  the database (no cache) vs pandas computing the same from the rows already in memory as a DataFrame.
  Goal: no slower than pandas.
- cache: a whole ``get_metrics`` (cash flow, categories, merchants, recurring, anomalies, net worth, health)
  cold (its cache empty) vs answered from the cache (one generation read). Goal: cached at least 50x faster.

SQLite (the embedded default) unless ``--database-url postgresql://...``; timings are the best of ``--rounds``.
Figures, ratios and goals are printed and written to ``bench/results/analytics.json``.

Usage: ``uv run python bench/bench_analytics.py [--quick] [--transactions N] [--batch N] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import msgspec

from bench._machine import BenchError, busy_cores, cpu_model, record, versions

__all__ = ["Options", "main", "parse_args", "run_benchmark"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "bench" / "results" / "analytics.json"
GOAL_INGEST_RATIO = 0.5
GOAL_CASH_FLOW_RATIO = 1.0
GOAL_CACHE_SPEEDUP = 50.0
FIRST_DAY = date(2023, 1, 1)
DAYS = 3 * 365
CATEGORIES = ("groceries", "dining", "transport", "shopping", "utilities", "travel", "health", "fun")


@dataclass(frozen=True, slots=True)
class Options:
    transactions: int
    batch: int
    rounds: int
    database_url: str | None
    output: Path


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000, help="transactions per import call")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs per query measurement; the best counts")
    parser.add_argument("--database-url", default=None, help="postgresql://... instead of a temporary SQLite file")
    parser.add_argument("--quick", action="store_true", help="100,000 transactions")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if min(args.transactions, args.batch, args.rounds) < 1:
        parser.error("--transactions, --batch and --rounds must be positive")
    return Options(
        transactions=100_000 if args.quick else args.transactions,
        batch=args.batch,
        rounds=args.rounds,
        database_url=args.database_url,
        output=args.output,
    )


def transactions(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    """``count`` transactions over three years: a salary and rent monthly, the rest random spending."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for i in range(count):
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        if i % 50 == 0:
            amount: float = 3000 + rng.randrange(1000)
            merchant, category = "Acme Corp", "salary"
        else:
            category = rng.choice(CATEGORIES)
            amount, merchant = -rng.randrange(100, 20000) / 100, f"{category}-shop-{rng.randrange(40)}"
        rows.append(
            {
                "external_id": f"tx-{i}",
                "date": day.isoformat(),
                "amount": amount,
                "description": "",
                "merchant": merchant,
                "category": category,
            }
        )
    return rows


async def _best(rounds: int, action: Callable[[], Awaitable[Any]]) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        await action()
        times.append(time.perf_counter() - started)
    return min(times)


class Subject:
    """The plugin's service over a fresh database of its own."""

    def __init__(self, database: Any, service: Any, directory: Path) -> None:
        self.database = database
        self.service = service
        self.directory = directory

    @classmethod
    async def open(cls, options: Options, name: str) -> Subject:
        from framework._db import open_plugin_database
        from generated.files import FilesService
        from plugins.analytics.config import AnalyticsConfig
        from plugins.analytics.service import AnalyticsServiceImpl
        from plugins.analytics.tables import TABLES

        directory = Path(tempfile.mkdtemp(prefix=f"bench-analytics-{name}-"))
        url = options.database_url or f"sqlite:///{directory}"
        database = await open_plugin_database(url, "analytics", directory)
        database.bind(TABLES)
        await database.migrate(TABLES, ())
        if database.is_postgres:  # a fresh table each run
            await database.query(f"TRUNCATE {database.table_name(TABLES[0])}")
        config = AnalyticsConfig(max_import_rows=max(options.batch, 1))
        service = AnalyticsServiceImpl(config, database, cast(FilesService, None))  # no files are read here
        await service.prepare()
        return cls(database, service, directory)

    async def close(self) -> None:
        await self.database.close()


def _context(owner: uuid.UUID) -> Any:
    from framework import CallContext, Principal

    return CallContext(correlation_id="bench", principal=Principal(subject=str(owner), roles=("user",)))


async def _ingest_plugin(options: Options, rows: list[dict[str, Any]], owner: uuid.UUID) -> tuple[float, Subject]:
    from generated.analytics.models import TransactionBatch

    subject = await Subject.open(options, "plugin")
    batches = [
        msgspec.json.encode({"transactions": rows[i : i + options.batch]}) for i in range(0, len(rows), options.batch)
    ]
    ctx = _context(owner)
    started = time.perf_counter()
    imported = 0
    for payload in batches:
        body = msgspec.json.decode(payload, type=TransactionBatch)
        imported += (await subject.service.import_transactions(ctx, body=body)).imported
    seconds = time.perf_counter() - started
    if imported != len(rows):
        raise BenchError(f"the plugin imported {imported} of {len(rows)} transactions")
    return seconds, subject


async def _ingest_plain(options: Options, rows: list[dict[str, Any]], owner: uuid.UUID) -> float:
    """The same rows as ready tuples, inserted with executemany (SQLite) or COPY (PostgreSQL)."""
    subject = await Subject.open(options, "plain")
    try:
        postgres = subject.database.is_postgres
        tuples = [
            (
                uuid.uuid4() if postgres else str(uuid.uuid4()),
                owner if postgres else str(owner),
                r["external_id"],
                date.fromisoformat(r["date"]) if postgres else r["date"],
                round(r["amount"] * 100),
                r["description"],
                r["merchant"],
                r["category"],
            )
            for r in rows
        ]
        columns = ["id", "owner_id", "external_id", "date", "amount_cents", "description", "merchant", "category"]
        if postgres:
            pool = subject.database.engine.pool
            started = time.perf_counter()
            async with pool.acquire() as connection:
                for i in range(0, len(tuples), options.batch):
                    await connection.copy_records_to_table(
                        "transactions", records=tuples[i : i + options.batch], columns=columns, schema_name="analytics"
                    )
            return time.perf_counter() - started
        await subject.database.close()  # plain sqlite3 on the same file, nothing in between
        connection = sqlite3.connect(subject.directory / "analytics.sqlite", isolation_level=None)
        connection.execute("PRAGMA journal_mode = WAL")
        statement = f"INSERT INTO transactions ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608  # fixed names
        started = time.perf_counter()
        for i in range(0, len(tuples), options.batch):
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(statement, tuples[i : i + options.batch])
            connection.execute("COMMIT")
        seconds = time.perf_counter() - started
        connection.close()
        return seconds
    finally:
        await subject.close()


def _pandas_cash_flow(frame: Any) -> Any:
    """Income and expenses per month from the rows in memory: the baseline of the cash-flow query."""
    month = frame["date"].dt.to_period("M")
    cents = frame["amount_cents"]
    return (
        cents.where(cents > 0, 0).groupby(month).sum(),
        (-cents).where(cents < 0, 0).groupby(month).sum(),
    )


async def _queries(options: Options, subject: Subject, rows: list[dict[str, Any]], owner: uuid.UUID) -> dict[str, Any]:
    import pandas as pd

    from generated.analytics.models import Period
    from plugins.analytics.queries import Window
    from plugins.analytics.tables import TABLES

    subject.database.bind(TABLES)  # the plain insert's database was bound last
    last = FIRST_DAY + timedelta(days=DAYS - 1)
    window = Window(owner, FIRST_DAY, last)
    service = subject.service
    sql_seconds = await _best(options.rounds, lambda: service.metrics.queries.cash_flow(window, Period.month))
    in_sql = await service.metrics.queries.cash_flow(window, Period.month)

    frame = pd.DataFrame(
        {
            "date": pd.to_datetime([r["date"] for r in rows]),
            "amount_cents": [round(r["amount"] * 100) for r in rows],
        }
    )
    pandas_times = []
    for _ in range(options.rounds):
        started = time.perf_counter()
        income, expenses = _pandas_cash_flow(frame)
        pandas_times.append(time.perf_counter() - started)
    pandas_seconds = min(pandas_times)
    by_pandas = {p.start_time.date(): (int(income[p]), int(expenses[p])) for p in income.index}
    if by_pandas != in_sql:
        raise BenchError("the cash-flow query and pandas disagree")

    ctx = _context(owner)

    async def cold() -> Any:
        service.cache = type(service.cache)(service.config.cache_ttl_seconds, service.config.cache_max_entries)
        return await service.get_metrics(ctx, start=FIRST_DAY, end=last, period=Period.month)

    cold_seconds = await _best(options.rounds, cold)
    answer = await service.get_metrics(ctx, start=FIRST_DAY, end=last, period=Period.month)
    rounds = max(options.rounds, 100)
    cached_seconds = await _best(
        rounds, lambda: service.get_metrics(ctx, start=FIRST_DAY, end=last, period=Period.month)
    )
    if await service.get_metrics(ctx, start=FIRST_DAY, end=last, period=Period.month) is not answer:
        raise BenchError("the second call was not answered from the cache")
    return {
        "cash_flow_sql_seconds": round(sql_seconds, 5),
        "cash_flow_pandas_seconds": round(pandas_seconds, 5),
        "metrics_cold_seconds": round(cold_seconds, 5),
        "metrics_cached_seconds": round(cached_seconds, 7),
    }


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


async def _run(options: Options) -> dict[str, Any]:
    background = busy_cores()
    owner = uuid.uuid4()
    print(f"analytics benchmark: {options.transactions:,} transactions in batches of {options.batch:,}", flush=True)
    rows = transactions(options.transactions)
    plugin_seconds, subject = await _ingest_plugin(options, rows, owner)
    try:
        plain_seconds = await _ingest_plain(options, rows, owner)
        queries = await _queries(options, subject, rows, owner)
        engine = "postgresql" if subject.database.is_postgres else "sqlite"
    finally:
        await subject.close()
    n = options.transactions
    plugin_rate, plain_rate = n / plugin_seconds, n / plain_seconds
    ingest_ratio = plugin_rate / plain_rate
    cash_ratio = queries["cash_flow_pandas_seconds"] / queries["cash_flow_sql_seconds"]
    speedup = queries["metrics_cold_seconds"] / queries["metrics_cached_seconds"]
    goals = {
        "ingest_at_least_0.5x_plain": ingest_ratio >= GOAL_INGEST_RATIO,
        "cash_flow_no_slower_than_pandas": cash_ratio >= GOAL_CASH_FLOW_RATIO,
        "cached_at_least_50x_cold": speedup >= GOAL_CACHE_SPEEDUP,
    }
    print(f"  database: {engine}; other load: {background} busy cores")
    print(
        f"  ingest: plugin {plugin_rate:,.0f} rows/s, plain bulk insert {plain_rate:,.0f} rows/s:"
        f" {ingest_ratio:.2f}x (goal >= {GOAL_INGEST_RATIO}x: {verdict(goals['ingest_at_least_0.5x_plain'])})"
    )
    print(
        f"  cash flow by month over {n:,} rows: SQL {queries['cash_flow_sql_seconds'] * 1000:.1f} ms,"
        f" pandas (rows in memory) {queries['cash_flow_pandas_seconds'] * 1000:.1f} ms: {cash_ratio:.2f}x pandas's"
        f" speed (goal >= 1x: {verdict(goals['cash_flow_no_slower_than_pandas'])})"
    )
    print(
        f"  get_metrics: cold {queries['metrics_cold_seconds'] * 1000:.1f} ms, cached"
        f" {queries['metrics_cached_seconds'] * 1e6:.1f} us: {speedup:,.0f}x"
        f" (goal >= {GOAL_CACHE_SPEEDUP:.0f}x: {verdict(goals['cached_at_least_50x_cold'])})"
    )
    return {
        "benchmark": "analytics: ingest rows/s, cash-flow query vs pandas, metrics cold vs cached",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {"transactions": n, "batch": options.batch, "rounds": options.rounds, "database": engine},
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "busy_cores_before": background,
            "versions": versions("pandas", "aiosqlite", "asyncpg", "msgspec"),
        },
        "ingest": {
            "plugin_seconds": round(plugin_seconds, 3),
            "plain_seconds": round(plain_seconds, 3),
            "plugin_rows_per_s": round(plugin_rate),
            "plain_rows_per_s": round(plain_rate),
        },
        "queries": queries,
        "ratios": {
            "ingest": round(ingest_ratio, 3),
            "cash_flow_vs_pandas": round(cash_ratio, 3),
            "cache": round(speedup, 1),
        },
        "goals": goals,
    }


def run_benchmark(options: Options) -> dict[str, Any]:
    return asyncio.run(_run(options))


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    return record(lambda: run_benchmark(options), options.output)


if __name__ == "__main__":
    raise SystemExit(main())
