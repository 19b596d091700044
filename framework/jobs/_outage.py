"""Retrying a repeated database action quietly: one log line when it starts failing, one when it recovers.

A job worker polls the database every second or so; while the database is down, a traceback per poll
would bury everything else in the log. :class:`FailureStreak` logs the first failure of a streak
(a warning for an unreachable database, with a traceback for anything else), stays quiet while
the same failure repeats (a reminder every minute), backs off exponentially, and logs once when
the action works again.
"""

from __future__ import annotations

import logging
import sqlite3
import time

import asyncpg

from framework._errors import DatabaseUnavailable

__all__ = ["FailureStreak", "database_unreachable"]

# SQLite errors that mean "not now" (a lock held too long, a file that cannot be opened), not a bad query.
_SQLITE_TRANSIENT = ("locked", "busy", "unable to open", "disk i/o")


def database_unreachable(error: BaseException) -> bool:
    """True when ``error`` says the database cannot be reached now, rather than that something is wrong."""
    if isinstance(error, DatabaseUnavailable | OSError | asyncpg.PostgresConnectionError):
        return True  # OSError covers refused connections and timeouts on the way to the server
    if isinstance(error, asyncpg.exceptions.OperatorInterventionError):
        return True  # the server is shutting down or not yet accepting connections
    if isinstance(error, asyncpg.InterfaceError):
        return "closed" in str(error)  # a pooled connection the server dropped; other InterfaceErrors are bugs
    if isinstance(error, asyncpg.exceptions.InternalClientError):
        # An idle pooled connection the server just terminated: asyncpg's protocol state is left mid-operation.
        return "another operation" in str(error)
    if isinstance(error, sqlite3.OperationalError):
        return any(word in str(error).lower() for word in _SQLITE_TRANSIENT)
    return False


class FailureStreak:
    """Consecutive failures of one repeated action (``what``): what to log, and how long to wait before the next try.

    >>> streak = FailureStreak("claiming a job", logging.getLogger("doctest"), base_seconds=1.0, max_seconds=4.0)
    >>> [streak.failed(OSError("refused")) for _ in range(4)]
    [1.0, 2.0, 4.0, 4.0]
    >>> streak.succeeded()
    True
    >>> streak.succeeded()
    False
    """

    def __init__(
        self,
        what: str,
        logger: logging.Logger,
        *,
        base_seconds: float,
        max_seconds: float,
        remind_seconds: float = 60.0,
    ) -> None:
        self.what = what
        self.logger = logger
        self.base_seconds = base_seconds
        self.max_seconds = max(max_seconds, base_seconds)
        self.remind_seconds = remind_seconds
        self.failures = 0
        self._since = 0.0
        self._last_log = 0.0
        self._kind: str | None = None  # what failed last: "unreachable", or the error's class

    def failed(self, error: BaseException) -> float:
        """Record a failure; log it if it starts a streak or differs from the last; return the pause before retrying."""
        now = time.monotonic()
        unreachable = database_unreachable(error)
        # One outage is one streak whatever the driver raises on the way (a dropped connection, then refusals).
        kind = "unreachable" if unreachable else f"{type(error).__module__}.{type(error).__qualname__}"
        if self.failures == 0:
            self._since = now
        self.failures += 1
        if kind != self._kind:
            self._kind = kind
            self._last_log = now
            if unreachable:
                # DatabaseUnavailable was logged once by the database layer already: one warning per outage
                level = logging.INFO if isinstance(error, DatabaseUnavailable) else logging.WARNING
                self.logger.log(level, "%s: the database is unreachable (%s); retrying with backoff", self.what, error)
            else:
                self.logger.error("%s failed; retrying with backoff", self.what, exc_info=error)
        elif now - self._last_log >= self.remind_seconds:
            self._last_log = now
            self.logger.log(
                logging.INFO if isinstance(error, DatabaseUnavailable) else logging.WARNING,
                "%s still failing after %d tries over %.0f s (%s)",
                self.what,
                self.failures,
                now - self._since,
                error,
            )
        return min(self.base_seconds * 2.0 ** min(self.failures - 1, 32), self.max_seconds)

    def succeeded(self) -> bool:
        """Record a success; True (and one log line) when it ends a streak of failures."""
        if self.failures == 0:
            return False
        self.logger.info(
            "%s works again after %d failed tries over %.1f s",
            self.what,
            self.failures,
            time.monotonic() - self._since,
        )
        self.failures = 0
        self._kind = None
        return True
