"""Server-Sent Events: frames, heartbeats while the source is quiet, and a source stopped when its reader leaves."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import nats

from framework import EVENT_STREAM, event_stream, sse_frame
from framework.transports._nats_streams import pull_chunks, serve_chunks
from tests._services import NatsServer
from tests._wait import eventually


class Quiet:
    """A source that sends one frame, then waits until released; records whether it was stopped."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.stopped = False

    async def frames(self) -> AsyncIterator[bytes]:
        try:
            yield sse_frame("first", id=1)
            await self.release.wait()
            yield sse_frame("second", id=2)
        except asyncio.CancelledError:
            self.stopped = True
            raise


def test_a_frame_has_its_id_event_and_every_data_line() -> None:
    frame = sse_frame("a\nb", event="tick", id=7, retry_ms=1000)
    assert frame == b"id: 7\nevent: tick\nretry: 1000\ndata: a\ndata: b\n\n"
    assert sse_frame("") == b"data: \n\n"


async def test_heartbeats_fill_the_silence_without_disturbing_the_source() -> None:
    source = Quiet()
    stream = event_stream(source.frames(), heartbeat=0.01)
    assert stream.content_type == EVENT_STREAM
    chunks = stream.chunks
    assert await anext(chunks) == b"id: 1\ndata: first\n\n"
    assert await anext(chunks) == b": keep-alive\n\n"
    assert await anext(chunks) == b": keep-alive\n\n"
    source.release.set()
    while (chunk := await anext(chunks)) == b": keep-alive\n\n":
        pass
    assert chunk == b"id: 2\ndata: second\n\n"
    assert not source.stopped


async def test_closing_the_stream_cancels_the_source_where_it_waits() -> None:
    source = Quiet()
    stream = event_stream(source.frames(), heartbeat=3600)
    assert await anext(stream.chunks) == b"id: 1\ndata: first\n\n"
    reader = asyncio.ensure_future(anext(stream.chunks))
    await asyncio.sleep(0)
    reader.cancel()  # the reader leaves while the source waits (a client that disconnects)
    await asyncio.gather(reader, return_exceptions=True)
    assert source.stopped


async def test_over_nats_a_cancel_reaches_a_source_that_waits(nats_server: NatsServer) -> None:
    # No heartbeat for an hour: only the puller's cancel can stop the source before then.
    source = Quiet()
    stream = event_stream(source.frames(), heartbeat=3600)
    nc = await nats.connect(nats_server.url)
    try:
        served = await serve_chunks(nc, stream.chunks)
        pulled = pull_chunks(nc, served.subject)
        assert await anext(pulled) == b"id: 1\ndata: first\n\n"
        waiting = asyncio.ensure_future(anext(pulled))
        await asyncio.sleep(0.05)
        waiting.cancel()  # the gateway's reader left: pull_chunks tells the sender
        await asyncio.gather(waiting, return_exceptions=True)
        await pulled.aclose()
        await eventually(lambda: source.stopped, within=10.0)
    finally:
        await nc.close()
