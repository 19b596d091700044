"""Connecting to NATS: retried at start, reconnecting forever after, as the process's identity."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import nats
from nats.aio.client import Client

from framework._config import PlatformConfig
from framework._nats_credentials import NatsCredentials, credentials_for, inbox_prefix

__all__ = ["connect_as", "connect_nats"]

log = logging.getLogger("turnout.nats")


def _refused(exc: BaseException | None) -> bool:
    """Whether the server turned the credentials down (retrying will not help)."""
    text = str(exc).lower()
    return isinstance(exc, nats.errors.AuthorizationError) or "authorization violation" in text


def _auth_options(credentials: NatsCredentials | None) -> dict[str, Any]:
    if credentials is None:
        return {}
    options: dict[str, Any] = {"inbox_prefix": inbox_prefix(credentials.identity)}
    if credentials.nkey_seed_file is not None:
        options["nkeys_seed"] = str(credentials.nkey_seed_file)
    if credentials.creds_file is not None:
        options["user_credentials"] = str(credentials.creds_file)
    if credentials.tls is not None:
        options["tls"] = credentials.tls
    if credentials.tls_hostname is not None:
        options["tls_hostname"] = credentials.tls_hostname
    return options


class _Refused(Exception):
    """Raised from the error callback to end a first connect that the server refused."""


async def connect_nats(
    url: str, *, name: str, wait: float = 15.0, credentials: NatsCredentials | None = None
) -> Client:
    """Connect to ``url``, retrying for up to ``wait`` seconds (the server may still be starting).

    A server that refuses the credentials is not retried: that needs an operator, not time.
    """
    client = Client()
    connecting = True
    # nats-py reports every failed reconnect try (4 a second): the first of an outage is the news
    errors_logged = 0
    who = f" as {credentials.identity!r}" if credentials is not None else ""

    async def disconnected() -> None:
        closing = client.is_closed or client.is_draining
        log.log(logging.DEBUG if closing else logging.WARNING, "disconnected from NATS", extra={"url": url})

    async def reconnected() -> None:
        nonlocal errors_logged
        errors_logged = 0
        log.info("reconnected to NATS", extra={"url": url})

    async def error(exc: Exception) -> None:
        nonlocal errors_logged
        log.log(logging.WARNING if errors_logged == 0 else logging.DEBUG, "NATS error: %s", exc)
        errors_logged += 1
        if connecting and _refused(exc):
            raise _Refused from exc  # nats-py lets this end connect(); later errors are only logged

    try:
        await asyncio.wait_for(
            client.connect(
                url,
                name=name,
                connect_timeout=2,
                allow_reconnect=True,  # nats-py retries the first connect too, every reconnect_time_wait
                max_reconnect_attempts=-1,
                reconnect_time_wait=0.25,  # type: ignore[arg-type]  # annotated int; a float sleeps as well
                disconnected_cb=disconnected,
                reconnected_cb=reconnected,
                error_cb=error,
                **_auth_options(credentials),
            ),
            timeout=wait,
        )
    except _Refused:
        await client.close()
        raise ConnectionError(f"NATS at {url} refused the credentials{who}: authorization violation") from None
    except (TimeoutError, OSError, nats.errors.Error) as exc:
        await client.close()
        raise ConnectionError(f"cannot reach NATS at {url} within {wait:.0f} s: {exc!r}") from None
    connecting = False
    return client


async def connect_as(config: PlatformConfig, identity: str, *, wait: float = 15.0) -> Client:
    """Connect to ``[nats] url`` as ``identity`` (a service name, ``gateway`` or ``operator``)."""
    credentials = credentials_for(config, identity)
    return await connect_nats(
        config.nats.url, name=f"{config.platform.name}-{identity}", wait=wait, credentials=credentials
    )
