"""Two replicas of the analytics service on one PostgreSQL schema: a change through one is seen by the other's cache."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import cast

import msgspec
import pytest

from framework import CallContext, Principal
from framework._db import PluginDatabase, open_plugin_database
from generated.analytics.models import AssetCategory, AssetKind, NewAsset, NewAssetValue, Period, TransactionBatch
from generated.files import FilesService
from plugins.analytics.config import AnalyticsConfig
from plugins.analytics.service import AnalyticsServiceImpl
from plugins.analytics.tables import TABLES
from tests._services import PostgresServer

START, END = date(2026, 1, 1), date(2026, 1, 31)


@pytest.fixture
async def replicas(postgres: PostgresServer, tmp_path: Path) -> AsyncIterator[tuple[AnalyticsServiceImpl, ...]]:
    url = postgres.create_database(f"replicas_{uuid.uuid4().hex[:8]}")
    databases: list[PluginDatabase] = []
    services = []
    for name in ("a", "b"):
        database = await open_plugin_database(url, "analytics", tmp_path / name)
        databases.append(database)
        database.bind(TABLES)
        await database.migrate(TABLES, ())
        # No file is imported here, so no files service is needed.
        service = AnalyticsServiceImpl(AnalyticsConfig(), database, cast(FilesService, None))
        await service.prepare()
        services.append(service)
    try:
        yield tuple(services)
    finally:
        for database in databases:
            await database.close()


def caller() -> CallContext:
    return CallContext(correlation_id="test", principal=Principal(subject=str(uuid.uuid4()), roles=("user",)))


def batch(*rows: tuple[str, str, float]) -> TransactionBatch:
    transactions = [{"external_id": e, "date": d, "amount": a} for e, d, a in rows]
    return msgspec.convert({"transactions": transactions}, TransactionBatch)


async def test_an_import_through_one_replica_refreshes_the_others_cache(
    replicas: tuple[AnalyticsServiceImpl, AnalyticsServiceImpl],
) -> None:
    a, b = replicas
    ctx = caller()
    await a.import_transactions(ctx, body=batch(("t1", "2026-01-05", 100.0)))
    first = await a.get_metrics(ctx, start=START, end=END, period=Period.month)
    assert first.totals.income == 100
    assert await a.get_metrics(ctx, start=START, end=END, period=Period.month) is first  # cached
    result = await b.import_transactions(ctx, body=batch(("t2", "2026-01-06", 50.0), ("t1", "2026-01-05", 100.0)))
    assert (result.imported, result.duplicates) == (1, 1)
    assert (await a.get_metrics(ctx, start=START, end=END, period=Period.month)).totals.income == 150
    # Only duplicates: nothing changed, so the cached answer stands.
    settled = await a.get_metrics(ctx, start=START, end=END, period=Period.month)
    await b.import_transactions(ctx, body=batch(("t2", "2026-01-06", 50.0)))
    assert await a.get_metrics(ctx, start=START, end=END, period=Period.month) is settled


async def test_an_asset_change_through_one_replica_refreshes_the_others_cache(
    replicas: tuple[AnalyticsServiceImpl, AnalyticsServiceImpl],
) -> None:
    a, b = replicas
    ctx, other = caller(), caller()
    before = await a.get_metrics(ctx, start=START, end=END, period=Period.week)
    theirs = await a.get_metrics(other, start=START, end=END, period=Period.week)
    cash = NewAsset(name="Cash", kind=AssetKind.asset, category=AssetCategory.cash)
    asset = await b.create_asset(ctx, body=cash)
    await b.record_asset_value(ctx, asset_id=asset.id, body=NewAssetValue(as_of=START, value=700))
    after = await a.get_metrics(ctx, start=START, end=END, period=Period.week)
    assert (before.net_worth.assets, after.net_worth.assets) == (0, 700)
    assert await a.get_metrics(other, start=START, end=END, period=Period.week) is theirs  # another user's stays
    await b.delete_asset(ctx, asset_id=asset.id)
    assert (await a.get_metrics(ctx, start=START, end=END, period=Period.week)).net_worth.assets == 0
