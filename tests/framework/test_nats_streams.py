"""File bytes over NATS on a real nats-server: pulled in order, errors carried, abandoned transfers cleaned up."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import nats
import pytest

from framework import ServiceError
from framework.transports._nats_streams import StreamBroken, pull_chunks, serve_chunks
from tests._services import NatsServer
from tests._wait import eventually


class Source:
    """Chunks to serve, recording how far they were read and whether they were closed."""

    def __init__(self, chunks: list[bytes], fail_after: int | None = None) -> None:
        self.chunks = chunks
        self.fail_after = fail_after
        self.read = 0
        self.closed = False

    async def iterate(self) -> AsyncIterator[bytes]:
        try:
            for index, chunk in enumerate(self.chunks):
                if self.fail_after is not None and index == self.fail_after:
                    raise ServiceError("the disk went away", status=502)
                self.read += 1
                yield chunk
        finally:
            self.closed = True


async def test_chunks_arrive_whole_and_in_order(nats_server: NatsServer) -> None:
    nc = await nats.connect(nats_server.url)
    try:
        data = [os.urandom(300_000), b"", os.urandom(10), os.urandom(1_000_000)]  # larger than one message
        source = Source(data)
        served = await serve_chunks(nc, source.iterate())
        received = [chunk async for chunk in pull_chunks(nc, served.subject)]
        assert b"".join(received) == b"".join(data)
        assert all(len(chunk) <= 256 * 1024 for chunk in received)  # re-chunked under the payload limit
        await eventually(lambda: source.closed, within=5)
    finally:
        await nc.close()


async def test_an_error_while_reading_reaches_the_puller(nats_server: NatsServer) -> None:
    nc = await nats.connect(nats_server.url)
    try:
        source = Source([b"a" * 10, b"b" * 10, b"c" * 10], fail_after=1)
        served = await serve_chunks(nc, source.iterate())
        got: list[bytes] = []

        async def pull_all() -> None:
            async for chunk in pull_chunks(nc, served.subject):
                got.append(chunk)

        with pytest.raises(ServiceError) as raised:
            await pull_all()
        assert raised.value.status == 502
        assert "the disk went away" in str(raised.value.detail)
        assert got == [b"a" * 10]
        await eventually(lambda: source.closed, within=5)
    finally:
        await nc.close()


async def test_a_puller_that_stops_early_releases_the_sender(nats_server: NatsServer) -> None:
    nc = await nats.connect(nats_server.url)
    try:
        source = Source([b"x" * 100] * 50)
        served = await serve_chunks(nc, source.iterate(), idle_timeout=60)
        pulled = pull_chunks(nc, served.subject)
        assert await anext(pulled) == b"x" * 100
        await pulled.aclose()  # tells the sender: cancel
        await eventually(lambda: source.closed, within=5)
        assert source.read < 50
    finally:
        await nc.close()


async def test_an_abandoned_transfer_is_closed_after_its_idle_timeout(nats_server: NatsServer) -> None:
    """A puller that vanishes without a word (its process died): the sender gives up and closes its source."""
    nc = await nats.connect(nats_server.url)
    try:
        source = Source([b"y"] * 10)
        served = await serve_chunks(nc, source.iterate(), idle_timeout=0.3)
        reply = await nc.request(served.subject, b"", timeout=5)  # one pull by hand, then silence
        assert reply.data == b"y"
        await eventually(lambda: source.closed, within=5)
        assert source.read == 1
        with pytest.raises(StreamBroken):  # and the subject no longer answers
            await anext(pull_chunks(nc, served.subject, chunk_timeout=1))
    finally:
        await nc.close()


async def test_a_sender_that_is_gone_is_a_clear_error(nats_server: NatsServer) -> None:
    nc = await nats.connect(nats_server.url)
    try:
        with pytest.raises(StreamBroken) as raised:
            await anext(pull_chunks(nc, nc.new_inbox(), chunk_timeout=1))
        assert raised.value.status == 502
        assert "gone" in str(raised.value.detail)
    finally:
        await nc.close()


async def test_a_stopped_offer_is_released(nats_server: NatsServer) -> None:
    """The caller's side of an upload: once the service answered, what it did not pull is released."""
    nc = await nats.connect(nats_server.url)
    try:
        source = Source([b"z"] * 10)
        served = await serve_chunks(nc, source.iterate(), idle_timeout=60)
        assert (await nc.request(served.subject, b"", timeout=5)).data == b"z"
        served.stop()
        await eventually(lambda: source.closed, within=5)
        assert source.read == 1
    finally:
        await nc.close()
