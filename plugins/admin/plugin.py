"""The admin Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from framework import USAGE, Plugin, PluginContext
from generated.admin import CONTRACT
from generated.notifications import CONTRACT as NOTIFICATIONS
from plugins.admin.config import AdminConfig
from plugins.admin.dashboard import AdminDashboard
from plugins.admin.dead_letters import AdminDeadLetters, NotificationDeadDeliveries
from plugins.admin.service import AdminServiceImpl
from plugins.admin.settings import AdminSettings
from plugins.admin.tables import TABLES
from plugins.admin.usage import UsageWindows

__all__ = ["plugin"]


async def _create(ctx: PluginContext[AdminConfig]) -> AdminServiceImpl:
    # Operations: the system surface answers for every plugin; usage reports give the rates.
    system = ctx.platform_system()
    usage = UsageWindows(ctx.database)
    ctx.subscribe(USAGE, usage.record)
    deliveries = NotificationDeadDeliveries(ctx.service(NOTIFICATIONS))
    dashboard = AdminDashboard(system, usage, deliveries, ctx.config.dashboard_window_seconds)
    return AdminServiceImpl(
        ctx.config,
        ctx.events,
        dashboard=dashboard,
        dead_letters=AdminDeadLetters(system, ctx.events, deliveries),
        settings=AdminSettings(system, ctx.events),
    )


plugin = Plugin(
    name="admin",
    contract=CONTRACT,
    config_type=AdminConfig,
    create_service=_create,
    tables=TABLES,
    description="Items each user keeps: created, listed, read and deleted by their owner.",
    calls=(NOTIFICATIONS,),
    consumes=(USAGE,),
    observes_platform=True,
)
