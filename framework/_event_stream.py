"""Server-Sent Events: an open-ended streamed response, the same in both placements.

An operation whose success response is ``text/event-stream`` returns a :class:`Download` whose
chunks are SSE frames (build it with :func:`event_stream`). It travels like any download: as a
streamed HTTP body, pulled chunk by chunk over NATS when the plugin runs elsewhere. What makes
it a live stream rather than a file:

- the route sends it with ``Cache-Control: no-cache`` and ``X-Accel-Buffering: no`` and no
  ``Content-Disposition``; each frame is written as it is produced (no buffering);
- a comment frame (``: keep-alive``) goes out whenever nothing else did for ``heartbeat``
  seconds, which keeps proxies from closing an idle connection and the NATS pull (30 s per
  chunk) from giving up;
- it must end by itself within ``[gateway] transfer_timeout_seconds`` (the deadline of any
  streamed call): send ``retry:`` first, and the event ids; EventSource then reconnects with
  ``Last-Event-ID`` and the service resumes after it;
- the client going away stops the producer in both placements: its generator is cancelled
  (its ``finally`` runs) at once in one process, and at once over NATS too, where the
  gateway's cancel reaches the service while a frame is being waited for.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from framework._streams import Download, close_chunks

__all__ = ["EVENT_STREAM", "HEARTBEAT", "event_stream", "sse_frame"]

EVENT_STREAM = "text/event-stream"
HEARTBEAT = b": keep-alive\n\n"


def sse_frame(
    data: str, *, event: str | None = None, id: int | str | None = None, retry_ms: int | None = None
) -> bytes:
    """One SSE frame; every line of ``data`` becomes a ``data:`` line.

    >>> sse_frame('{"a": 1}', event="tick", id=7)
    b'id: 7\\nevent: tick\\ndata: {"a": 1}\\n\\n'
    """
    lines: list[str] = []
    if id is not None:
        lines.append(f"id: {id}")
    if event is not None:
        lines.append(f"event: {event}")
    if retry_ms is not None:
        lines.append(f"retry: {retry_ms}")
    lines.extend(f"data: {line}" for line in data.splitlines() or [""])
    return ("\n".join(lines) + "\n\n").encode()


async def _with_heartbeats(frames: AsyncIterator[bytes], every: float) -> AsyncIterator[bytes]:
    """``frames``, with a heartbeat whenever none came for ``every`` seconds.

    The next frame is awaited in a task of its own, so a heartbeat never interrupts the source;
    closing this iterator (or cancelling its reader) cancels that task, which stops the source.
    """
    pending: asyncio.Task[bytes] | None = None
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(anext(frames))
            done, _ = await asyncio.wait({pending}, timeout=every)
            if not done:
                yield HEARTBEAT
                continue
            task, pending = pending, None
            try:
                frame = task.result()
            except StopAsyncIteration:
                return
            yield frame
    finally:
        if pending is not None:
            pending.cancel()
            with contextlib.suppress(BaseException):  # its outcome no longer matters: the stream is over
                await pending
        await close_chunks(frames)


def event_stream(frames: AsyncIterator[bytes], *, heartbeat: float = 15.0) -> Download:
    """A ``text/event-stream`` result of ``frames`` (see :func:`sse_frame`), with heartbeats."""
    return Download("events", EVENT_STREAM, _with_heartbeats(frames, heartbeat))
