"""Each user's limits as their tier sets them, read through the admin service and kept a few seconds.

A change of tier or of a tier's limits applies within ``limits_cache_seconds``. When admin does
not answer, the caller gets None (logged) and keeps this plugin's own configured limits.
"""

from __future__ import annotations

import logging
import uuid

from framework import CachedLookup, CallContext
from generated.admin import AdminService
from generated.admin.models import UserLimits

__all__ = ["UserLimitsReader"]


class UserLimitsReader(CachedLookup[uuid.UUID, UserLimits]):
    """``get_user_limits`` of the admin service, kept ``ttl_seconds`` per user (0: asked every time)."""

    def __init__(self, admin: AdminService, ttl_seconds: float, logger: logging.Logger) -> None:
        async def fetch(ctx: CallContext, user_id: uuid.UUID) -> UserLimits:
            return await admin.get_user_limits(ctx, user_id=user_id)

        super().__init__(fetch, ttl_seconds, logger, source="the admin service", what="a user's limits")
