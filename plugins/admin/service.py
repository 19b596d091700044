"""AdminServiceImpl: the caller's own items, created, listed, read and deleted."""

from __future__ import annotations

import uuid
from typing import Any

from framework import CallContext, Conflict, EventBus, NotFound, keyset_page, require_user, utc, utcnow
from generated.admin.events import ITEM_CREATED
from generated.admin.models import (
    AdminItem,
    AdminItemCreated,
    AdminItemPage,
    AdminNewItem,
    Dashboard,
    DeadLetter,
    DeadLetterList,
    NewTier,
    PageInfo,
    Setting,
    SettingList,
    SettingUpdate,
    Tier,
    TierLimits,
    TierList,
    UserLimits,
    UserTier,
    UserTierChange,
)
from plugins.admin.config import AdminConfig
from plugins.admin.dashboard import AdminDashboard
from plugins.admin.dead_letters import AdminDeadLetters
from plugins.admin.settings import AdminSettings
from plugins.admin.tables import ItemRow
from plugins.admin.tiers import Tiers

__all__ = ["AdminServiceImpl", "ItemLimitReached"]


class ItemLimitReached(Conflict):
    """The caller owns as many items as ``max_items_per_user`` allows."""

    type = "https://turnout.dev/problems/admin-item-limit"


def _describe(row: dict[str, Any]) -> AdminItem:
    return AdminItem(
        id=row["id"],
        owner_id=row["owner_id"],
        name=row["name"],
        note=row["note"],
        created_at=utc(row["created_at"]),
    )


class AdminServiceImpl:
    """Implements AdminService over the plugin's own table."""

    def __init__(
        self,
        config: AdminConfig,
        events: EventBus,
        *,
        dashboard: AdminDashboard,
        dead_letters: AdminDeadLetters,
        settings: AdminSettings,
    ) -> None:
        self.config = config
        self.events = events
        self.tiers = Tiers(config, events)
        self.dashboard = dashboard
        self.dead_letters = dead_letters
        self.settings = settings

    # Operations: dashboard, dead letters, runtime settings (each in its own module).

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

    async def _owned(self, ctx: CallContext, item_id: uuid.UUID) -> dict[str, Any]:
        owner, _ = require_user(ctx)
        row: dict[str, Any] | None = (
            await ItemRow.select().where((ItemRow.id == item_id) & (ItemRow.owner_id == owner)).first().run()
        )
        if row is None:  # the same answer whether it does not exist or is not the caller's
            raise NotFound("no such item")
        return row

    async def create_admin_item(self, ctx: CallContext, *, body: AdminNewItem) -> AdminItem:
        owner, _ = require_user(ctx)
        # Checked before the insert: concurrent creates may pass the limit by a few, which is harmless here.
        if await ItemRow.count().where(ItemRow.owner_id == owner).run() >= self.config.max_items_per_user:
            raise ItemLimitReached(
                f"you own {self.config.max_items_per_user} items, the most allowed; delete one first",
                title="Item limit reached",
            )
        row: dict[str, Any] = {
            "id": uuid.uuid4(),
            "owner_id": owner,
            "name": body.name,
            "note": body.note if isinstance(body.note, str) else "",  # never UNSET: msgspec fills the default
            "created_at": utcnow(),
        }
        await ItemRow.insert(ItemRow(**row)).run()
        event = AdminItemCreated(item_id=row["id"], owner_id=owner, name=body.name, occurred_at=row["created_at"])
        await self.events.publish(ITEM_CREATED, event, ctx)
        return _describe(row)

    async def list_admin_items(self, ctx: CallContext, *, limit: int = 50, cursor: str | None = None) -> AdminItemPage:
        owner, _ = require_user(ctx)
        query = ItemRow.select().where(ItemRow.owner_id == owner)
        rows, next_cursor = await keyset_page(query, ItemRow.created_at, ItemRow.id, limit=limit, cursor=cursor)
        page = PageInfo(limit=limit, next_cursor=next_cursor)
        return AdminItemPage(items=[_describe(r) for r in rows], page=page)

    async def get_admin_item(self, ctx: CallContext, *, item_id: uuid.UUID) -> AdminItem:
        return _describe(await self._owned(ctx, item_id))

    async def delete_admin_item(self, ctx: CallContext, *, item_id: uuid.UUID) -> None:
        row = await self._owned(ctx, item_id)
        deleted = await ItemRow.delete().where(ItemRow.id == row["id"]).returning(ItemRow.id).run()
        if not deleted:  # deleted by a concurrent call meanwhile
            raise NotFound("no such item")

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
        return await self.tiers.set_user_tier(ctx, user_id, body)

    async def get_user_limits(self, ctx: CallContext, *, user_id: uuid.UUID) -> UserLimits:
        return await self.tiers.user_limits(user_id)
