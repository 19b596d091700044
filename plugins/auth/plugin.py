"""The auth Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

import os

from framework import Authenticator, ConfigError, Plugin, PluginContext
from generated.auth import CONTRACT, AuthService
from plugins.auth.authenticator import AuthServiceAuthenticator
from plugins.auth.commands import commands
from plugins.auth.config import AuthConfig
from plugins.auth.keys import load_or_create_signing_key
from plugins.auth.migrations import MIGRATIONS
from plugins.auth.service import AuthServiceImpl
from plugins.auth.tables import TABLES

__all__ = ["plugin"]


async def _create(ctx: PluginContext[AuthConfig]) -> AuthServiceImpl:
    try:
        key = load_or_create_signing_key(ctx.config.private_key_file, ctx.var_dir)
    except (OSError, ValueError, TypeError) as error:  # missing, unreadable, not an Ed25519 PEM key
        raise ConfigError(ctx.platform.source, "plugins.auth.private_key_file", str(error)) from None
    service = AuthServiceImpl(ctx.config, key, ctx.database, ctx.events)

    async def make_first_admin() -> None:
        email = ctx.config.admin_email
        if email is None or await service.first_admin_made():
            return
        password = os.environ.get(ctx.config.admin_password_env)
        if not password:
            message = f"admin_email is set but ${ctx.config.admin_password_env} holds no password"
            raise ConfigError(ctx.platform.source, "plugins.auth.admin_password_env", message)
        await service.bootstrap_admin(email, password)

    ctx.on_start(make_first_admin)
    return service


def _authenticator(service: AuthService, config: AuthConfig) -> Authenticator:
    return AuthServiceAuthenticator(
        service, issuer=config.issuer, audience=config.audience, token_lifetime=config.access_token_ttl_seconds
    )


plugin = Plugin(
    name="auth",
    contract=CONTRACT,
    config_type=AuthConfig,
    create_service=_create,
    tables=TABLES,
    migrations=MIGRATIONS,
    authenticator=_authenticator,
    commands=commands,
    description="Users, sessions, API keys and roles; issues EdDSA access tokens.",
)
