"""Login throttling: too many failures for one account or one address -> 429 with Retry-After."""

from __future__ import annotations

import math
import time

from limits import RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from framework import TooManyRequests

__all__ = ["LoginThrottle"]


class LoginThrottle:
    """Counts failed logins in a moving window, per account and per client address."""

    def __init__(self, *, per_account: int, per_address: int, window_seconds: int) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._account = RateLimitItemPerSecond(per_account, window_seconds)
        self._address = RateLimitItemPerSecond(per_address, window_seconds)

    async def check(self, account: str, address: str | None) -> None:
        """Raise TooManyRequests when either budget of failures is spent."""
        for item, key in ((self._account, ("account", account)), (self._address, ("address", address or "-"))):
            if not await self._limiter.test(item, *key):
                stats = await self._limiter.get_window_stats(item, *key)
                retry_after = max(1, math.ceil(stats.reset_time - time.time()))
                raise TooManyRequests("too many failed logins; try again later", retry_after=retry_after)

    async def failed(self, account: str, address: str | None) -> None:
        await self._limiter.hit(self._account, "account", account)
        await self._limiter.hit(self._address, "address", address or "-")

    async def succeeded(self, account: str) -> None:
        await self._limiter.clear(self._account, "account", account)
