"""The HTTP edge's per-user request rate, read from each user's tier through the admin service."""

from __future__ import annotations

import logging
import uuid

from framework import CachedLookup, CallContext, Principal, RatePolicy
from generated.admin import AdminService
from generated.admin.models import UserLimits
from plugins.admin.config import AdminConfig

__all__ = ["TierRatePolicy", "tier_rate_policy"]

log = logging.getLogger("turnout.admin.rate")


class TierRatePolicy:
    """The caller's tier's ``requests_per_minute``, kept ``ttl_seconds``; no limit while admin is unreachable."""

    def __init__(self, admin: AdminService, ttl_seconds: float) -> None:
        async def fetch(ctx: CallContext, user_id: uuid.UUID) -> UserLimits:
            return await admin.get_user_limits(ctx, user_id=user_id)

        self._limits = CachedLookup(fetch, ttl_seconds, log, source="the admin service", what="a user's request rate")

    async def requests_per_minute(self, principal: Principal) -> int | None:
        if "admin" in principal.roles:
            return None  # a tier never locks an admin out of the API that changes tiers
        try:
            user_id = uuid.UUID(principal.subject)
        except ValueError:
            return None  # not a user (no tier can name it)
        limits = await self._limits.of(CallContext.system(timeout=2.0), user_id)
        if limits is None:  # unreachable or failing admin (logged): keep serving, without a per-user limit
            return None
        return limits.requests_per_minute if isinstance(limits.requests_per_minute, int) else None


def tier_rate_policy(admin: AdminService, config: AdminConfig) -> RatePolicy:
    """The Plugin's ``rate_policy`` factory."""
    return TierRatePolicy(admin, config.rate_limit_cache_seconds)
