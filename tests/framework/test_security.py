"""JwtVerifier: JWKS cached, refreshed on an unknown key id (rotation), verified tokens remembered."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from framework import JwtVerifier, Unauthorized


def _jwk(key: Ed25519PrivateKey, kid: str) -> dict[str, Any]:
    jwk: dict[str, Any] = jwt.algorithms.OKPAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**jwk, "kid": kid, "alg": "EdDSA", "use": "sig"}


def _token(key: Ed25519PrivateKey, kid: str, **claims: Any) -> str:
    now = int(time.time())
    body = {"iss": "t", "aud": "t", "sub": "u1", "typ": "access", "role": "user", "iat": now, "exp": now + 60}
    return jwt.encode({**body, **claims}, key, algorithm="EdDSA", headers={"kid": kid})


class KeySet:
    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.fetches = 0

    async def fetch(self) -> dict[str, Any]:
        self.fetches += 1
        return {"keys": list(self.keys)}


async def test_jwks_is_cached_and_refreshed_on_rotation() -> None:
    first, second = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    keyset = KeySet()
    keyset.keys = [_jwk(first, "k1")]
    verifier = JwtVerifier(keyset.fetch, issuer="t", audience="t", refresh_interval=0.0)

    principal = await verifier.verify(_token(first, "k1"))
    assert principal.subject == "u1"
    assert principal.roles == ("user",)
    await verifier.verify(_token(first, "k1", sub="u2"))
    assert keyset.fetches == 1  # the key set was fetched once, then cached

    keyset.keys.append(_jwk(second, "k2"))
    assert (await verifier.verify(_token(second, "k2"))).subject == "u1"
    assert keyset.fetches == 2  # an unknown kid refreshed the set


async def test_unknown_kid_refresh_is_rate_limited() -> None:
    key = Ed25519PrivateKey.generate()
    keyset = KeySet()
    keyset.keys = [_jwk(key, "k1")]
    verifier = JwtVerifier(keyset.fetch, issuer="t", audience="t", refresh_interval=60.0)
    await verifier.verify(_token(key, "k1"))
    for _ in range(5):
        with pytest.raises(Unauthorized):
            await verifier.verify(_token(key, "nope"))
    assert keyset.fetches == 1  # garbage kids cannot make the verifier hammer the JWKS source


async def test_remembered_tokens_still_expire() -> None:
    key = Ed25519PrivateKey.generate()
    keyset = KeySet()
    keyset.keys = [_jwk(key, "k1")]
    verifier = JwtVerifier(keyset.fetch, issuer="t", audience="t", leeway=0.0)
    short = _token(key, "k1", exp=int(time.time()) + 1)
    await verifier.verify(short)
    await asyncio.sleep(1.2)
    with pytest.raises(Unauthorized, match="expired"):
        await verifier.verify(short)
