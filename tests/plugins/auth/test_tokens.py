"""JwtVerifier: JWKS cached and refreshed on rotation, one algorithm per key, revoked sessions refused."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from framework import Unauthorized
from plugins.auth.revocations import RevocationList
from plugins.auth.tokens import JwtVerifier


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


def _b64(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forged(kid: str, alg: str) -> str:
    """A token whose header asks for ``alg``, signed with a key of that type (not the server's)."""
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    now = int(time.time())
    body = {"iss": "t", "aud": "t", "sub": "u1", "typ": "access", "sid": "s1", "iat": now, "exp": now + 60}
    headers = {"kid": kid}
    if alg == "RS256":
        return jwt.encode(body, rsa.generate_private_key(65537, 2048), algorithm=alg, headers=headers)
    if alg == "ES256":
        return jwt.encode(body, ec.generate_private_key(ec.SECP256R1()), algorithm=alg, headers=headers)
    if alg == "HS256":
        return jwt.encode(body, "a shared secret that is long enough!", algorithm=alg, headers=headers)
    # "none", or an algorithm PyJWT does not know: built by hand.
    header = _b64(json.dumps({"alg": alg, "kid": kid, "typ": "JWT"}).encode())
    return f"{header}.{_b64(json.dumps(body).encode())}.{_b64(b'sig')}"


@pytest.mark.parametrize("alg", ["RS256", "ES256", "HS256", "none", "PS512", "EdDSA-nope"])
async def test_a_token_signed_with_another_algorithm_is_401_never_a_crash(alg: str) -> None:
    key = Ed25519PrivateKey.generate()
    keyset = KeySet()
    keyset.keys = [_jwk(key, "k1")]
    verifier = JwtVerifier(keyset.fetch, issuer="t", audience="t")
    with pytest.raises(Unauthorized):
        await verifier.verify(_forged("k1", alg))
    # The real key and algorithm still verify.
    assert (await verifier.verify(_token(key, "k1"))).subject == "u1"


async def test_hmac_signed_with_the_public_key_bytes_is_refused() -> None:
    """The classic confusion: HS256 keyed with the published public key must not verify."""
    from cryptography.hazmat.primitives import serialization

    key = Ed25519PrivateKey.generate()
    keyset = KeySet()
    keyset.keys = [_jwk(key, "k1")]
    verifier = JwtVerifier(keyset.fetch, issuer="t", audience="t")
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    now = int(time.time())
    body = {"iss": "t", "aud": "t", "sub": "admin", "typ": "access", "iat": now, "exp": now + 60}
    header = _b64(json.dumps({"alg": "HS256", "kid": "k1", "typ": "JWT"}).encode())
    signing_input = f"{header}.{_b64(json.dumps(body).encode())}"
    signature = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(Unauthorized, match="algorithm"):
        await verifier.verify(f"{signing_input}.{_b64(signature)}")


async def test_a_jwk_without_alg_verifies_only_its_key_types_algorithm() -> None:
    key = Ed25519PrivateKey.generate()
    keyset = KeySet()
    keyset.keys = [{k: v for k, v in _jwk(key, "k1").items() if k != "alg"}]
    verifier = JwtVerifier(keyset.fetch, issuer="t", audience="t")
    assert (await verifier.verify(_token(key, "k1"))).subject == "u1"
    with pytest.raises(Unauthorized):
        await verifier.verify(_forged("k1", "RS256"))


async def test_tokens_of_revoked_sessions_are_refused_even_when_remembered() -> None:
    key = Ed25519PrivateKey.generate()
    keyset = KeySet()
    keyset.keys = [_jwk(key, "k1")]
    revoked = RevocationList()
    verifier = JwtVerifier(keyset.fetch, issuer="t", audience="t", revoked=revoked)
    token = _token(key, "k1", sid="s1")
    other = _token(key, "k1", sid="s2")
    assert (await verifier.verify(token)).session_id == "s1"  # verified, and remembered
    revoked.add("s1", time.time() + 60)
    with pytest.raises(Unauthorized, match="session"):
        await verifier.verify(token)
    assert (await verifier.verify(other)).session_id == "s2"
    # With a revocation list, a token naming no session cannot be revoked, so it is refused.
    with pytest.raises(Unauthorized):
        await verifier.verify(_token(key, "k1"))


def test_revocation_entries_are_forgotten_once_their_tokens_expired() -> None:
    revoked = RevocationList(prune_every=2)
    revoked.add("old", time.time() - 1)  # already past: not even kept
    revoked.add("live", time.time() + 60)
    revoked.add("short", time.time() + 0.05)
    assert not revoked.is_revoked("old")
    assert revoked.is_revoked("live")
    time.sleep(0.1)  # only to let an entry pass its expiry; no timing bound is asserted
    assert not revoked.is_revoked("short")
    revoked.prune()
    assert len(revoked) == 1
