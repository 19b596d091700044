"""The webhook channel: a signed JSON POST with httpx, never following redirects, never to private addresses."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import msgspec

from plugins.notifications.channels import AttemptResult, DeliveryInputs
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.signing import EVENT_ID_HEADER, SIGNATURE_HEADER, signature_header
from plugins.notifications.tables import WebhookRow
from plugins.notifications.targets import Resolver, UnsafeTarget, check_target, system_resolver

__all__ = ["WebhookChannel", "webhook_body"]


def webhook_body(delivery_id: uuid.UUID, message: DeliveryInputs) -> bytes:
    """The JSON a webhook receives: the event id (the delivery's), and the notification."""
    return msgspec.json.encode(
        {
            "id": delivery_id,
            "kind": message.kind,
            "created_at": message.created_at,
            "user_id": message.user_id,
            "notification": {
                "id": message.notification_id,
                "title": message.title,
                "body": message.body,
                "data": message.data,
            },
        }
    )


class WebhookChannel:
    """POSTs to the delivery's webhook; the far side's answer, or its silence, is the attempt's result."""

    name = "webhook"

    def __init__(
        self, config: NotificationsConfig, client: httpx.AsyncClient, resolve: Resolver = system_resolver
    ) -> None:
        self.config = config
        self.client = client
        self.resolve = resolve

    async def deliver(self, delivery_id: uuid.UUID, message: DeliveryInputs) -> AttemptResult:
        hook: dict[str, Any] | None = (
            await WebhookRow.select(WebhookRow.url, WebhookRow.secret)
            .where(WebhookRow.id == message.webhook_id)
            .first()
            .run()
        )
        if hook is None:
            return AttemptResult(succeeded=False, error="the webhook was deleted", give_up="dropped")
        url = str(hook["url"])
        try:  # again before each attempt: the host may resolve elsewhere since the webhook was made
            await check_target(url, allow_private=self.config.allow_private_webhook_targets, resolve=self.resolve)
        except UnsafeTarget as refused:
            return AttemptResult(succeeded=False, error=f"refused: {refused}")
        body = webhook_body(delivery_id, message)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Turnout-Webhooks/1",
            EVENT_ID_HEADER: str(delivery_id),
            SIGNATURE_HEADER: signature_header(str(hook["secret"]), body),
        }
        try:
            response = await self.client.post(
                url, content=body, headers=headers, timeout=self.config.webhook_timeout_seconds
            )
        except httpx.HTTPError as error:
            return AttemptResult(succeeded=False, error=f"{type(error).__name__}: {error}"[:500])
        if response.is_success:
            return AttemptResult(succeeded=True, status_code=response.status_code)
        why = "a redirect (not followed)" if response.is_redirect else "not a 2xx answer"
        return AttemptResult(succeeded=False, status_code=response.status_code, error=why)
