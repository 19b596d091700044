"""The admin Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from framework import Plugin, PluginContext
from generated.admin import CONTRACT
from generated.auth import CONTRACT as AUTH
from plugins.admin.audit import AuditLog
from plugins.admin.audit_events import AUDITED_EVENTS
from plugins.admin.commands import commands
from plugins.admin.config import AdminConfig
from plugins.admin.service import AdminServiceImpl
from plugins.admin.tables import TABLES
from plugins.admin.users import AdminUsers

__all__ = ["plugin"]


async def _create(ctx: PluginContext[AdminConfig]) -> AdminServiceImpl:
    audit = AuditLog(ctx.database)
    audit.subscribe(ctx)
    users = AdminUsers(ctx.service(AUTH), ctx.events)
    return AdminServiceImpl(users=users, audit=audit)


plugin = Plugin(
    name="admin",
    contract=CONTRACT,
    config_type=AdminConfig,
    create_service=_create,
    tables=TABLES,
    calls=(AUTH,),
    consumes=AUDITED_EVENTS,
    commands=commands,
    command_group="audit",
    description="Administration: users, and the audit log of every plugin's events.",
)
