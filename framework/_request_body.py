"""How the edge reads a request body: never stalled for long, and drained before an early answer."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from framework._errors import BODY_TIMEOUT_DETAIL, BodyTimeout

__all__ = ["BODY_TIMEOUT_DETAIL", "BodyReceive", "BodyTimeout"]

# An answer given before the body was read (413, 401 on an upload) waits for at most this much
# of the rest: a client still sending when the connection closes would lose the answer to a reset.
_DRAIN_LIMIT = 8 * 1024 * 1024


def _declared_length(scope: dict[str, Any]) -> int | None:
    """The body length the request declares: its Content-Length, -1 when chunked, None for no body."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
        if name == b"transfer-encoding" and b"chunked" in value.lower():
            return -1
    return None


class BodyReceive:
    """``receive`` that raises :class:`BodyTimeout` when a body message is ``timeout`` seconds in coming."""

    __slots__ = ("body_done", "declared", "receive", "timed_out", "timeout")

    def __init__(self, scope: dict[str, Any], receive: Any, timeout: float | None) -> None:
        self.receive = receive
        self.timeout = timeout
        self.declared = _declared_length(scope)
        self.body_done = not self.declared  # nothing to read, or an empty body
        self.timed_out = False

    async def __call__(self) -> dict[str, Any]:
        if self.timed_out:  # a drain after the refusal must not wait again
            raise BodyTimeout
        if self.body_done:  # waiting for a disconnect is not a stalled body
            message: dict[str, Any] = await self.receive()
            return message
        try:
            async with asyncio.timeout(self.timeout):
                message = await self.receive()
        except TimeoutError:
            self.timed_out = True
            raise BodyTimeout from None
        if message["type"] != "http.request" or not message.get("more_body", False):
            self.body_done = True
        return message

    async def drain(self) -> None:
        """Read and drop what is left of a body of reasonable size, so the client reads the answer."""
        if self.body_done or self.timed_out or self.declared is None or self.declared > _DRAIN_LIMIT:
            return
        drained = 0
        with contextlib.suppress(BodyTimeout):
            while not self.body_done and drained <= _DRAIN_LIMIT:
                drained += len((await self()).get("body", b""))
