"""The auth Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

import os
from typing import Any

from framework import Authenticator, JwtVerifier, Plugin, PluginContext, Principal, Unauthorized
from generated.auth import CONTRACT
from plugins.auth.config import AuthConfig
from plugins.auth.keys import load_or_create_signing_key
from plugins.auth.migrations import MIGRATIONS
from plugins.auth.service import AuthServiceImpl
from plugins.auth.tables import TABLES

__all__ = ["plugin"]


class _LocalAuthenticator:
    """Verifies JWTs against auth's own JWKS and API keys against its table, in process."""

    def __init__(self, service: AuthServiceImpl) -> None:
        self._service = service

        async def fetch_jwks() -> dict[str, Any]:
            return service.jwks()

        self._jwt = JwtVerifier(fetch_jwks, issuer=service.config.issuer, audience=service.config.audience)

    async def authenticate_bearer(self, token: str) -> Principal:
        return await self._jwt.verify(token)

    async def authenticate_api_key(self, key: str) -> Principal:
        principal = await self._service.resolve_api_key(key)
        if principal is None:
            raise Unauthorized("the API key is not valid")
        return principal


async def _create(ctx: PluginContext[AuthConfig]) -> AuthServiceImpl:
    key = load_or_create_signing_key(ctx.config.private_key_file, ctx.var_dir)
    return AuthServiceImpl(ctx.config, key, ctx.database)


async def _startup(service: AuthServiceImpl) -> None:
    email = service.config.admin_email
    if email is None:
        return
    password = os.environ.get(service.config.admin_password_env)
    existing = await service.ensure_admin_if_exists(email)
    if existing:
        return
    if not password:
        raise RuntimeError(
            f"[plugins.auth] admin_email is set but ${service.config.admin_password_env} holds no password"
        )
    await service.ensure_admin(email, password)


def _authenticator(service: AuthServiceImpl) -> Authenticator:
    return _LocalAuthenticator(service)


async def _health(service: AuthServiceImpl) -> bool:
    return await service.database.ping()


plugin: Plugin[AuthConfig, AuthServiceImpl] = Plugin(
    name="auth",
    contract=CONTRACT,
    config_type=AuthConfig,
    create_service=_create,
    tables=TABLES,
    migrations=MIGRATIONS,
    on_startup=_startup,
    authenticator=_authenticator,
    health=_health,
    description="Users, sessions, API keys and roles; issues EdDSA access tokens.",
)
