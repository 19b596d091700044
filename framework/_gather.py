"""Ask everyone listening on a NATS subject and keep every answer that arrives within a wait."""

from __future__ import annotations

import asyncio
import contextlib

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import Error as NatsError

__all__ = ["gather_replies"]


async def gather_replies(nc: Client, subject: str, *, wait: float, payload: bytes = b"") -> list[Msg]:
    """Publish to ``subject`` and collect the replies for ``wait`` seconds (how many will answer is not known).

    A NATS error while asking propagates; one while unsubscribing (the connection closing) does not.
    """
    replies: list[Msg] = []

    async def collect(msg: Msg) -> None:
        replies.append(msg)

    inbox = nc.new_inbox()
    subscription = await nc.subscribe(inbox, cb=collect)
    try:
        await nc.publish(subject, payload, reply=inbox)
        await nc.flush()
        await asyncio.sleep(wait)
    finally:
        with contextlib.suppress(NatsError):
            await subscription.unsubscribe()
    return replies
