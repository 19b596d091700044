"""``[plugins.notifications]`` settings."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, field

from framework import PluginConfig

__all__ = ["DEFAULT_NOTIFY_ON", "NotificationsConfig"]

AtLeastOne = Annotated[int, Meta(ge=1)]
Seconds = Annotated[float, Meta(gt=0)]
Port = Annotated[int, Meta(ge=1, le=65535)]

DEFAULT_NOTIFY_ON = [
    "simulation.completed",
    "simulation.failed",
    "auth.user_registered",
    "auth.password_changed",
    "auth.api_key_created",
]
"""The events that notify their user unless ``notify_on`` says otherwise (files.* are off by default)."""


class NotificationsConfig(PluginConfig):
    """Decoded strictly from ``[plugins.notifications]``; every key has a safe default."""

    # Which consumed events notify the user they concern: any of DEFAULT_NOTIFY_ON, files.uploaded, files.deleted.
    notify_on: list[str] = field(default_factory=lambda: list(DEFAULT_NOTIFY_ON))
    # SMTP server for email; empty: emails are written to the log instead (a start-up line says so).
    smtp_host: str = ""
    smtp_port: Port = 587
    # Implicit TLS (usually port 465); otherwise STARTTLS: auto (when offered), required, or off.
    smtp_tls: bool = False
    smtp_starttls: Literal["auto", "required", "off"] = "auto"
    smtp_username: str = ""
    # The environment variable holding the SMTP password (never the password itself in the file).
    smtp_password_env: str = ""
    smtp_from: str = "Turnout <notifications@turnout.invalid>"
    smtp_timeout_seconds: Seconds = 30.0
    # Attempts of one webhook delivery before it is dead-lettered; backoff doubles from the base, with jitter.
    webhook_max_attempts: AtLeastOne = 8
    webhook_backoff_seconds: Seconds = 5.0
    webhook_max_backoff_seconds: Seconds = 3600.0
    webhook_timeout_seconds: Seconds = 10.0
    # Attempts of one email, SMS or push delivery before it is dead-lettered (same backoff).
    delivery_max_attempts: AtLeastOne = 5
    # Refuse webhook URLs reaching loopback/private/link-local/multicast addresses unless true (tests, labs).
    allow_private_webhook_targets: bool = False
    max_webhooks_per_user: AtLeastOne = 20
    # Deliveries one process makes at the same time, and of one user (a dead endpoint holds at most this many).
    delivery_workers: AtLeastOne = 8
    max_running_deliveries_per_user: AtLeastOne = 4
    # Fan-out jobs (one per send) one process runs at the same time.
    send_workers: AtLeastOne = 2
    # Recipients inserted per statement when fanning out.
    fanout_chunk: AtLeastOne = 500
    # Job leases and polls, as for every job kind.
    lease_seconds: Seconds = 15.0
    poll_seconds: Seconds = 1.0

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
