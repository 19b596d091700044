"""``[plugins.admin]`` settings."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from framework import PluginConfig

__all__ = ["AdminConfig"]


class AdminConfig(PluginConfig):
    """Decoded strictly from ``[plugins.admin]``; every key has a safe default."""

    # The span of the dashboard's request and error figures.
    dashboard_window_seconds: Annotated[int, Meta(ge=60, le=86_400)] = 300

    # -- tiers: the default tier, created with these limits at first start, applies to users with none
    default_tier: Annotated[str, Meta(pattern="^[a-z0-9][a-z0-9_-]{0,39}$")] = "free"
    default_file_quota_bytes: Annotated[int, Meta(ge=0)] = 1024 * 1024 * 1024
    default_simulation_max_path_steps: Annotated[int, Meta(ge=1)] = 2_000_000_000
    # Unfinished (queued or running) simulations: simulation's own default 20 queued + 2 running.
    default_simulation_max_concurrent_jobs: Annotated[int, Meta(ge=1)] = 22
    # None: no per-user request rate (the gateway's own rate_limit_per_minute still applies).
    default_requests_per_minute: Annotated[int, Meta(ge=1)] | None = None
    # How long the HTTP edge keeps a user's requests_per_minute before asking again (a change applies within it).
    rate_limit_cache_seconds: Annotated[float, Meta(ge=0)] = 5.0
