"""The notifications Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from framework import Plugin, PluginContext
from generated.notifications import CONTRACT
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.service import NotificationsServiceImpl
from plugins.notifications.tables import TABLES

__all__ = ["plugin"]


async def _create(ctx: PluginContext[NotificationsConfig]) -> NotificationsServiceImpl:
    return NotificationsServiceImpl(ctx.config, ctx.events)


plugin = Plugin(
    name="notifications",
    contract=CONTRACT,
    config_type=NotificationsConfig,
    create_service=_create,
    tables=TABLES,
    description="Items each user keeps: created, listed, read and deleted by their owner.",
)
