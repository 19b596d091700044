"""The admin Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from framework import Plugin, PluginContext
from generated.admin import CONTRACT
from plugins.admin.config import AdminConfig
from plugins.admin.service import AdminServiceImpl
from plugins.admin.tables import TABLES

__all__ = ["plugin"]


async def _create(ctx: PluginContext[AdminConfig]) -> AdminServiceImpl:
    return AdminServiceImpl(ctx.config, ctx.events)


plugin = Plugin(
    name="admin",
    contract=CONTRACT,
    config_type=AdminConfig,
    create_service=_create,
    tables=TABLES,
    description="Items each user keeps: created, listed, read and deleted by their owner.",
)
