"""AdminServiceImpl: thin methods, each delegating to the module that owns its part of administration."""

from __future__ import annotations

import uuid
from datetime import datetime

from framework import CallContext
from generated.admin.models import AdminRoleChange, AdminUser, AdminUserPage, AuditEntryPage, UserRole
from plugins.admin.audit import AuditLog
from plugins.admin.users import AdminUsers

__all__ = ["AdminServiceImpl"]


class AdminServiceImpl:
    """Implements AdminService; the edge lets only admins call it (``x-roles: [admin]``)."""

    def __init__(self, *, users: AdminUsers, audit: AuditLog) -> None:
        self.users = users
        self.audit = audit

    # -- users (plugins/admin/users.py) -----------------------------------------------------

    async def list_admin_users(
        self,
        ctx: CallContext,
        *,
        q: str | None = None,
        role: UserRole | None = None,
        disabled: bool | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> AdminUserPage:
        return await self.users.list(ctx, q=q, role=role, disabled=disabled, limit=limit, cursor=cursor)

    async def get_admin_user(self, ctx: CallContext, *, user_id: uuid.UUID) -> AdminUser:
        return await self.users.get(ctx, user_id)

    async def disable_admin_user(self, ctx: CallContext, *, user_id: uuid.UUID) -> AdminUser:
        return await self.users.disable(ctx, user_id)

    async def enable_admin_user(self, ctx: CallContext, *, user_id: uuid.UUID) -> AdminUser:
        return await self.users.enable(ctx, user_id)

    async def set_admin_user_role(self, ctx: CallContext, *, body: AdminRoleChange, user_id: uuid.UUID) -> AdminUser:
        return await self.users.set_role(ctx, user_id, body.role)

    # -- audit log (plugins/admin/audit.py) -------------------------------------------------

    async def list_audit_entries(
        self,
        ctx: CallContext,
        *,
        actor: uuid.UUID | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> AuditEntryPage:
        return await self.audit.page(actor=actor, action=action, since=since, until=until, limit=limit, cursor=cursor)
