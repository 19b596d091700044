"""The admin Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from framework import USAGE, Plugin, PluginContext
from generated.admin import CONTRACT
from generated.auth import CONTRACT as AUTH
from generated.notifications import CONTRACT as NOTIFICATIONS
from plugins.admin.audit import AuditLog
from plugins.admin.audit_events import AUDITED_EVENTS
from plugins.admin.commands import commands
from plugins.admin.config import AdminConfig
from plugins.admin.dashboard import AdminDashboard
from plugins.admin.dead_letters import AdminDeadLetters, NotificationDeadDeliveries
from plugins.admin.rate_policy import tier_rate_policy
from plugins.admin.service import AdminServiceImpl
from plugins.admin.settings import AdminSettings
from plugins.admin.tables import TABLES
from plugins.admin.tiers import Tiers
from plugins.admin.usage import UsageWindows
from plugins.admin.users import AdminUsers

__all__ = ["plugin"]


async def _create(ctx: PluginContext[AdminConfig]) -> AdminServiceImpl:
    # The audit log records every plugin's events; users are auth's, reached through its client.
    audit = AuditLog(ctx.database)
    audit.subscribe(ctx)
    users = AdminUsers(ctx.service(AUTH), ctx.events)
    # The system surface answers for every plugin; usage reports give the rates.
    system = ctx.platform_system()
    usage = UsageWindows(ctx.database)
    ctx.subscribe(USAGE, usage.record)
    deliveries = NotificationDeadDeliveries(ctx.service(NOTIFICATIONS))
    tiers = Tiers(ctx.config, ctx.events)
    ctx.on_start(tiers.seed_default)
    return AdminServiceImpl(
        users=users,
        audit=audit,
        tiers=tiers,
        dashboard=AdminDashboard(system, usage, deliveries, ctx.config.dashboard_window_seconds),
        dead_letters=AdminDeadLetters(system, ctx.events, deliveries),
        settings=AdminSettings(system, ctx.events),
    )


plugin = Plugin(
    name="admin",
    contract=CONTRACT,
    config_type=AdminConfig,
    create_service=_create,
    tables=TABLES,
    calls=(AUTH, NOTIFICATIONS),
    consumes=(*AUDITED_EVENTS, USAGE),
    commands=commands,
    command_group="audit",
    rate_policy=tier_rate_policy,
    observes_platform=True,
    description="The platform's administration: dashboard, users, tiers, audit log, settings, dead letters.",
)
