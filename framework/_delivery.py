"""The one delivery policy of events: how often a handler is tried, how long between tries, what then.

Both buses and the dead-letter replayer apply it, so a handler sees the same in either placement.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from framework._config import EventsConfig

__all__ = ["DeadEvent", "DeadLetterSink", "DeliveryPolicy", "FailedDelivery", "error_text", "sleep"]

_MAX_ERROR_CHARS = 1000
# Credentials that exception texts are known to carry: a URL's password, key=value secrets, bearer tokens.
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][\w+.-]*://[^:/@\s]+:)[^@\s]+@")
_KEY_VALUE = re.compile(r"(?i)\b(?P<key>password|passwd|secret|token|api[_-]?key|authorization)(?P<sep>\s*[=:]\s*)\S+")
_BEARER = re.compile(r"(?i)\bbearer\s+[\w.~+/-]+=*")


def error_text(error: BaseException) -> str:
    """The error as an operator reads it in a dead letter: class and message, secrets masked, bounded.

    >>> error_text(ConnectionError("postgresql://app:hunter2@db/x refused; token=abc"))
    'ConnectionError: postgresql://app:***@db/x refused; token=***'
    """
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    text = _URL_PASSWORD.sub(r"\g<head>***@", text)
    text = _KEY_VALUE.sub(r"\g<key>\g<sep>***", text)
    text = _BEARER.sub("Bearer ***", text)
    return text if len(text) <= _MAX_ERROR_CHARS else text[: _MAX_ERROR_CHARS - 3] + "..."


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    """``max_attempts`` tries per event and subscriber, exponential backoff between them, capped."""

    max_attempts: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    ack_wait: float = 30.0  # split: a try that runs longer is taken as crashed

    @classmethod
    def of(cls, settings: EventsConfig) -> DeliveryPolicy:
        return cls(
            settings.max_attempts,
            settings.backoff_base_seconds,
            settings.backoff_max_seconds,
            settings.ack_wait_seconds,
        )

    def delay(self, failed_attempt: int) -> float:
        """Seconds to wait after try number ``failed_attempt`` (from 1) failed.

        >>> [DeliveryPolicy(backoff_base=1.0, backoff_max=5.0).delay(n) for n in (1, 2, 3, 4)]
        [1.0, 2.0, 4.0, 5.0]
        """
        return float(min(self.backoff_base * 2 ** (failed_attempt - 1), self.backoff_max))

    def worst_case_seconds(self) -> float:
        """How long all tries of one event may take, each running up to ``ack_wait``: a replay's lease."""
        waits = sum(self.delay(n) for n in range(1, self.max_attempts))
        return waits + self.max_attempts * self.ack_wait

    async def run(
        self, attempt: Callable[[], Awaitable[None]], wait: Callable[[float], Awaitable[bool]]
    ) -> FailedDelivery | None:
        """Try ``attempt`` up to ``max_attempts`` times in this process; None once one succeeded.

        ``wait(seconds)`` sleeps between tries and answers False when the process is stopping:
        the tries end there, as failed, so the event becomes a dead letter rather than vanish.
        """
        first_failed: float | None = None
        for number in range(1, self.max_attempts + 1):
            try:
                await attempt()
                return None
            except Exception as error:  # a failing handler is retried; it must be idempotent
                now = time.time()
                first_failed = now if first_failed is None else first_failed
                text = error_text(error)
                if number == self.max_attempts:
                    return FailedDelivery(number, text, first_failed, now)
            if not await wait(self.delay(number)):
                return FailedDelivery(number, f"{text} (stopped before the next try)", first_failed, now)
        raise AssertionError("unreachable: max_attempts is at least 1")


async def sleep(seconds: float) -> bool:
    """A ``wait`` for :meth:`DeliveryPolicy.run` that never stops early."""
    await asyncio.sleep(seconds)
    return True


@dataclass(frozen=True, slots=True)
class FailedDelivery:
    """How the tries of one event ended: their count, the last error's text, first and last failure times."""

    attempts: int
    last_error: str
    first_failed_at: float
    last_failed_at: float


@dataclass(frozen=True, slots=True)
class DeadEvent:
    """An event whose every try failed, as a dead-letter record keeps it."""

    event: str
    event_id: str
    plugin: str
    payload: bytes
    correlation_id: str
    failure: FailedDelivery


class DeadLetterSink(Protocol):
    """Where a bus writes an event whose last try failed (the subscriber's database)."""

    async def record(self, dead: DeadEvent) -> None: ...
