"""The client's address: the socket peer, or what trusted proxies say in ``X-Forwarded-For``."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

__all__ = ["TrustedProxies"]

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse(value: str) -> _Address | None:
    try:
        address = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    # An IPv4 peer seen through an IPv6 socket is still that IPv4 address.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class TrustedProxies:
    """The ``[gateway] trusted_proxies`` networks, and the client address they let a request claim.

    >>> proxies = TrustedProxies(["10.0.0.0/8"])
    >>> proxies.client_address("10.0.0.5", ["203.0.113.9, 10.0.0.7"])
    '203.0.113.9'
    >>> proxies.client_address("198.51.100.1", ["203.0.113.9"])
    '198.51.100.1'
    """

    def __init__(self, networks: Iterable[str]) -> None:
        self.networks: tuple[_Network, ...] = tuple(ipaddress.ip_network(n, strict=False) for n in networks)

    def trusts(self, address: _Address) -> bool:
        """Whether ``address`` is one of the trusted proxies."""
        return any(address.version == net.version and address in net for net in self.networks)

    def client_address(self, peer: str, forwarded_for: Sequence[str]) -> str:
        """The right-most address in the chain peer <- X-Forwarded-For that is not a trusted proxy.

        ``forwarded_for`` holds the values of every ``X-Forwarded-For`` header, in order. From an
        untrusted peer they are ignored: anyone can write that header. A malformed entry ends the
        walk at the proxy that passed it on, since nothing left of it can be believed.
        """
        hop = _parse(peer)
        if hop is None or not self.networks or not self.trusts(hop):
            return peer
        entries = [entry for value in forwarded_for for entry in value.split(",") if entry.strip()]
        for entry in reversed(entries):
            address = _parse(entry)
            if address is None:
                break
            hop = address
            if not self.trusts(hop):
                break
        return str(hop)
