"""The channel interface every delivery goes through, and the logging backends (SMS, push, email without SMTP)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

import msgspec

__all__ = ["AttemptResult", "Channel", "DeliveryInputs", "LoggingChannel"]


class DeliveryInputs(msgspec.Struct, frozen=True, kw_only=True):
    """Everything one delivery needs, stored in its job row (a restart re-runs it from the row alone)."""

    channel: str
    user_id: uuid.UUID
    kind: str
    title: str
    body: str
    data: dict[str, Any] = msgspec.field(default_factory=dict)
    created_at: datetime
    webhook_id: uuid.UUID | None = None
    notification_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class AttemptResult:
    """How one attempt went. ``give_up`` ends the delivery at once: dead (pointless to retry) or dropped."""

    succeeded: bool
    status_code: int | None = None
    error: str | None = None
    give_up: Literal["dead", "dropped"] | None = None
    details: dict[str, str] = field(default_factory=dict)


class Channel(Protocol):
    """One way to reach a user: in-app is stored directly; every other channel delivers through this."""

    name: str

    async def deliver(self, delivery_id: uuid.UUID, message: DeliveryInputs) -> AttemptResult:
        """Try once; never raises for a failure of the far side (that is a failed AttemptResult)."""
        ...


class LoggingChannel:
    """A channel whose provider is the log: ready to be swapped for a real SMS or push provider."""

    def __init__(self, name: str, logger: logging.Logger) -> None:
        self.name = name
        self.log = logger

    async def deliver(self, delivery_id: uuid.UUID, message: DeliveryInputs) -> AttemptResult:
        # The title only, never the body or data: they may hold what the log must not keep.
        self.log.info(
            "%s (logging backend) to user %s: %s [%s]", self.name, message.user_id, message.title, message.kind
        )
        return AttemptResult(succeeded=True)
