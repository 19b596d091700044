"""Other plugins' events in: each notifies the user it concerns, once (a redelivery finds its send).

``auth.user_registered`` also records the user's email address, whatever ``notify_on`` says.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from framework import CallContext, PluginContext, utcnow
from framework.jobs import Jobs
from generated.auth.events import API_KEY_CREATED, PASSWORD_CHANGED, USER_REGISTERED
from generated.auth.models import ApiKeyCreatedEvent, PasswordChanged, UserRegistered
from generated.files.events import DELETED, UPLOADED
from generated.files.models import FileDeleted, FileUploaded
from generated.simulation.events import COMPLETED, FAILED
from generated.simulation.models import SimulationFinished
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.fanout import SendInputs, SendOutcome
from plugins.notifications.recipients import Recipients

__all__ = ["CONSUMES", "SYSTEM_SENDER", "EventNotices"]


CONSUMES = (COMPLETED, FAILED, USER_REGISTERED, PASSWORD_CHANGED, API_KEY_CREATED, UPLOADED, DELETED)
"""The events notifications consumes (the plugin's ``consumes``); ``notify_on`` picks which notify."""

SYSTEM_SENDER = uuid.UUID(int=0)
"""The owner of sends the platform makes itself (from events, or other plugins' system calls)."""


class EventNotices:
    """Turns events into sends of one notification to one user."""

    def __init__(self, config: NotificationsConfig, sends: Jobs[SendInputs, SendOutcome], recipients: Recipients):
        self.notify_on = frozenset(config.notify_on)
        self.sends = sends
        self.recipients = recipients

    async def _send(self, event: str, key: str, user: uuid.UUID, kind: str, title: str, body: str, **data: Any) -> None:
        if event not in self.notify_on:
            return
        inputs = SendInputs(kind=kind, title=title, body=body, data=data, user_ids=[user], created_at=utcnow())
        # Keyed by the event: a redelivered event finds the send it made and sends nothing again.
        await self.sends.submit(SYSTEM_SENDER, inputs, idempotency_key=f"{event}:{key}", request=f"{event}:{key}")

    async def simulation_completed(self, ctx: CallContext, event: SimulationFinished) -> None:
        await self._send(
            COMPLETED.name, str(event.job_id), event.owner_id, "simulation.completed",
            "Your simulation finished", f"Simulation {event.job_id} succeeded; its result is ready.",
            job_id=str(event.job_id),
        )  # fmt: skip

    async def simulation_failed(self, ctx: CallContext, event: SimulationFinished) -> None:
        why = event.error if isinstance(event.error, str) else "no reason was given"
        await self._send(
            FAILED.name, str(event.job_id), event.owner_id, "simulation.failed",
            "Your simulation failed", f"Simulation {event.job_id} failed: {why}", job_id=str(event.job_id),
        )  # fmt: skip

    async def user_registered(self, ctx: CallContext, event: UserRegistered) -> None:
        await self.recipients.remember(event.user_id, event.email)
        await self._send(
            USER_REGISTERED.name, str(event.user_id), event.user_id, "account.welcome",
            "Welcome to Turnout", "Your account is ready.",
        )  # fmt: skip

    async def password_changed(self, ctx: CallContext, event: PasswordChanged) -> None:
        await self._send(
            PASSWORD_CHANGED.name, f"{event.user_id}:{event.changed_at.isoformat()}", event.user_id,
            "security.password_changed", "Your password was changed",
            "Your password was changed and your other sessions were signed out. If this was not you, reset it now.",
        )  # fmt: skip

    async def api_key_created(self, ctx: CallContext, event: ApiKeyCreatedEvent) -> None:
        await self._send(
            API_KEY_CREATED.name, str(event.key_id), event.user_id, "security.api_key_created",
            "A new API key was created", f"An API key named {event.name!r} was created for your account.",
            key_id=str(event.key_id),
        )  # fmt: skip

    async def file_uploaded(self, ctx: CallContext, event: FileUploaded) -> None:
        await self._send(
            UPLOADED.name, str(event.file_id), event.owner_id, "files.uploaded",
            "File uploaded", f"{event.filename} was uploaded.", file_id=str(event.file_id),
        )  # fmt: skip

    async def file_deleted(self, ctx: CallContext, event: FileDeleted) -> None:
        await self._send(
            DELETED.name, str(event.file_id), event.owner_id, "files.deleted",
            "File deleted", f"File {event.file_id} was deleted.", file_id=str(event.file_id),
        )  # fmt: skip

    def subscribe(self, ctx: PluginContext[NotificationsConfig]) -> None:
        """Register a handler for every consumed event."""
        handlers: list[tuple[Any, Callable[[CallContext, Any], Awaitable[None]]]] = [
            (COMPLETED, self.simulation_completed),
            (FAILED, self.simulation_failed),
            (USER_REGISTERED, self.user_registered),
            (PASSWORD_CHANGED, self.password_changed),
            (API_KEY_CREATED, self.api_key_created),
            (UPLOADED, self.file_uploaded),
            (DELETED, self.file_deleted),
        ]
        for event, handler in handlers:
            ctx.subscribe(event, handler)
