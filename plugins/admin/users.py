"""Users as admins see them: listed, read, disabled, enabled and given roles, all through auth."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from framework import CallContext, EventBus, utcnow
from generated.admin.events import ACTION
from generated.admin.models import AdminAction, AdminUser, AdminUserPage, PageInfo, UserRole
from generated.auth import AuthService
from generated.auth.models import Role, RoleChangeRequest, User

__all__ = ["AdminUsers"]


def _admin_user(user: User) -> AdminUser:
    return AdminUser(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=UserRole(user.role.value),
        created_at=user.created_at,
        disabled=user.disabled,
    )


class AdminUsers:
    """Every change goes through auth (which owns users and enforces it) and is then announced as ``admin.action``."""

    def __init__(self, auth: AuthService, events: EventBus) -> None:
        self.auth = auth
        self.events = events

    async def _announce(self, ctx: CallContext, action: str, user_id: uuid.UUID, details: dict[str, Any]) -> None:
        assert ctx.principal is not None  # the edge lets only admins in
        done = AdminAction(
            actor_id=uuid.UUID(ctx.principal.subject), action=action, target=str(user_id), details=details, at=utcnow()
        )
        await self.events.publish(ACTION, done, ctx)

    async def list(
        self,
        ctx: CallContext,
        *,
        q: str | None,
        role: UserRole | None,
        disabled: bool | None,
        limit: int,
        cursor: str | None,
    ) -> AdminUserPage:
        wanted = Role(role.value) if role is not None else None
        page = await self.auth.list_users(ctx, q=q, role=wanted, disabled=disabled, limit=limit, cursor=cursor)
        next_cursor = page.page.next_cursor if isinstance(page.page.next_cursor, str) else None
        return AdminUserPage(
            items=[_admin_user(u) for u in page.items], page=PageInfo(limit=limit, next_cursor=next_cursor)
        )

    async def get(self, ctx: CallContext, user_id: uuid.UUID) -> AdminUser:
        return _admin_user(await self.auth.get_user(ctx, user_id=user_id))

    async def disable(self, ctx: CallContext, user_id: uuid.UUID) -> AdminUser:
        before = await self.auth.get_user(ctx, user_id=user_id)
        await self.auth.disable_user(ctx, user_id=user_id)
        if not before.disabled:
            await self._announce(ctx, "user.disabled", user_id, {})
        return msgspec.structs.replace(_admin_user(before), disabled=True)

    async def enable(self, ctx: CallContext, user_id: uuid.UUID) -> AdminUser:
        before = await self.auth.get_user(ctx, user_id=user_id)
        await self.auth.enable_user(ctx, user_id=user_id)
        if before.disabled:
            await self._announce(ctx, "user.enabled", user_id, {})
        return msgspec.structs.replace(_admin_user(before), disabled=False)

    async def set_role(self, ctx: CallContext, user_id: uuid.UUID, role: UserRole) -> AdminUser:
        before = await self.auth.get_user(ctx, user_id=user_id)
        after = await self.auth.set_user_role(ctx, user_id=user_id, body=RoleChangeRequest(role=Role(role.value)))
        if after.role != before.role:
            details = {"role": after.role.value, "previous_role": before.role.value}
            await self._announce(ctx, "user.role_changed", user_id, details)
        return _admin_user(after)
