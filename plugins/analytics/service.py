"""AnalyticsServiceImpl: the caller's transactions and assets, and the metrics over them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from framework import CallContext, PluginDatabase, ServiceUnavailable
from generated.analytics.models import (
    Asset,
    AssetPage,
    AssetValue,
    FileImport,
    ImportResult,
    Metrics,
    NewAsset,
    NewAssetValue,
    Period,
    TransactionBatch,
    TransactionPage,
)
from generated.files import FilesService
from plugins.analytics.config import AnalyticsConfig

__all__ = ["AnalyticsServiceImpl"]


class AnalyticsServiceImpl:
    """Implements AnalyticsService over the plugin's own tables and the files service."""

    def __init__(self, config: AnalyticsConfig, database: PluginDatabase, files: FilesService) -> None:
        self.config = config
        self.database = database
        self.files = files

    async def list_transactions(
        self,
        ctx: CallContext,
        *,
        start: date | None = None,
        end: date | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> TransactionPage:
        raise ServiceUnavailable("not built yet")

    async def import_transactions(self, ctx: CallContext, *, body: TransactionBatch) -> ImportResult:
        raise ServiceUnavailable("not built yet")

    async def import_transaction_file(self, ctx: CallContext, *, body: FileImport) -> ImportResult:
        raise ServiceUnavailable("not built yet")

    async def list_assets(self, ctx: CallContext, *, limit: int = 50, cursor: str | None = None) -> AssetPage:
        raise ServiceUnavailable("not built yet")

    async def create_asset(self, ctx: CallContext, *, body: NewAsset) -> Asset:
        raise ServiceUnavailable("not built yet")

    async def get_asset(self, ctx: CallContext, *, asset_id: UUID) -> Asset:
        raise ServiceUnavailable("not built yet")

    async def delete_asset(self, ctx: CallContext, *, asset_id: UUID) -> None:
        raise ServiceUnavailable("not built yet")

    async def record_asset_value(self, ctx: CallContext, *, body: NewAssetValue, asset_id: UUID) -> AssetValue:
        raise ServiceUnavailable("not built yet")

    async def get_metrics(
        self, ctx: CallContext, *, start: date | None = None, end: date | None = None, period: Period = Period.month
    ) -> Metrics:
        raise ServiceUnavailable("not built yet")
