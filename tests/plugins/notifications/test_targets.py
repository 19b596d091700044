"""The webhook address check (no SSRF), with a fake resolver: every address a host resolves to counts."""

from __future__ import annotations

import asyncio

import pytest

from plugins.notifications.targets import Resolver, UnsafeTarget, check_target, refused_address


def resolver(*addresses: str) -> Resolver:
    async def resolve(host: str, port: int) -> list[str]:
        if host == "nowhere.invalid":
            raise OSError("no such host")
        return list(addresses)

    return resolve


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "224.0.0.1", "0.0.0.0", "::1",  # noqa: S104 - an address, not a bind
     "fe80::1%eth0", "fc00::1", "::ffff:127.0.0.1", "100.64.0.1", "ff02::1", "240.0.0.1"],
)  # fmt: skip
def test_non_public_addresses_are_refused(address: str) -> None:
    assert refused_address(address)
    with pytest.raises(UnsafeTarget, match="non-public"):
        asyncio.run(check_target("https://hooks.example.com/x", allow_private=False, resolve=resolver(address)))


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert not refused_address(address)
    asyncio.run(check_target("https://hooks.example.com/x", allow_private=False, resolve=resolver(address)))


def test_one_private_address_among_public_ones_is_refused() -> None:
    with pytest.raises(UnsafeTarget, match=r"10\.0\.0\.1"):
        asyncio.run(
            check_target("http://mixed.example.com", allow_private=False, resolve=resolver("8.8.8.8", "10.0.0.1"))
        )


def test_the_form_is_checked_even_when_private_targets_are_allowed() -> None:
    allowed = resolver("127.0.0.1")
    asyncio.run(check_target("http://127.0.0.1:8080/hook", allow_private=True, resolve=allowed))
    for url, why in (
        ("ftp://example.com/", "http or https"),
        ("http:///path", "no host"),
        ("https://user:secret@example.com/", "credentials"),
        ("http://example.com:99999/", "port"),
    ):
        with pytest.raises(UnsafeTarget, match=why):
            asyncio.run(check_target(url, allow_private=True, resolve=allowed))


def test_a_host_that_does_not_resolve_is_refused() -> None:
    with pytest.raises(UnsafeTarget, match="does not resolve"):
        asyncio.run(check_target("https://nowhere.invalid/", allow_private=False, resolve=resolver()))
    with pytest.raises(UnsafeTarget, match="does not resolve"):
        asyncio.run(check_target("https://empty.example.com/", allow_private=False, resolve=resolver()))


def test_a_literal_private_ip_is_refused_with_the_system_resolver() -> None:
    with pytest.raises(UnsafeTarget, match="non-public"):
        asyncio.run(check_target("http://127.0.0.1:9/", allow_private=False))
