"""Per-principal request rates at the HTTP edge: a plugin says each caller's budget, the edge counts.

The framework knows no plugin: a plugin may provide a :class:`RatePolicy` (``Plugin(rate_policy=...)``)
and every process that serves HTTP (all-in-one, gateway) counts each principal's requests against
it, in a moving one-minute window kept in that process's memory (each gateway replica counts alone).
"""

from __future__ import annotations

import math
import time
from typing import Protocol

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from framework._context import Principal
from framework._errors import TooManyRequests

__all__ = ["PrincipalRateLimit", "RatePolicy"]


class RatePolicy(Protocol):
    """How many requests per minute a verified caller may make; None is no limit.

    Called on every authenticated request: keep the answer cached, and answer None (logging why)
    rather than raise when what it consults is unreachable, so the platform keeps serving.
    """

    async def requests_per_minute(self, principal: Principal) -> int | None: ...


class PrincipalRateLimit:
    """Counts each principal's requests against the budget its :class:`RatePolicy` gives; 429 past it."""

    def __init__(self, policy: RatePolicy) -> None:
        self.policy = policy
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._items: dict[int, RateLimitItem] = {}

    def _item(self, per_minute: int) -> RateLimitItem:
        item = self._items.get(per_minute)
        if item is None:
            item = self._items[per_minute] = RateLimitItemPerMinute(per_minute)
        return item

    async def check(self, principal: Principal) -> None:
        """Count one request of ``principal``; TooManyRequests (with Retry-After) when its budget is spent."""
        per_minute = await self.policy.requests_per_minute(principal)
        if per_minute is None:
            return
        item = self._item(per_minute)
        if await self._limiter.hit(item, principal.subject):
            return
        stats = await self._limiter.get_window_stats(item, principal.subject)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        raise TooManyRequests(
            f"you made {per_minute} requests in the last minute, the most your plan allows; "
            f"try again in {retry_after} s",
            retry_after=retry_after,
        )
