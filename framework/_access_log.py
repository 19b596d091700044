"""The HTTP access log: one JSON line per request, rendered by msgspec and written in batches.

A line costs a Struct and an ``encode_into`` on a shared buffer: no ``logging.LogRecord``, no
structlog processors, no write per request. The buffer goes out when it passes ``flush_bytes``,
``flush_interval`` seconds after its first line, and at shutdown (``flush``; ``atexit`` too).
Lines have the keys of every other log line (``timestamp``, ``level``, ``logger``, ``event``,
``correlation_id``), so one parser reads them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from datetime import UTC, datetime
from typing import BinaryIO
from urllib.parse import quote

import msgspec

from framework._tracing import current_trace_ids

__all__ = ["ACCESS_LOGGER", "AccessLine", "AccessLog"]

ACCESS_LOGGER = "turnout.access"
_MAX_PATH = 1024  # a longer path is cut: the log must not grow with whatever a client sends


def _escaped(path: str) -> str:
    """``path`` percent-encoded where it is not printable ASCII.

    JSON allows raw U+2028, NEL or control separators in a string, but line-based log readers split
    on them: one line per request must stay one line for every reader.
    """
    return quote(path, safe="/:@!$&'()*+,;=-._~%")


class AccessLine(msgspec.Struct, omit_defaults=True):
    """One request as the access log writes it."""

    timestamp: datetime  # msgspec writes it as structlog does: ISO 8601, microseconds, Z
    level: str
    logger: str
    event: str
    method: str
    path: str  # the query string is never logged: it may carry tokens or keys
    status: int
    duration_ms: float
    client: str | None
    correlation_id: str
    trace_id: str | None = None  # the request's span, when tracing is on
    span_id: str | None = None


class AccessLog:
    """Buffers access lines and writes them to ``stream`` (stdout by default) in batches."""

    def __init__(
        self,
        stream: BinaryIO | None = None,
        *,
        flush_interval: float = 0.5,
        flush_bytes: int = 64 * 1024,
    ) -> None:
        self._stream = stream if stream is not None else sys.stdout.buffer
        self.flush_interval = flush_interval
        self.flush_bytes = flush_bytes
        self._buffer = bytearray()
        self._encoder = msgspec.json.Encoder()
        self._timer: asyncio.TimerHandle | None = None

    def record(
        self, method: str, path: str, status: int, duration_s: float, client: str | None, correlation_id: str
    ) -> None:
        """Add one request's line; write the buffer now if it is full, else soon."""
        if not (path.isascii() and path.isprintable()):
            path = _escaped(path)
        if len(path) > _MAX_PATH:
            path = path[:_MAX_PATH] + "..."
        line = AccessLine(
            datetime.now(UTC),
            "info",
            ACCESS_LOGGER,
            "request",
            method,
            path,
            status,
            int(duration_s * 1_000_000) / 1000,  # whole microseconds; cheaper than round()
            client,
            correlation_id,
        )
        if (ids := current_trace_ids()) is not None:
            line.trace_id, line.span_id = ids
        self._encoder.encode_into(line, self._buffer, -1)
        self._buffer.append(0x0A)
        if len(self._buffer) >= self.flush_bytes:
            self.flush()
        elif self._timer is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # outside an event loop nothing would flush later
                self.flush()
                return
            self._timer = loop.call_later(self.flush_interval, self.flush)

    def flush(self) -> None:
        """Write every buffered line now."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._buffer:
            return
        # stdout closed or gone: nowhere left to log to, and no reason to fail a request over it.
        with contextlib.suppress(OSError, ValueError):
            self._stream.write(self._buffer)
            self._stream.flush()
        self._buffer.clear()
