"""Rows as the contract's models."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from framework import utc
from framework.jobs import JobRecord, JobState
from generated.notifications.models import (
    Attempt,
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    Send,
    SendStatus,
    Webhook,
)

__all__ = ["attempt_view", "delivery_status", "delivery_view", "notification_view", "send_view", "webhook_view"]

_SEND_STATUS = {
    JobState.queued: SendStatus.queued,
    JobState.running: SendStatus.sending,
    JobState.succeeded: SendStatus.sent,
    JobState.failed: SendStatus.failed,
    JobState.cancelled: SendStatus.failed,
}


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def notification_view(row: dict[str, Any]) -> Notification:
    return Notification(
        id=_uuid(row["id"]),
        user_id=_uuid(row["user_id"]),
        kind=row["kind"],
        title=row["title"],
        body=row["body"],
        data=msgspec.json.decode(row["data"]),
        created_at=utc(row["created_at"]),
        read_at=utc(row["read_at"]),
    )


def send_view(record: JobRecord) -> Send:
    return Send(
        id=record.id,
        kind=record.columns["kind"],
        recipients=record.columns["recipients"],
        status=_SEND_STATUS[record.state],
        created_at=record.created_at,
    )


def webhook_view(row: dict[str, Any]) -> Webhook:
    return Webhook(
        id=_uuid(row["id"]), url=row["url"], kinds=msgspec.json.decode(row["kinds"]), created_at=utc(row["created_at"])
    )


def delivery_status(row: dict[str, Any]) -> DeliveryStatus:
    """queued/delivering while the job waits or runs; then its outcome (a job that failed is dead)."""
    state = JobState(row["status"])
    if state is JobState.queued:
        return DeliveryStatus.queued
    if state is JobState.running:
        return DeliveryStatus.delivering
    if state is JobState.succeeded and row["outcome"]:
        return DeliveryStatus(row["outcome"])
    return DeliveryStatus.dropped if state is JobState.cancelled else DeliveryStatus.dead


def delivery_view(row: dict[str, Any]) -> Delivery:
    return Delivery(
        id=_uuid(row["id"]),
        channel=Channel(row["channel"]),
        user_id=_uuid(row["owner_id"]),
        webhook_id=None if row["webhook_id"] is None else _uuid(row["webhook_id"]),
        kind=row["kind"],
        status=delivery_status(row),
        attempts=int(row["tries"] or 0),
        last_error=row["last_error"] if row["last_error"] is not None else row["error"],
        created_at=utc(row["created_at"]),
        finished_at=utc(row["finished_at"]),
    )


def attempt_view(row: dict[str, Any]) -> Attempt:
    return Attempt(
        id=_uuid(row["id"]),
        delivery_id=_uuid(row["delivery_id"]),
        number=int(row["number"]),
        at=utc(row["at"]),
        status_code=row["status_code"],
        error=row["error"],
        duration_ms=float(row["duration_ms"]),
        succeeded=bool(row["succeeded"]),
    )
