"""Dead letters in every plugin, listed and replayed through the framework's system surface.

Events: each plugin's own records (framework._dead_letters), asked of the plugin wherever it
runs. Notification deliveries that gave up come from the notifications plugin's admin operations
(listDeadDeliveries / replayDelivery, with the admin's own credentials) through its client.
"""

from __future__ import annotations

import logging
import uuid
from typing import Protocol

import msgspec

from framework import (
    CallContext,
    DeadLetter,
    EventBus,
    NotFound,
    PlatformSystem,
    ServiceError,
    require_user,
    utcnow,
)
from generated.admin.events import ACTION
from generated.admin.models import AdminAction, DeadLetterKind, DeadLetterList
from generated.admin.models import DeadLetter as DeadLetterView
from generated.notifications.models import Delivery
from generated.notifications.service import NotificationsService

__all__ = ["AdminDeadLetters", "DeadDeliveries", "NotificationDeadDeliveries", "letter_id", "view_of"]

log = logging.getLogger(__name__)


def letter_id(letter: DeadLetter) -> str:
    """The id the admin API gives an event's dead letter: its plugin and its record there."""
    return f"{letter.plugin}:{letter.id}"


def view_of(letter: DeadLetter, *, replay_requested: bool | None = None) -> DeadLetterView:
    return DeadLetterView(
        id=letter_id(letter),
        kind=DeadLetterKind.event,
        plugin=letter.plugin,
        event=letter.event,
        event_id=letter.event_id,
        payload=letter.payload,
        attempts=letter.attempts,
        last_error=letter.last_error,
        first_failed_at=letter.first_failed_at,
        last_failed_at=letter.last_failed_at,
        replay_requested=letter.replay_requested if replay_requested is None else replay_requested,
    )


class DeadDeliveries(Protocol):
    """Notification deliveries that gave up (the notifications plugin's listDeadDeliveries/replayDelivery)."""

    async def list(self, ctx: CallContext) -> list[DeadLetterView] | None:
        """None when nothing reports them."""
        ...

    async def replay(self, ctx: CallContext, delivery_id: str) -> DeadLetterView: ...


DELIVERY_PREFIX = "delivery:"  # the ids of dead deliveries, apart from every plugin's events
_PAGE = 200
_MOST = 1000  # dead deliveries listed at most; the oldest beyond are left to the notifications API


def _delivery_view(delivery: Delivery, *, replay_requested: bool = False) -> DeadLetterView:
    failed_at = delivery.finished_at or delivery.created_at
    return DeadLetterView(
        id=f"{DELIVERY_PREFIX}{delivery.id}",
        kind=DeadLetterKind.delivery,
        plugin="notifications",
        event=f"{delivery.channel.value}:{delivery.kind}",
        event_id=str(delivery.id),
        payload=msgspec.json.encode(delivery).decode(),
        attempts=delivery.attempts,
        last_error=delivery.last_error or "",
        first_failed_at=failed_at,
        last_failed_at=failed_at,
        replay_requested=replay_requested,
    )


class NotificationDeadDeliveries:
    """Dead deliveries through the notifications client, asked with the admin's own context."""

    def __init__(self, notifications: NotificationsService) -> None:
        self.notifications = notifications

    async def list(self, ctx: CallContext) -> list[DeadLetterView] | None:
        views: list[DeadLetterView] = []
        cursor: str | None = None
        try:
            while len(views) < _MOST:
                page = await self.notifications.list_dead_deliveries(ctx, limit=_PAGE, cursor=cursor)
                views += [_delivery_view(delivery) for delivery in page.items]
                next_cursor = page.page.next_cursor
                if not isinstance(next_cursor, str):
                    break
                cursor = next_cursor
        except ServiceError as error:
            if error.status < 500:
                raise
            # The dashboard still answers with every other figure; null says the count is unknown.
            log.warning("notifications did not report dead deliveries: %s", error.detail)
            return None
        return views[:_MOST]

    async def replay(self, ctx: CallContext, delivery_id: str) -> DeadLetterView:
        try:
            parsed = uuid.UUID(delivery_id)
        except ValueError:
            raise NotFound(f"no dead delivery {delivery_id!r}") from None
        replayed = await self.notifications.replay_delivery(ctx, delivery_id=parsed)
        return _delivery_view(replayed, replay_requested=True)


class AdminDeadLetters:
    """listDeadLetters and replayDeadLetter."""

    def __init__(self, system: PlatformSystem, events: EventBus, deliveries: DeadDeliveries) -> None:
        self.system = system
        self.events = events
        self.deliveries = deliveries

    async def list(self, ctx: CallContext) -> DeadLetterList:
        items = [view_of(letter) for letter in await self.system.dead_letters()]
        items += await self.deliveries.list(ctx) or []
        return DeadLetterList(items=items)

    async def replay(self, ctx: CallContext, dead_letter_id: str) -> DeadLetterView:
        actor, _ = require_user(ctx)
        if dead_letter_id.startswith(DELIVERY_PREFIX):
            view = await self.deliveries.replay(ctx, dead_letter_id.removeprefix(DELIVERY_PREFIX))
        else:
            plugin, _, record = dead_letter_id.partition(":")
            view = await self._replay_event(plugin, record, dead_letter_id)
        details = {"plugin": view.plugin, "event": view.event, "kind": view.kind.value}
        action = AdminAction(
            actor_id=actor, action="dead_letter.replayed", target=view.id, details=details, at=utcnow()
        )
        await self.events.publish(ACTION, action, ctx)
        return view

    async def _replay_event(self, plugin: str, record: str, dead_letter_id: str) -> DeadLetterView:
        if plugin not in self.system.plugins:
            raise NotFound(f"no dead letter {dead_letter_id!r}")
        system = self.system.of(plugin)
        letter = next((item for item in await system.dead_letters() if item.id == record), None)
        if letter is None:
            raise NotFound(f"no dead letter {dead_letter_id!r}")
        await system.replay_dead_letter(record)  # 404 if it went meanwhile (replayed by someone else)
        return view_of(letter, replay_requested=True)
