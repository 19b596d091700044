"""AdminServiceImpl: thin methods, each delegating to the module that owns its part of administration."""

from __future__ import annotations

import uuid
from datetime import datetime

from framework import CallContext
from generated.admin.models import (
    AdminRoleChange,
    AdminUser,
    AdminUserPage,
    AuditEntryPage,
    Dashboard,
    DeadLetter,
    DeadLetterList,
    NewTier,
    Setting,
    SettingList,
    SettingUpdate,
    Tier,
    TierLimits,
    TierList,
    UserLimits,
    UserRole,
    UserTier,
    UserTierChange,
)
from plugins.admin.audit import AuditLog
from plugins.admin.dashboard import AdminDashboard
from plugins.admin.dead_letters import AdminDeadLetters
from plugins.admin.settings import AdminSettings
from plugins.admin.tiers import Tiers
from plugins.admin.users import AdminUsers

__all__ = ["AdminServiceImpl"]


class AdminServiceImpl:
    """Implements AdminService; the edge lets only admins call it (``x-roles: [admin]``)."""

    def __init__(
        self,
        *,
        users: AdminUsers,
        audit: AuditLog,
        tiers: Tiers,
        dashboard: AdminDashboard,
        dead_letters: AdminDeadLetters,
        settings: AdminSettings,
    ) -> None:
        self.users = users
        self.audit = audit
        self.tiers = tiers
        self.dashboard = dashboard
        self.dead_letters = dead_letters
        self.settings = settings

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

    # -- dashboard, dead letters, runtime settings (plugins/admin/dashboard.py, dead_letters.py, settings.py)

    async def get_dashboard(self, ctx: CallContext) -> Dashboard:
        return await self.dashboard.get(ctx)

    async def list_dead_letters(self, ctx: CallContext) -> DeadLetterList:
        return await self.dead_letters.list(ctx)

    async def replay_dead_letter(self, ctx: CallContext, *, dead_letter_id: str) -> DeadLetter:
        return await self.dead_letters.replay(ctx, dead_letter_id)

    async def list_settings(self, ctx: CallContext) -> SettingList:
        return await self.settings.list(ctx)

    async def update_setting(self, ctx: CallContext, *, body: SettingUpdate, plugin: str, key: str) -> Setting:
        return await self.settings.update(ctx, plugin, key, body.value)

    # -- tiers (plugins.admin.tiers) --------------------------------------------------------------------------------

    async def list_tiers(self, ctx: CallContext) -> TierList:
        return await self.tiers.list()

    async def create_tier(self, ctx: CallContext, *, body: NewTier) -> Tier:
        return await self.tiers.create(ctx, body)

    async def get_tier(self, ctx: CallContext, *, name: str) -> Tier:
        return await self.tiers.get(name)

    async def update_tier(self, ctx: CallContext, *, body: TierLimits, name: str) -> Tier:
        return await self.tiers.update(ctx, name, body)

    async def delete_tier(self, ctx: CallContext, *, name: str) -> None:
        await self.tiers.delete(ctx, name)

    async def set_user_tier(self, ctx: CallContext, *, body: UserTierChange, user_id: uuid.UUID) -> UserTier:
        await self.users.get(ctx, user_id)  # 404 for a user auth does not know
        return await self.tiers.set_user_tier(ctx, user_id, body)

    async def get_user_limits(self, ctx: CallContext, *, user_id: uuid.UUID) -> UserLimits:
        return await self.tiers.user_limits(user_id)
