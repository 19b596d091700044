"""``[plugins.admin]`` settings."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from framework import PluginConfig

__all__ = ["AdminConfig"]


class AdminConfig(PluginConfig):
    """Decoded strictly from ``[plugins.admin]``; every key has a safe default."""

    # Items one user may own; creating one more is refused with 409 until one is deleted.
    max_items_per_user: Annotated[int, Meta(ge=1)] = 10_000
    # The span of the dashboard's request and error figures.
    dashboard_window_seconds: Annotated[int, Meta(ge=60, le=86_400)] = 300
