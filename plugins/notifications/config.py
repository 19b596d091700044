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
