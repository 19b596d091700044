"""``[plugins.inference]`` settings."""

from __future__ import annotations

from framework import PluginConfig

__all__ = ["InferenceConfig"]


class InferenceConfig(PluginConfig):
    """Decoded strictly from ``[plugins.inference]``; every key has a safe default."""
