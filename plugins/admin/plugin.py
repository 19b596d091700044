"""The admin Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from framework import Plugin, PluginContext
from generated.admin import CONTRACT
from plugins.admin.config import AdminConfig
from plugins.admin.rate_policy import tier_rate_policy
from plugins.admin.service import AdminServiceImpl
from plugins.admin.tables import TABLES

__all__ = ["plugin"]


async def _create(ctx: PluginContext[AdminConfig]) -> AdminServiceImpl:
    service = AdminServiceImpl(ctx.config, ctx.events)
    ctx.on_start(service.tiers.seed_default)
    return service


plugin = Plugin(
    name="admin",
    contract=CONTRACT,
    config_type=AdminConfig,
    create_service=_create,
    tables=TABLES,
    rate_policy=tier_rate_policy,
    description="Items each user keeps: created, listed, read and deleted by their owner.",
)
