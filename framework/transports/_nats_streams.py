"""File bytes over NATS: the receiver pulls chunks one request at a time from the sender's inbox.

Pulling gives flow control for free (the sender reads a chunk only when one is asked for) and
keeps every message under the payload limit. The sender answers ``Turnout-Stream: end`` after
the last chunk, or an error reply; it stops serving when the receiver says ``cancel`` or after
``idle_timeout`` without a pull, and always closes its source.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Callable

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import NoRespondersError
from nats.errors import TimeoutError as NatsTimeoutError

from framework._errors import ServiceError, StreamBroken
from framework._streams import CHUNK_SIZE, close_chunks, rechunk
from framework.transports._wire import ERROR_CODE, error_from_reply, error_reply

__all__ = ["DOWNLOAD", "UPLOAD", "Served", "StreamBroken", "pull_chunks", "serve_chunks"]

log = logging.getLogger("turnout.streams")

UPLOAD = "Turnout-Upload"  # request header: where the service pulls the caller's file from
DOWNLOAD = "Turnout-Download"  # reply header: where the caller pulls the service's file from
_STREAM = "Turnout-Stream"
_END = {_STREAM: "end"}
_CANCEL = {_STREAM: "cancel"}


class Served:
    """A file being served on ``subject``; ``stop()`` ends it early (the call failed before reading it)."""

    def __init__(self, subject: str, stop: Callable[[], None]) -> None:
        self.subject = subject
        self.stop = stop


async def serve_chunks(nc: Client, chunks: AsyncIterator[bytes], *, idle_timeout: float = 30.0) -> Served:
    """Serve ``chunks`` to one puller on a fresh inbox subject."""
    subject = nc.new_inbox()
    source = rechunk(chunks, CHUNK_SIZE)
    finished = False
    activity = asyncio.Event()  # set on every pull, and once more when the transfer is over

    pending: asyncio.Task[None] | None = None  # the pull being answered

    async def send_next(msg: Msg) -> None:
        nonlocal finished
        try:
            chunk = await anext(source)
        except StopAsyncIteration:
            finished = True
            await nc.publish(msg.reply, b"", headers=_END)
        except ServiceError as error:
            finished = True
            body, headers = error_reply(error, None)
            await nc.publish(msg.reply, body, headers=headers)
        except Exception:  # the puller gets a problem, not silence
            finished = True
            log.exception("reading a file to send failed")
            body, headers = error_reply(ServiceError("reading the file failed", status=500), None)
            await nc.publish(msg.reply, body, headers=headers)
        else:
            await msg.respond(chunk)
        finally:
            activity.set()

    async def answer(msg: Msg) -> None:
        # Each pull is answered in a task of its own: a source that waits (a live event stream)
        # must not hold back a cancel, which this subscription's callbacks would otherwise queue.
        nonlocal finished, pending
        activity.set()
        if finished:
            return
        if (msg.headers or {}).get(_STREAM) == "cancel":
            finished = True
            if pending is not None:
                pending.cancel()  # stops the source where it waits; its cleanup runs now
            return
        pending = asyncio.get_running_loop().create_task(send_next(msg))
        _watchers.add(pending)
        pending.add_done_callback(_watchers.discard)

    subscription = await nc.subscribe(subject, cb=answer)

    async def watch() -> None:
        try:
            while not finished:
                activity.clear()
                try:
                    await asyncio.wait_for(activity.wait(), idle_timeout)
                except TimeoutError:
                    if pending is not None and not pending.done():
                        continue  # a pull is being answered: the source is slow, not abandoned
                    log.warning("a file transfer on %s was abandoned: no pull for %.0f s", subject, idle_timeout)
                    return
        finally:
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()
            if pending is not None and not pending.done():
                pending.cancel()
                with contextlib.suppress(BaseException):  # a cancelled pull has nothing left to say
                    await pending
            for closing in (source, chunks):
                with contextlib.suppress(Exception):  # a source failing to close must not stop the other
                    await close_chunks(closing)

    def stop() -> None:
        nonlocal finished
        finished = True
        activity.set()

    task = asyncio.get_running_loop().create_task(watch())
    _watchers.add(task)
    task.add_done_callback(_watchers.discard)
    return Served(subject, stop)


_watchers: set[asyncio.Task[None]] = set()  # strong references: the loop keeps only weak ones


async def pull_chunks(nc: Client, subject: str, *, chunk_timeout: float = 30.0) -> AsyncGenerator[bytes, None]:
    """The chunks served on ``subject``, pulled one at a time; closing early tells the sender."""
    complete = False
    try:
        while True:
            try:
                reply = await nc.request(subject, b"", timeout=chunk_timeout)
            except NoRespondersError:
                raise StreamBroken("the sender of the file is gone") from None
            except NatsTimeoutError:
                raise StreamBroken(f"the sender of the file did not answer within {chunk_timeout:.0f} s") from None
            headers = reply.headers or {}
            if ERROR_CODE in headers:
                complete = True
                raise error_from_reply(reply.data, headers)
            if headers.get(_STREAM) == "end":
                complete = True
                return
            yield reply.data
    finally:
        if not complete and not nc.is_closed:
            with contextlib.suppress(Exception):
                await nc.publish(subject, b"", headers=_CANCEL)
