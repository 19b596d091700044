"""``[plugins.admin]`` settings."""

from __future__ import annotations

from framework import PluginConfig

__all__ = ["AdminConfig"]


class AdminConfig(PluginConfig):
    """Decoded strictly from ``[plugins.admin]``; every key has a safe default."""
