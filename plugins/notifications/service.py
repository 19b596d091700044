"""NotificationsServiceImpl: the caller's own items, created, listed, read and deleted."""

from __future__ import annotations

import uuid
from typing import Any

from framework import CallContext, Conflict, EventBus, NotFound, keyset_page, require_user, utc, utcnow
from framework.runtime import Download
from generated.notifications.events import ITEM_CREATED
from generated.notifications.models import (
    NotificationsItem,
    NotificationsItemCreated,
    NotificationsItemPage,
    NotificationsNewItem,
    PageInfo,
)
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.live import LiveFeed
from plugins.notifications.tables import ItemRow

__all__ = ["NotificationsServiceImpl", "ItemLimitReached"]


class ItemLimitReached(Conflict):
    """The caller owns as many items as ``max_items_per_user`` allows."""

    type = "https://turnout.dev/problems/notifications-item-limit"


def _describe(row: dict[str, Any]) -> NotificationsItem:
    return NotificationsItem(
        id=row["id"],
        owner_id=row["owner_id"],
        name=row["name"],
        note=row["note"],
        created_at=utc(row["created_at"]),
    )


class NotificationsServiceImpl:
    """Implements NotificationsService over the plugin's own table."""

    def __init__(self, config: NotificationsConfig, events: EventBus) -> None:
        self.config = config
        self.events = events

    async def _owned(self, ctx: CallContext, item_id: uuid.UUID) -> dict[str, Any]:
        owner, _ = require_user(ctx)
        row: dict[str, Any] | None = (
            await ItemRow.select().where((ItemRow.id == item_id) & (ItemRow.owner_id == owner)).first().run()
        )
        if row is None:  # the same answer whether it does not exist or is not the caller's
            raise NotFound("no such item")
        return row

    async def create_notifications_item(self, ctx: CallContext, *, body: NotificationsNewItem) -> NotificationsItem:
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
        event = NotificationsItemCreated(
            item_id=row["id"], owner_id=owner, name=body.name, occurred_at=row["created_at"]
        )
        await self.events.publish(ITEM_CREATED, event, ctx)
        return _describe(row)

    async def list_notifications_items(
        self, ctx: CallContext, *, limit: int = 50, cursor: str | None = None
    ) -> NotificationsItemPage:
        owner, _ = require_user(ctx)
        query = ItemRow.select().where(ItemRow.owner_id == owner)
        rows, next_cursor = await keyset_page(query, ItemRow.created_at, ItemRow.id, limit=limit, cursor=cursor)
        page = PageInfo(limit=limit, next_cursor=next_cursor)
        return NotificationsItemPage(items=[_describe(r) for r in rows], page=page)

    async def get_notifications_item(self, ctx: CallContext, *, item_id: uuid.UUID) -> NotificationsItem:
        return _describe(await self._owned(ctx, item_id))

    async def delete_notifications_item(self, ctx: CallContext, *, item_id: uuid.UUID) -> None:
        row = await self._owned(ctx, item_id)
        deleted = await ItemRow.delete().where(ItemRow.id == row["id"]).returning(ItemRow.id).run()
        if not deleted:  # deleted by a concurrent call meanwhile
            raise NotFound("no such item")

    # Live stream (plugins/notifications/live.py): the feed is set by the plugin factory.
    live: LiveFeed

    async def stream_notifications(
        self,
        ctx: CallContext,
        *,
        last_event_id: str | None = None,
        after: int | None = None,
        duration: int | None = None,
    ) -> Download:
        return await self.live.stream(ctx, last_event_id=last_event_id, after=after, duration=duration)
