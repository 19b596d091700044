"""The HTTP edge's per-user request rate, read from each user's tier through the admin service."""

from __future__ import annotations

import logging
import uuid

from cachetools import TTLCache

from framework import CallContext, Principal, RatePolicy
from generated.admin import AdminService
from plugins.admin.config import AdminConfig

__all__ = ["TierRatePolicy", "tier_rate_policy"]

log = logging.getLogger("turnout.admin.rate")

# Enough for every active user of a busy gateway; an evicted one is only asked for again.
_CACHED_USERS = 100_000


class TierRatePolicy:
    """The caller's tier's ``requests_per_minute``, kept ``ttl_seconds``; no limit while admin is unreachable."""

    def __init__(self, admin: AdminService, ttl_seconds: float) -> None:
        self.admin = admin
        self._cache: TTLCache[str, int | None] | None = (
            TTLCache(_CACHED_USERS, ttl_seconds) if ttl_seconds > 0 else None
        )

    async def requests_per_minute(self, principal: Principal) -> int | None:
        if "admin" in principal.roles:
            return None  # a tier never locks an admin out of the API that changes tiers
        if self._cache is not None and principal.subject in self._cache:
            return self._cache[principal.subject]
        try:
            user_id = uuid.UUID(principal.subject)
        except ValueError:
            return None  # not a user (no tier can name it)
        try:
            limits = await self.admin.get_user_limits(CallContext.system(timeout=2.0), user_id=user_id)
        except Exception as error:  # unreachable or failing admin: keep serving, without a per-user limit
            log.warning("no request rate for a user: the admin service did not answer (%s)", type(error).__name__)
            return None
        rate = limits.requests_per_minute if isinstance(limits.requests_per_minute, int) else None
        if self._cache is not None:
            self._cache[principal.subject] = rate
        return rate


def tier_rate_policy(admin: AdminService, config: AdminConfig) -> RatePolicy:
    """The Plugin's ``rate_policy`` factory."""
    return TierRatePolicy(admin, config.rate_limit_cache_seconds)
