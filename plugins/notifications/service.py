"""NotificationsServiceImpl: sends, the in-app inbox, preferences, webhooks and dead deliveries."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import msgspec

from framework import (
    CallContext,
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    UnprocessableContent,
    decode_time_cursor,
    keyset_page,
    require_user,
    utcnow,
)
from framework.jobs import Jobs, JobState
from framework.runtime import Download
from generated.notifications.models import (
    AttemptPage,
    Delivery,
    DeliveryPage,
    NewWebhook,
    Notification,
    NotificationPage,
    PageInfo,
    Preferences,
    Send,
    SendRequest,
    WebhookCreated,
    WebhookPage,
)
from plugins.notifications.channels import DeliveryInputs
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.delivery import DeliveryOutcome
from plugins.notifications.fanout import SendInputs, SendOutcome
from plugins.notifications.live import LiveFeed
from plugins.notifications.preferences import PreferenceStore
from plugins.notifications.subscriptions import SYSTEM_SENDER
from plugins.notifications.tables import AttemptRow, DeliveryRow, NotificationRow, WebhookRow
from plugins.notifications.targets import Resolver, UnsafeTarget, check_target, system_resolver
from plugins.notifications.views import (
    attempt_view,
    delivery_view,
    notification_view,
    send_view,
    webhook_view,
)

__all__ = ["NotificationsServiceImpl"]


def _is_dead() -> Any:
    # A delivery that used its last attempt, or whose job failed outright (a bug): both are dead letters.
    return ((DeliveryRow.status == JobState.succeeded.value) & (DeliveryRow.outcome == "dead")) | (
        DeliveryRow.status == JobState.failed.value
    )


def _require_admin(ctx: CallContext) -> None:
    """Admins over HTTP; the platform itself (no principal: another plugin's system call) too."""
    if ctx.principal is not None and "admin" not in ctx.principal.roles:
        raise Forbidden("this operation is for admins")


class NotificationsServiceImpl:
    """Implements NotificationsService over the plugin's tables and its two job kinds."""

    def __init__(
        self,
        config: NotificationsConfig,
        sends: Jobs[SendInputs, SendOutcome],
        deliveries: Jobs[DeliveryInputs, DeliveryOutcome],
        preferences: PreferenceStore,
        live: LiveFeed,
        resolve: Resolver = system_resolver,
    ) -> None:
        self.config = config
        self.live = live
        self.sends = sends
        self.deliveries = deliveries
        self.preferences = preferences
        self.resolve = resolve

    # --- sending ---

    async def send_notification(
        self, ctx: CallContext, *, body: SendRequest, idempotency_key: str | None = None
    ) -> Send:
        _require_admin(ctx)
        sender = SYSTEM_SENDER if ctx.principal is None else require_user(ctx)[0]
        existing = await self.sends.repeated(sender, idempotency_key, body)
        if existing is not None:
            return send_view(existing)
        inputs = SendInputs(
            kind=body.kind,
            title=body.title,
            body=body.body if isinstance(body.body, str) else "",
            data=body.data if isinstance(body.data, dict) else {},
            user_ids=body.user_ids,
            channels=list(dict.fromkeys(body.channels)) if isinstance(body.channels, list) else None,
            created_at=utcnow(),
        )
        return send_view(await self.sends.submit(sender, inputs, idempotency_key=idempotency_key, request=body))

    # --- the inbox ---

    async def list_notifications(
        self,
        ctx: CallContext,
        *,
        user_id: uuid.UUID | None = None,
        unread: bool = False,
        limit: int = 50,
        cursor: str | None = None,
    ) -> NotificationPage:
        caller, admin = require_user(ctx)
        whose = caller if user_id is None else user_id
        if whose != caller and not admin:
            raise Forbidden("only admins may list another user's notifications")
        query = NotificationRow.select().where(NotificationRow.user_id == whose)
        if unread:
            query = query.where(NotificationRow.read_at.is_null())
        rows, next_cursor = await keyset_page(
            query, NotificationRow.created_at, NotificationRow.id, limit=limit, cursor=cursor
        )
        return NotificationPage(
            items=[notification_view(r) for r in rows], page=PageInfo(limit=limit, next_cursor=next_cursor)
        )

    async def _notification(self, notification_id: uuid.UUID) -> dict[str, Any] | None:
        row: dict[str, Any] | None = (
            await NotificationRow.select().where(NotificationRow.id == notification_id).first().run()
        )
        return row

    async def get_notification(self, ctx: CallContext, *, notification_id: uuid.UUID) -> Notification:
        caller, admin = require_user(ctx)
        row = await self._notification(notification_id)
        if row is None or (str(row["user_id"]) != str(caller) and not admin):
            raise NotFound("no such notification")
        return notification_view(row)

    async def mark_notification_read(self, ctx: CallContext, *, notification_id: uuid.UUID) -> Notification:
        caller, _ = require_user(ctx)
        mine = (NotificationRow.id == notification_id) & (NotificationRow.user_id == caller)
        await (
            NotificationRow.update({NotificationRow.read_at: utcnow()})
            .where(mine & NotificationRow.read_at.is_null())
            .run()
        )
        row: dict[str, Any] | None = await NotificationRow.select().where(mine).first().run()
        if row is None:
            raise NotFound("no such notification")
        return notification_view(row)

    # --- preferences ---

    async def get_preferences(self, ctx: CallContext) -> Preferences:
        caller, _ = require_user(ctx)
        stored = await self.preferences.load(caller)
        return Preferences(channels=stored.channels, kinds=stored.kinds if isinstance(stored.kinds, dict) else {})

    async def update_preferences(self, ctx: CallContext, *, body: Preferences) -> Preferences:
        caller, _ = require_user(ctx)
        return await self.preferences.store(caller, body)

    # --- webhooks ---

    async def _webhook(self, ctx: CallContext, webhook_id: uuid.UUID) -> dict[str, Any]:
        caller, _ = require_user(ctx)
        row: dict[str, Any] | None = (
            await WebhookRow.select()
            .where((WebhookRow.id == webhook_id) & (WebhookRow.owner_id == caller))
            .first()
            .run()
        )
        if row is None:  # the same answer whether it does not exist or is not the caller's
            raise NotFound("no such webhook")
        return row

    async def create_webhook(self, ctx: CallContext, *, body: NewWebhook) -> WebhookCreated:
        caller, _ = require_user(ctx)
        try:
            await check_target(body.url, allow_private=self.config.allow_private_webhook_targets, resolve=self.resolve)
        except UnsafeTarget as refused:
            raise UnprocessableContent(str(refused), errors=[FieldError(field="url", message=str(refused))]) from None
        count: int = await WebhookRow.count().where(WebhookRow.owner_id == caller).run()
        if count >= self.config.max_webhooks_per_user:
            raise Conflict(
                f"you have {count} webhooks, the most allowed (max_webhooks_per_user); delete one first",
                title="Webhook limit reached",
            )
        secret = body.secret if isinstance(body.secret, str) else "whsec_" + secrets.token_urlsafe(24)
        kinds = sorted(set(body.kinds)) if isinstance(body.kinds, list) else []
        row: dict[str, Any] = {
            "id": uuid.uuid4(),
            "owner_id": caller,
            "url": body.url,
            "secret": secret,
            "kinds": msgspec.json.encode(kinds).decode(),
            "created_at": utcnow(),
        }
        await WebhookRow.insert(WebhookRow(**row)).run()
        return WebhookCreated(id=row["id"], url=body.url, kinds=kinds, created_at=row["created_at"], secret=secret)

    async def list_webhooks(self, ctx: CallContext, *, limit: int = 50, cursor: str | None = None) -> WebhookPage:
        caller, _ = require_user(ctx)
        query = WebhookRow.select().where(WebhookRow.owner_id == caller)
        rows, next_cursor = await keyset_page(query, WebhookRow.created_at, WebhookRow.id, limit=limit, cursor=cursor)
        return WebhookPage(items=[webhook_view(r) for r in rows], page=PageInfo(limit=limit, next_cursor=next_cursor))

    async def delete_webhook(self, ctx: CallContext, *, webhook_id: uuid.UUID) -> None:
        row = await self._webhook(ctx, webhook_id)
        deleted = await WebhookRow.delete().where(WebhookRow.id == row["id"]).returning(WebhookRow.id).run()
        if not deleted:  # deleted by a concurrent call meanwhile
            raise NotFound("no such webhook")

    async def test_webhook(self, ctx: CallContext, *, webhook_id: uuid.UUID) -> Delivery:
        row = await self._webhook(ctx, webhook_id)
        owner = uuid.UUID(str(row["owner_id"]))
        inputs = DeliveryInputs(
            channel="webhook",
            user_id=owner,
            kind="webhook.test",
            title="Test delivery",
            body="A test delivery from Turnout.",
            created_at=utcnow(),
            webhook_id=uuid.UUID(str(row["id"])),
        )
        record = await self.deliveries.submit(owner, inputs)
        return await self._delivery(record.id)

    async def _delivery(self, delivery_id: uuid.UUID) -> Delivery:
        row: dict[str, Any] | None = await DeliveryRow.select().where(DeliveryRow.id == delivery_id).first().run()
        if row is None:
            raise NotFound("no such delivery")
        return delivery_view(row)

    async def list_webhook_deliveries(
        self, ctx: CallContext, *, webhook_id: uuid.UUID, limit: int = 50, cursor: str | None = None
    ) -> AttemptPage:
        if cursor is not None:
            decode_time_cursor(cursor)  # a bad cursor is 400 whether or not the webhook is the caller's
        row = await self._webhook(ctx, webhook_id)
        query = AttemptRow.select().where(AttemptRow.webhook_id == row["id"])
        rows, next_cursor = await keyset_page(query, AttemptRow.at, AttemptRow.id, limit=limit, cursor=cursor)
        return AttemptPage(items=[attempt_view(r) for r in rows], page=PageInfo(limit=limit, next_cursor=next_cursor))

    # --- dead deliveries (admins) ---

    async def list_dead_deliveries(
        self, ctx: CallContext, *, limit: int = 50, cursor: str | None = None
    ) -> DeliveryPage:
        _require_admin(ctx)
        query = DeliveryRow.select().where(_is_dead())
        rows, next_cursor = await keyset_page(query, DeliveryRow.created_at, DeliveryRow.id, limit=limit, cursor=cursor)
        return DeliveryPage(items=[delivery_view(r) for r in rows], page=PageInfo(limit=limit, next_cursor=next_cursor))

    async def replay_delivery(self, ctx: CallContext, *, delivery_id: uuid.UUID) -> Delivery:
        _require_admin(ctx)
        current = await self._delivery(delivery_id)  # 404 when there is none
        replayed = (
            await DeliveryRow.update(
                {
                    DeliveryRow.status: JobState.queued.value,
                    DeliveryRow.outcome: None,
                    DeliveryRow.error: None,
                    DeliveryRow.result: None,
                    DeliveryRow.finished_at: None,
                    DeliveryRow.lease_owner: None,
                    DeliveryRow.lease_expires_at: None,
                    DeliveryRow.round: DeliveryRow.round + 1,
                }
            )
            .where((DeliveryRow.id == delivery_id) & _is_dead())
            .returning(DeliveryRow.id)
            .run()
        )
        if not replayed:
            raise Conflict(f"the delivery is {current.status.value}; only a dead delivery can be replayed")
        self.deliveries.wake()
        return await self._delivery(delivery_id)

    # --- live stream (plugins/notifications/live.py) ---

    async def stream_notifications(
        self,
        ctx: CallContext,
        *,
        last_event_id: str | None = None,
        after: int | None = None,
        duration: int | None = None,
    ) -> Download:
        return await self.live.stream(ctx, last_event_id=last_event_id, after=after, duration=duration)
