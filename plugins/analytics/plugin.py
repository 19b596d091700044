"""The analytics Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from framework import Plugin, PluginContext
from framework._db import serialized
from generated.analytics import CONTRACT
from generated.files import CONTRACT as FILES
from plugins.analytics.config import AnalyticsConfig
from plugins.analytics.service import AnalyticsServiceImpl
from plugins.analytics.tables import TABLES

__all__ = ["plugin"]


async def _create(ctx: PluginContext[AnalyticsConfig]) -> AnalyticsServiceImpl:
    service = AnalyticsServiceImpl(ctx.config, ctx.database, ctx.service(FILES))
    # Replicas start together: one at a time creates the indexes the table definitions cannot state.
    async with serialized(ctx.database.engine, "turnout-analytics-indexes"):
        await service.prepare()
    return service


plugin = Plugin(
    name="analytics",
    contract=CONTRACT,
    config_type=AnalyticsConfig,
    create_service=_create,
    tables=TABLES,
    calls=(FILES,),
    description="Transactions and assets in; cash flow, spending, recurring payments, anomalies and health out.",
)
