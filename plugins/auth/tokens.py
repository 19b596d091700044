"""Access tokens: JWTs verified against auth's JWKS, with auth's claim rules and revoked sessions."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import jwt
import msgspec
from cachetools import LRUCache

from framework import Principal, Unauthorized
from plugins.auth.revocations import RevocationList
from plugins.auth.roles import CurrentRoles

__all__ = ["JwtVerifier"]


# The one algorithm a key of each type verifies, when its JWK does not name one itself.
_ALGORITHM_OF_KEY = {("OKP", "Ed25519"): "EdDSA", ("RSA", None): "RS256", ("EC", "P-256"): "ES256"}
_ALGORITHMS = frozenset(_ALGORITHM_OF_KEY.values())
# What PyJWT and cryptography raise for a token that is not what it claims to be.
_TOKEN_ERRORS = (jwt.PyJWTError, ValueError, TypeError, KeyError, OverflowError)


def _algorithm(entry: dict[str, Any]) -> str | None:
    """The algorithm a JWK verifies: its own ``alg``, else the one its key type implies."""
    alg = entry.get("alg")
    if isinstance(alg, str):
        return alg if alg in _ALGORITHMS else None
    kty = entry.get("kty")
    return _ALGORITHM_OF_KEY.get((kty, None if kty == "RSA" else entry.get("crv")))  # type: ignore[arg-type]


class JwtVerifier:
    """Verifies access tokens with public keys from a JWKS source.

    A token that verified once is remembered (keyed by its exact bytes) until it expires:
    the same bytes always verify the same way, so the signature check is not repeated.
    A token is checked with the one algorithm of the key its ``kid`` names, never the one its
    header asks for. With ``revoked``, every token must name its session (``sid``), and one
    whose session is in the list is refused, remembered or not: a dict lookup, no I/O.
    With ``roles``, a user whose role changed since the token was issued acts with the role now.
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
        revoked: RevocationList | None = None,
        roles: CurrentRoles | None = None,
    ) -> None:
        self._fetch_jwks = fetch_jwks
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway
        self._keys: dict[str, tuple[Any, str]] = {}
        self._revoked = revoked
        self._roles = roles
        self._verified: LRUCache[str, tuple[float, Principal]] = LRUCache(maxsize=cache_size)
        self._refresh_interval = refresh_interval
        self._last_refresh = 0.0

    async def _refresh(self) -> None:
        jwks = await self._fetch_jwks()
        keys = {}
        for entry in jwks.get("keys", []):
            algorithm = _algorithm(entry)
            kid = entry.get("kid")
            if algorithm is None or not isinstance(kid, str):
                continue  # a key this verifier cannot use verifies nothing
            try:
                keys[kid] = (jwt.PyJWK.from_dict(entry, algorithm=algorithm).key, algorithm)
            except _TOKEN_ERRORS:
                continue
        self._keys = keys
        self._last_refresh = time.monotonic()

    async def _key_for(self, kid: str) -> tuple[Any, str]:
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
                self._check_session(principal)
                return self._with_current_role(principal)
            self._verified.pop(token, None)
            raise Unauthorized("the access token has expired")
        try:
            header = jwt.get_unverified_header(token)
        except _TOKEN_ERRORS:
            raise Unauthorized("the access token is malformed") from None
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise Unauthorized("the access token has no key id")
        key, algorithm = await self._key_for(kid)
        if header.get("alg") != algorithm:
            raise Unauthorized("the access token is not signed with the algorithm of its key")
        required = ["exp", "iat", "sub", "typ"] + (["sid"] if self._revoked is not None else [])
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                issuer=self._issuer,
                audience=self._audience,
                leeway=self._leeway,
                options={"require": required},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("the access token has expired") from None
        except jwt.InvalidTokenError as error:
            raise Unauthorized(f"the access token is invalid: {error}") from None
        except _TOKEN_ERRORS:  # a key or signature the crypto layer cannot even parse
            raise Unauthorized("the access token is invalid") from None
        if claims.get("typ") != "access":
            raise Unauthorized("the token is not an access token")
        role = claims.get("role")
        sid = claims.get("sid")
        if sid is not None and not isinstance(sid, str):
            raise Unauthorized("the access token names no valid session")
        try:
            expires = float(claims["exp"])
        except _TOKEN_ERRORS:
            raise Unauthorized("the access token has no valid expiry") from None
        principal = Principal(
            subject=str(claims["sub"]),
            roles=(role,) if isinstance(role, str) else (),
            scheme="bearer",
            session_id=sid,
        )
        self._check_session(principal)
        self._verified[token] = (expires, principal)
        return self._with_current_role(principal)

    def _with_current_role(self, principal: Principal) -> Principal:
        role = self._roles.role_of(principal.subject) if self._roles is not None else None
        if role is None or principal.roles == (role,):
            return principal
        return msgspec.structs.replace(principal, roles=(role,))

    def _check_session(self, principal: Principal) -> None:
        if self._revoked is None:
            return
        if principal.session_id is None or self._revoked.is_revoked(principal.session_id):
            raise Unauthorized("the session of this access token has ended")
