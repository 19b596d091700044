"""``[plugins.notifications]`` settings."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from framework import PluginConfig

__all__ = ["NotificationsConfig"]


class NotificationsConfig(PluginConfig):
    """Decoded strictly from ``[plugins.notifications]``; every key has a safe default."""

    # Items one user may own; creating one more is refused with 409 until one is deleted.
    max_items_per_user: Annotated[int, Meta(ge=1)] = 10_000

    # Live stream (plugins/notifications/live.py).
    # Longest a stream stays open before it ends with a retry hint (the client reconnects with Last-Event-ID).
    live_stream_seconds: Annotated[int, Meta(ge=1, le=3600)] = 300
    # A keep-alive comment goes out when nothing else did for this long (under the 30 s a NATS pull waits).
    live_heartbeat_seconds: Annotated[float, Meta(gt=0, le=25)] = 15.0
    # A stream re-reads its items this often even without a wake-up (the safety net for a missed broadcast).
    live_poll_seconds: Annotated[float, Meta(gt=0, le=300)] = 5.0
    # Items older than this are deleted; a client away longer misses them.
    live_retention_seconds: Annotated[int, Meta(ge=60)] = 86_400
    # The reconnect delay EventSource is told to use.
    live_retry_ms: Annotated[int, Meta(ge=0, le=600_000)] = 3000
