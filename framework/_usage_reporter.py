"""Publishes the HTTP edge's usage counts as ``turnout.usage`` events, on a timer and at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from framework._context import CallContext
from framework._events import EventBus
from framework._time import utcnow
from framework._usage import USAGE, UsageCounter, UsageReport

__all__ = ["UsageReporter"]

log = logging.getLogger("turnout.usage")

_PENDING_KEPT = 60  # reports kept while the bus refuses them; the oldest is dropped first


class UsageReporter:
    """Every ``interval`` seconds, turn ``counter``'s window into a report and publish it on ``events()``.

    A report the bus refuses is kept (at most ``_PENDING_KEPT``) and published again, with the
    same id, before the next one: consumers de-duplicate by id, so nothing is counted twice.
    """

    def __init__(self, counter: UsageCounter, interval: float, events: Callable[[], EventBus]) -> None:
        self.counter = counter
        self.interval = interval
        self._events = events
        self.instance = f"{socket.gethostname()}:{os.getpid()}"
        self._pending: deque[UsageReport] = deque(maxlen=_PENDING_KEPT)
        self._window_start = utcnow()

    async def flush(self) -> None:
        """End the current window: publish its report (when there was traffic) and any still pending."""
        now = utcnow()
        report = self.counter.take(self._window_start, now, self.instance)
        self._window_start = now
        if report is not None:
            if len(self._pending) == self._pending.maxlen:
                dropped = self._pending[0].window_start.isoformat()
                log.warning("usage report dropped: too many unpublished", extra={"window_start": dropped})
            self._pending.append(report)
        while self._pending:
            try:
                await self._events().publish(USAGE, self._pending[0], CallContext.system())
            except Exception as error:  # the bus is down: keep the report for the next window
                pending = len(self._pending)
                log.warning("usage report not published yet", extra={"error": str(error), "pending": pending})
                return
            self._pending.popleft()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.flush()
            except Exception:  # a failing report must not stop the next ones
                log.exception("usage report failed")

    @asynccontextmanager
    async def lifespan(self, _: object) -> AsyncIterator[None]:
        """Report on a timer while the app runs, and the last window as it stops (before the bus closes)."""
        self._window_start = utcnow()
        task = asyncio.create_task(self._run())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await self.flush()
