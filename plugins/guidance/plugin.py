"""The guidance Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from framework import Plugin, PluginContext
from generated.guidance import CONTRACT
from plugins.guidance.config import GuidanceConfig
from plugins.guidance.service import GuidanceServiceImpl
from plugins.guidance.tables import TABLES

__all__ = ["plugin"]


async def _create(ctx: PluginContext[GuidanceConfig]) -> GuidanceServiceImpl:
    return GuidanceServiceImpl(ctx.config, ctx.events)


plugin = Plugin(
    name="guidance",
    contract=CONTRACT,
    config_type=GuidanceConfig,
    create_service=_create,
    tables=TABLES,
    description="Items each user keeps: created, listed, read and deleted by their owner.",
)
