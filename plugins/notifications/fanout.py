"""Sends as a framework job kind: one send makes its recipients' in-app notifications and deliveries.

Rows get ids derived from the send, the user, the channel (and webhook), and are inserted with
``ON CONFLICT DO NOTHING``: a send re-run after a crash adds nothing twice and misses nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import msgspec
from piccolo.table import Table

from framework.jobs import JobKind, JobLimits, Jobs, JobState, RunningJob, request_hash
from generated.notifications.models import Channel, Notification
from plugins.notifications.channels import DeliveryInputs
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.delivery import LOGGER, DeliveryOutcome
from plugins.notifications.preferences import DEFAULT_PREFERENCES, PreferenceStore, channels_for
from plugins.notifications.recipients import Recipients
from plugins.notifications.tables import DeliveryRow, NotificationRow, SendRow, WebhookRow

__all__ = ["Fanout", "Listener", "SendInputs", "SendOutcome", "send_kind", "send_limits"]

Listener = Callable[[Sequence[Notification]], Awaitable[None]]
"""Told of each batch of in-app notifications just stored (a live stream, say)."""


class SendInputs(msgspec.Struct, frozen=True, kw_only=True):
    """One send as its job row keeps it."""

    kind: str
    title: str
    body: str = ""
    data: dict[str, Any] = msgspec.field(default_factory=dict)
    user_ids: list[uuid.UUID]
    channels: list[Channel] | None = None
    created_at: datetime


class SendOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """What a send made."""

    notified: int
    deliveries: int


def _chunks(items: Sequence[uuid.UUID], size: int) -> Iterator[Sequence[uuid.UUID]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _wanted_kinds(raw: str) -> list[str]:
    kinds: list[str] = msgspec.json.decode(raw)
    return kinds


class Fanout:
    """Runs one send job, a chunk of recipients at a time."""

    def __init__(
        self,
        config: NotificationsConfig,
        preferences: PreferenceStore,
        recipients: Recipients,
        deliveries: Callable[[], Jobs[DeliveryInputs, DeliveryOutcome]],
    ) -> None:
        self.config = config
        self.preferences = preferences
        self.recipients = recipients
        self.deliveries = deliveries  # a callable: the two job kinds are built after one another
        self.listeners: list[Listener] = []

    async def run(self, job: RunningJob[SendInputs]) -> SendOutcome:
        inputs = job.inputs
        users = list(dict.fromkeys(inputs.user_ids))
        notified = delivered = 0
        for done, chunk in enumerate(_chunks(users, self.config.fanout_chunk), start=1):
            made, queued = await self._chunk(job.id, inputs, chunk)
            notified += made
            delivered += queued
            job.progress(done * self.config.fanout_chunk / len(users))
        if delivered:
            self.deliveries().wake()
        return SendOutcome(notified=notified, deliveries=delivered)

    async def _chunk(self, send_id: uuid.UUID, inputs: SendInputs, users: Sequence[uuid.UUID]) -> tuple[int, int]:
        chosen = await self.preferences.load_many(users)
        known = await self.recipients.known(users)
        hooks = await self._webhooks(users, inputs.kind)
        notifications: list[dict[str, Any]] = []
        deliveries: list[dict[str, Any]] = []
        data = msgspec.json.encode(inputs.data).decode()
        for user in users:
            channels = channels_for(chosen.get(user, DEFAULT_PREFERENCES), inputs.kind, inputs.channels)
            notification_id = uuid.uuid5(send_id, str(user))
            if Channel.in_app in channels:
                notifications.append(
                    {
                        "id": notification_id,
                        "user_id": user,
                        "send_id": send_id,
                        "kind": inputs.kind,
                        "title": inputs.title,
                        "body": inputs.body,
                        "data": data,
                        "created_at": inputs.created_at,
                        "read_at": None,
                    }
                )
                notification: uuid.UUID | None = notification_id
            else:
                notification = None
            # Email, SMS and push reach users this plugin knows (registered since it ran); webhooks their owners.
            for channel in (Channel.email, Channel.sms, Channel.push):
                if channel in channels and user in known:
                    deliveries.append(self._delivery(send_id, inputs, user, channel, notification, None))
            if Channel.webhook in channels:
                for hook in hooks.get(user, []):
                    deliveries.append(self._delivery(send_id, inputs, user, Channel.webhook, notification, hook))
        if notifications:
            await insert_many(NotificationRow, notifications)
            await self._tell(notifications)
        if deliveries:
            await insert_many(DeliveryRow, deliveries)
        return len(notifications), len(deliveries)

    async def _webhooks(self, users: Sequence[uuid.UUID], kind: str) -> dict[uuid.UUID, list[uuid.UUID]]:
        rows = (
            await WebhookRow.select(WebhookRow.id, WebhookRow.owner_id, WebhookRow.kinds)
            .where(WebhookRow.owner_id.is_in(list(users)))
            .run()
        )
        found: dict[uuid.UUID, list[uuid.UUID]] = {}
        for row in rows:
            kinds = _wanted_kinds(row["kinds"])
            if not kinds or kind in kinds:
                found.setdefault(uuid.UUID(str(row["owner_id"])), []).append(uuid.UUID(str(row["id"])))
        return found

    def _delivery(
        self,
        send_id: uuid.UUID,
        inputs: SendInputs,
        user: uuid.UUID,
        channel: Channel,
        notification: uuid.UUID | None,
        webhook: uuid.UUID | None,
    ) -> dict[str, Any]:
        message = DeliveryInputs(
            channel=channel.value,
            user_id=user,
            kind=inputs.kind,
            title=inputs.title,
            body=inputs.body,
            data=inputs.data,
            created_at=inputs.created_at,
            webhook_id=webhook,
            notification_id=notification,
        )
        return queued_delivery(uuid.uuid5(send_id, f"{user}:{channel.value}:{webhook or ''}"), message)

    async def _tell(self, rows: list[dict[str, Any]]) -> None:
        if not self.listeners:
            return
        batch = [
            Notification(
                id=row["id"],
                user_id=row["user_id"],
                kind=row["kind"],
                title=row["title"],
                body=row["body"],
                data=msgspec.json.decode(row["data"]),
                created_at=row["created_at"],
                read_at=None,
            )
            for row in rows
        ]
        for listener in self.listeners:
            await listener(batch)


async def insert_many(table: type[Table], rows: Sequence[dict[str, Any]]) -> None:
    """One multi-row ``INSERT ... ON CONFLICT (id) DO NOTHING`` of ``rows`` (all with the same keys).

    Hand-written because building a Table object per row costs more than the insert itself.
    """
    columns = list(rows[0])
    placeholders = "(" + ", ".join("{}" for _ in columns) + ")"
    sql = (
        f"INSERT INTO {table._meta.get_formatted_tablename()} ({', '.join(columns)})"  # noqa: S608 - our own table
        f" VALUES {', '.join(placeholders for _ in rows)} ON CONFLICT (id) DO NOTHING"
    )
    await table.raw(sql, *[row[column] for row in rows for column in columns]).run()


def queued_delivery(delivery_id: uuid.UUID, message: DeliveryInputs) -> dict[str, Any]:
    """A delivery job's row, queued, as ``Jobs.submit`` would insert it (here many at once)."""
    return {
        "id": delivery_id,
        "owner_id": message.user_id,
        "status": JobState.queued.value,
        "progress": 0.0,
        "inputs": msgspec.json.encode(message).decode(),
        "request_hash": request_hash(message),
        "idempotency_key": None,
        "cancel_requested": False,
        "attempts": 0,
        "created_at": message.created_at,
        "channel": message.channel,
        "kind": message.kind,
        "webhook_id": message.webhook_id,
        "round": 1,
        "tries": 0,
    }


def _listed(inputs: SendInputs) -> Mapping[str, Any]:
    return {"kind": inputs.kind, "recipients": len(set(inputs.user_ids))}


def send_kind(fanout: Fanout) -> JobKind[SendInputs, SendOutcome]:
    """The send job kind; its owner is the sender (an admin, or the platform itself)."""
    return JobKind(
        name="notification_send",
        table=SendRow,
        inputs=SendInputs,
        result=SendOutcome,
        run=fanout.run,
        columns=_listed,
        noun="notification send",
        logger_name=LOGGER,
    )


def send_limits(config: NotificationsConfig) -> JobLimits:
    """How sends run, from ``[plugins.notifications]``."""
    return JobLimits(
        workers=config.send_workers,
        lease_seconds=config.lease_seconds,
        poll_seconds=config.poll_seconds,
        max_queued_per_user=100_000,  # the platform's own sends all have one owner
        max_running_per_user=config.send_workers,
    )
