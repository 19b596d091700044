"""Where webhooks may go: http(s) URLs whose host resolves to public addresses only (no SSRF)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

__all__ = ["Resolver", "UnsafeTarget", "check_target", "refused_address", "system_resolver"]

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""Resolves a host and port to every address it names (as text)."""


class UnsafeTarget(ValueError):
    """The URL may not be used as a webhook target; the message says why."""


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host``."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def refused_address(address: str) -> bool:
    """True for loopback, private, link-local, multicast, reserved and any other non-public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone id names a local interface
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_multicast or not ip.is_global


async def check_target(url: str, *, allow_private: bool, resolve: Resolver = system_resolver) -> None:
    """Raise :class:`UnsafeTarget` unless ``url`` is http(s) with a host whose every address is public.

    With ``allow_private`` only the form is checked. Every address counts: a host that resolves to
    one public and one private address is refused.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeTarget("the URL must be http or https")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise UnsafeTarget("the URL's port is not a number from 0 to 65535") from None
    if not host:
        raise UnsafeTarget("the URL names no host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeTarget("the URL must not carry credentials; the signature authenticates the sender")
    if allow_private:
        return
    try:
        addresses = await resolve(host, port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError):
        raise UnsafeTarget(f"the host {host!r} does not resolve") from None
    if not addresses:
        raise UnsafeTarget(f"the host {host!r} does not resolve")
    for address in addresses:
        if refused_address(address):
            raise UnsafeTarget(f"the host {host!r} resolves to a non-public address ({address}), which is refused")
