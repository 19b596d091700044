"""A lookup through another plugin's client, kept a few seconds per key, that never fails its caller.

For values a plugin reads from another on its hot path (a user's limits, say): a change applies
within ``ttl_seconds``, and when the other plugin cannot answer the caller gets None (logged) and
goes on with its own configured defaults.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

from cachetools import TTLCache

from framework._context import CallContext

__all__ = ["CachedLookup"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_MOST_KEYS = 100_000  # enough for every active user; an evicted key is only asked for again


class CachedLookup(Generic[K, V]):
    """``fetch`` kept ``ttl_seconds`` per key (0: asked every time); a failing fetch answers None.

    ``source`` and ``what`` name, in the warning a failure logs, who was asked and for what.
    """

    def __init__(
        self,
        fetch: Callable[[CallContext, K], Awaitable[V]],
        ttl_seconds: float,
        logger: logging.Logger,
        *,
        source: str,
        what: str,
    ) -> None:
        self._fetch = fetch
        self._logger = logger
        self._source = source
        self._what = what
        self._cache: TTLCache[K, V] | None = TTLCache(_MOST_KEYS, ttl_seconds) if ttl_seconds > 0 else None

    async def of(self, ctx: CallContext, key: K) -> V | None:
        """The value for ``key``, or None when it cannot be had (the failure is logged, never raised)."""
        if self._cache is not None and (cached := self._cache.get(key)) is not None:
            return cached
        try:
            value = await self._fetch(ctx, key)
        except Exception as error:  # an unreachable or failing provider: the caller keeps working on its defaults
            self._logger.warning(
                "%s did not answer for %s (%s: %s); using the configured defaults",
                self._source,
                self._what,
                type(error).__name__,
                error,
            )
            return None
        if self._cache is not None:
            self._cache[key] = value
        return value
