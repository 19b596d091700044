"""Verifying credentials at the edge: JWTs against a JWKS, API keys through a resolver."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import jwt
from cachetools import LRUCache

from framework._context import Principal
from framework._errors import Unauthorized

__all__ = ["ApiKeyResolver", "Authenticator", "JwtVerifier"]

ApiKeyResolver = Callable[[str], Awaitable[Principal | None]]


class Authenticator(Protocol):
    """Turns a bearer token or an API key into a verified Principal, or raises Unauthorized."""

    async def authenticate_bearer(self, token: str) -> Principal: ...

    async def authenticate_api_key(self, key: str) -> Principal: ...


_ALGORITHMS = ["EdDSA", "RS256", "ES256"]


class JwtVerifier:
    """Verifies access tokens with public keys from a JWKS source.

    A token that verified once is remembered (keyed by its exact bytes) until it expires:
    the same bytes always verify the same way, so the signature check is not repeated.
    """

    def __init__(
        self,
        fetch_jwks: Callable[[], Awaitable[dict[str, Any]]],
        *,
        issuer: str,
        audience: str,
        leeway: float = 5.0,
        cache_size: int = 65_536,
        refresh_interval: float = 30.0,
    ) -> None:
        self._fetch_jwks = fetch_jwks
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway
        self._keys: dict[str, Any] = {}
        self._verified: LRUCache[str, tuple[float, Principal]] = LRUCache(maxsize=cache_size)
        self._refresh_interval = refresh_interval
        self._last_refresh = 0.0

    async def _refresh(self) -> None:
        jwks = await self._fetch_jwks()
        keys = {}
        for entry in jwks.get("keys", []):
            jwk = jwt.PyJWK.from_dict(entry)
            keys[entry["kid"]] = jwk.key
        self._keys = keys
        self._last_refresh = time.monotonic()

    async def _key_for(self, kid: str) -> Any:
        key = self._keys.get(kid)
        # An unknown kid may be a freshly rotated key: refresh, but not more often than allowed.
        if (key is None and time.monotonic() - self._last_refresh >= self._refresh_interval) or not self._keys:
            await self._refresh()
            key = self._keys.get(kid)
        if key is None:
            raise Unauthorized("the access token is signed by an unknown key")
        return key

    async def verify(self, token: str) -> Principal:
        """Return the principal of a valid access token; raise Unauthorized otherwise."""
        cached = self._verified.get(token)
        now = time.time()
        if cached is not None:
            expires, principal = cached
            if now < expires + self._leeway:
                return principal
            self._verified.pop(token, None)
            raise Unauthorized("the access token has expired")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise Unauthorized("the access token is malformed") from None
        kid = header.get("kid")
        if not isinstance(kid, str) or header.get("alg") not in _ALGORITHMS:
            raise Unauthorized("the access token has no acceptable key id or algorithm")
        key = await self._key_for(kid)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=_ALGORITHMS,
                issuer=self._issuer,
                audience=self._audience,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "typ"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("the access token has expired") from None
        except jwt.InvalidTokenError as error:
            raise Unauthorized(f"the access token is invalid: {error}") from None
        if claims.get("typ") != "access":
            raise Unauthorized("the token is not an access token")
        role = claims.get("role")
        principal = Principal(
            subject=str(claims["sub"]),
            roles=(role,) if isinstance(role, str) else (),
            scheme="bearer",
            session_id=claims.get("sid"),
        )
        self._verified[token] = (float(claims["exp"]), principal)
        return principal
