"""Deadlines for many calls at once, kept by one sweeping timer."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["DeadlineSweep"]

K = TypeVar("K", bound=Hashable)


class DeadlineSweep(Generic[K]):
    """Calls ``expire(key)`` for each watched key whose time is up, within ``interval`` seconds of it.

    A timer per call costs as much as the rest of a fast call's bookkeeping; one timer looking at
    every deadline serves them all, and runs only while something is watched.
    """

    def __init__(self, expire: Callable[[K], None], *, interval: float = 0.05) -> None:
        self._expire = expire
        self._interval = interval
        self._expires_at: dict[K, float] = {}
        self._timer: asyncio.TimerHandle | None = None

    def watch(self, key: K, within: float) -> None:
        """Expire ``key`` once ``within`` seconds have passed, unless it is forgotten first."""
        self._expires_at[key] = time.monotonic() + within
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._interval, self._sweep)

    def forget(self, key: K) -> None:
        self._expires_at.pop(key, None)

    def close(self) -> None:
        """Forget everything and stop the timer."""
        self._expires_at.clear()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _sweep(self) -> None:
        now = time.monotonic()
        for key in [key for key, expires_at in self._expires_at.items() if expires_at <= now]:
            del self._expires_at[key]
            self._expire(key)
        self._timer = asyncio.get_running_loop().call_later(self._interval, self._sweep) if self._expires_at else None
