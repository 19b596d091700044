"""The admin Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from framework import USAGE, Plugin, PluginContext
from generated.admin import CONTRACT
from generated.notifications import CONTRACT as NOTIFICATIONS
from plugins.admin.config import AdminConfig
from plugins.admin.dashboard import AdminDashboard
from plugins.admin.dead_letters import AdminDeadLetters, NotificationDeadDeliveries
from plugins.admin.rate_policy import tier_rate_policy
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
    service = AdminServiceImpl(
        ctx.config,
        ctx.events,
        dashboard=dashboard,
        dead_letters=AdminDeadLetters(system, ctx.events, deliveries),
        settings=AdminSettings(system, ctx.events),
    )
    ctx.on_start(service.tiers.seed_default)
    return service


plugin = Plugin(
    name="admin",
    contract=CONTRACT,
    config_type=AdminConfig,
    create_service=_create,
    tables=TABLES,
    rate_policy=tier_rate_policy,
    description="The platform's administration: dashboard, users, tiers, audit log, settings, dead letters.",
    calls=(NOTIFICATIONS,),
    consumes=(USAGE,),
    observes_platform=True,
)
