"""Connecting to NATS: retried at start, reconnecting forever after."""

from __future__ import annotations

import asyncio
import logging
import time

import nats
from nats.aio.client import Client

__all__ = ["connect_nats"]

log = logging.getLogger("turnout.nats")


async def connect_nats(url: str, *, name: str, wait: float = 15.0) -> Client:
    """Connect to ``url``, retrying for up to ``wait`` seconds (the server may still be starting)."""

    client: Client | None = None

    async def disconnected() -> None:
        closing = client is not None and (client.is_closed or client.is_draining)
        log.log(logging.DEBUG if closing else logging.WARNING, "disconnected from NATS", extra={"url": url})

    async def reconnected() -> None:
        log.info("reconnected to NATS", extra={"url": url})

    async def error(exc: Exception) -> None:
        log.warning("NATS error: %s", exc)

    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            client = await nats.connect(
                url,
                name=name,
                connect_timeout=2,
                allow_reconnect=True,
                max_reconnect_attempts=-1,
                reconnect_time_wait=0.25,
                disconnected_cb=disconnected,
                reconnected_cb=reconnected,
                error_cb=error,
            )
            return client
        except (OSError, nats.errors.NoServersError, TimeoutError) as exc:
            if time.monotonic() + delay > deadline:
                raise ConnectionError(f"cannot reach NATS at {url}: {exc}") from exc
            await asyncio.sleep(delay)
            delay = min(delay * 2, 1.0)
