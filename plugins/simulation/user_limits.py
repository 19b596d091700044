"""Each user's limits as their tier sets them, read through the admin service and kept a few seconds.

A change of tier or of a tier's limits applies within ``limits_cache_seconds``. When admin does
not answer, the caller gets None (logged) and keeps this plugin's own configured limits.
"""

from __future__ import annotations

import logging
import uuid

from cachetools import TTLCache

from framework import CallContext
from generated.admin import AdminService
from generated.admin.models import UserLimits

__all__ = ["UserLimitsReader"]

# Enough for every active user; an evicted one is only asked for again.
_CACHED_USERS = 100_000


class UserLimitsReader:
    """``get_user_limits`` of the admin service, kept ``ttl_seconds`` per user (0: asked every time)."""

    def __init__(self, admin: AdminService, ttl_seconds: float, logger: logging.Logger) -> None:
        self.admin = admin
        self.logger = logger
        self._cache: TTLCache[uuid.UUID, UserLimits] | None = None
        if ttl_seconds > 0:
            self._cache = TTLCache(_CACHED_USERS, ttl_seconds)

    async def of(self, ctx: CallContext, user_id: uuid.UUID) -> UserLimits | None:
        """The user's limits, or None when admin cannot say (its failure is logged, never raised)."""
        if self._cache is not None and (cached := self._cache.get(user_id)) is not None:
            return cached
        try:
            limits = await self.admin.get_user_limits(ctx, user_id=user_id)
        except Exception as error:  # unreachable or failing admin: the plugin keeps working on its defaults
            self.logger.warning(
                "admin did not answer for a user's limits (%s: %s); using the configured defaults",
                type(error).__name__,
                error,
            )
            return None
        if self._cache is not None:
            self._cache[user_id] = limits
        return limits
