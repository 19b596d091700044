"""Credential verification at the edge, through the AuthService interface.

It works the same whether auth is colocated (the implementation) or remote (a client over
NATS): JWTs are verified locally against the JWKS, API keys are resolved by auth.
"""

from __future__ import annotations

from typing import Any

import msgspec

from framework import CallContext, JwtVerifier, Principal
from generated.auth import AuthService
from generated.auth.models import ResolveApiKeyRequest

__all__ = ["AuthServiceAuthenticator"]


class AuthServiceAuthenticator:
    """An Authenticator backed by any AuthService."""

    def __init__(self, service: AuthService, *, issuer: str, audience: str) -> None:
        self._service = service

        async def fetch_jwks() -> dict[str, Any]:
            jwks = await service.get_jwks(CallContext.system(timeout=5.0))
            result: dict[str, Any] = msgspec.to_builtins(jwks)
            return result

        self._jwt = JwtVerifier(fetch_jwks, issuer=issuer, audience=audience)

    async def authenticate_bearer(self, token: str) -> Principal:
        return await self._jwt.verify(token)

    async def authenticate_api_key(self, key: str) -> Principal:
        resolved = await self._service.resolve_api_key(
            CallContext.system(timeout=5.0), body=ResolveApiKeyRequest(key=key[:128])
        )
        return Principal(
            subject=resolved.subject,
            roles=(resolved.role.value,),
            scheme="api_key",
            api_key_id=str(resolved.api_key_id),
        )
