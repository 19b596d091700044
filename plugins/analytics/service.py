"""AnalyticsServiceImpl: the caller's transactions and assets, and the metrics over them."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from framework import (
    BadRequest,
    CallContext,
    FieldError,
    PluginDatabase,
    UnprocessableContent,
    decode_cursor,
    encode_cursor,
    require_user,
    utcnow,
)
from generated.analytics.models import (
    Asset,
    AssetPage,
    AssetValue,
    ColumnMapping,
    FileImport,
    ImportFormat,
    ImportResult,
    Metrics,
    NewAsset,
    NewAssetValue,
    PageInfo,
    Period,
    Transaction,
    TransactionBatch,
    TransactionPage,
    Usage,
)
from generated.files import FilesService
from plugins.analytics.assets import Assets
from plugins.analytics.cache import GenerationCache
from plugins.analytics.config import AnalyticsConfig
from plugins.analytics.dialect import Dialect
from plugins.analytics.metrics import MetricsBuilder
from plugins.analytics.queries import Queries, Window
from plugins.analytics.rows import NewRow, date_problem, from_batch, from_table
from plugins.analytics.store import Store
from plugins.analytics.tables import TransactionRow
from plugins.analytics.tables_io import detect_format, read_rows
from plugins.analytics.usage_query import read_usage

__all__ = ["AnalyticsServiceImpl"]

# getMetrics without dates: the year ending today.
DEFAULT_RANGE_DAYS = 365


def _unique(rows: Sequence[NewRow]) -> list[NewRow]:
    """The rows without repeats of an external_id earlier in the same import (the first wins)."""
    seen: set[str] = set()
    unique = []
    for row in rows:
        if row.external_id not in seen:
            seen.add(row.external_id)
            unique.append(row)
    return unique


def _transaction(row: dict[str, Any]) -> Transaction:
    return Transaction(
        id=Dialect.to_uuid(row["id"]),
        external_id=row["external_id"],
        date=Dialect.to_date(row["date"]),
        amount=row["amount_cents"] / 100,
        description=row["description"],
        merchant=row["merchant"],
        category=row["category"],
    )


def _range_error(message: str, field: str = "start") -> UnprocessableContent:
    return UnprocessableContent(message, errors=[FieldError(field=field, message=message)])


class AnalyticsServiceImpl:
    """Implements AnalyticsService over the plugin's own tables and the files service."""

    def __init__(self, config: AnalyticsConfig, database: PluginDatabase, files: FilesService) -> None:
        self.config = config
        self.files = files
        self.dialect = Dialect(database)
        self.store = Store(self.dialect, config.insert_chunk_rows)
        self.assets = Assets(self.store, config.max_assets_per_user)
        self.metrics = MetricsBuilder(Queries(self.dialect), self.assets, config.top_merchants, config.max_anomalies)
        self.cache: GenerationCache[Metrics] = GenerationCache(config.cache_ttl_seconds, config.cache_max_entries)
        self.usage_database = database  # the usage statistics' own tables (plugins.analytics.usage_query)

    async def prepare(self) -> None:
        """Create the composite indexes (idempotent; serialised across replicas by the caller)."""
        await self.store.ensure_indexes()

    # Transactions

    async def _ingest(self, owner: UUID, rows: Sequence[NewRow]) -> ImportResult:
        unique = _unique(rows)
        async with self.dialect.atomic():
            imported = await self.store.insert(owner, unique)
            if imported:
                await self.store.bump(owner)
        return ImportResult(imported=imported, duplicates=len(rows) - imported)

    async def import_transactions(self, ctx: CallContext, *, body: TransactionBatch) -> ImportResult:
        owner, _ = require_user(ctx)
        return await self._ingest(owner, from_batch(body.transactions, self.config.max_import_rows))

    async def import_transaction_file(self, ctx: CallContext, *, body: FileImport) -> ImportResult:
        owner, _ = require_user(ctx)
        # Through the files service with the caller's own context: their access rules apply (404 if not theirs).
        download = await self.files.download_file(ctx, file_id=body.file_id)
        limit = self.config.max_file_bytes
        try:
            data = await download.read(limit=limit)
        except ValueError:
            raise _range_error(f"the file is larger than {limit} bytes", "file_id") from None
        fmt = body.format if isinstance(body.format, ImportFormat) else None
        fmt = fmt or detect_format(download.filename, download.content_type, data)
        mapping = body.mapping if isinstance(body.mapping, ColumnMapping) else None
        cap = self.config.max_import_rows
        # Parsing a large sheet takes a while: off the event loop.
        rows = await asyncio.to_thread(lambda: from_table(read_rows(data, fmt), mapping, cap))
        return await self._ingest(owner, rows)

    async def list_transactions(
        self,
        ctx: CallContext,
        *,
        start: date | None = None,
        end: date | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> TransactionPage:
        owner, _ = require_user(ctx)
        query = TransactionRow.select().where(TransactionRow.owner_id == owner)
        if start is not None:
            query = query.where(TransactionRow.date >= start)
        if end is not None:
            query = query.where(TransactionRow.date <= end)
        if cursor is not None:
            after_date, after_id = _decode(cursor)
            query = query.where(
                (TransactionRow.date < after_date)
                | ((TransactionRow.date == after_date) & (TransactionRow.id < after_id))
            )
        rows: list[dict[str, Any]] = (
            await query.order_by(TransactionRow.date, TransactionRow.id, ascending=False).limit(limit + 1).run()
        )
        next_cursor = None
        if len(rows) > limit:
            rows = rows[:limit]
            last = _transaction(rows[-1])
            next_cursor = encode_cursor(last.date.isoformat(), str(last.id))
        return TransactionPage(
            items=[_transaction(r) for r in rows], page=PageInfo(limit=limit, next_cursor=next_cursor)
        )

    # Assets

    async def create_asset(self, ctx: CallContext, *, body: NewAsset) -> Asset:
        return await self.assets.create(ctx, body)

    async def list_assets(self, ctx: CallContext, *, limit: int = 50, cursor: str | None = None) -> AssetPage:
        return await self.assets.list(ctx, limit, cursor)

    async def get_asset(self, ctx: CallContext, *, asset_id: UUID) -> Asset:
        return await self.assets.get(ctx, asset_id)

    async def delete_asset(self, ctx: CallContext, *, asset_id: UUID) -> None:
        await self.assets.delete(ctx, asset_id)

    async def record_asset_value(self, ctx: CallContext, *, body: NewAssetValue, asset_id: UUID) -> AssetValue:
        return await self.assets.record(ctx, asset_id, body)

    # Metrics

    async def get_metrics(
        self, ctx: CallContext, *, start: date | None = None, end: date | None = None, period: Period = Period.month
    ) -> Metrics:
        owner, _ = require_user(ctx)
        end = end or utcnow().date()
        start = start or end - timedelta(days=DEFAULT_RANGE_DAYS - 1)
        if start > end:
            raise _range_error("start is after end")
        if (end - start).days + 1 > self.config.max_range_days:
            raise _range_error(f"the range is longer than {self.config.max_range_days} days")
        generation = await self.store.generation(owner)
        query = (start, end, period)
        cached = self.cache.get(owner, query, generation)
        if cached is not None:
            return cached
        metrics = await self.metrics.build(Window(owner, start, end), period)
        self.cache.put(owner, query, generation, metrics)
        return metrics

    async def get_usage(self, ctx: CallContext, *, start: date | None = None, end: date | None = None) -> Usage:
        return await read_usage(self.usage_database, ctx, start=start, end=end)


def _decode(cursor: str) -> tuple[date, UUID]:
    day, row_id = decode_cursor(cursor, 2)
    try:
        after = date.fromisoformat(day), UUID(row_id)
    except ValueError:
        raise BadRequest("the cursor is not one this service issued") from None
    if date_problem(after[0]) is not None:  # no stored transaction has such a date
        raise BadRequest("the cursor is not one this service issued")
    return after
