"""Verifying an access token, revocation check included, reads no database: the list is in memory."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest

from framework import CallContext, Principal, Unauthorized, load_config
from framework._host import Host
from generated.auth.models import LoginRequest, RegisterRequest
from plugins.auth.plugin import plugin as auth_plugin


async def test_tokens_are_checked_against_revocations_with_the_database_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    host = Host(load_config(None, {"auth"}), {"auth": auth_plugin})
    await host.start()
    try:
        await host.start_credential_verifier()  # what the HTTP app's lifespan does
        service = host.bindings["auth"].service
        await service.register_user(
            CallContext.system(), body=RegisterRequest(email="reader@example.com", password="reader password")
        )
        login = LoginRequest(email="reader@example.com", password="reader password")
        ended = (await service.login(CallContext.system(), body=login)).access_token
        live = (await service.login(CallContext.system(), body=login)).access_token
        claims = jwt.decode(ended, options={"verify_signature": False})
        principal = Principal(subject=claims["sub"], roles=("user",), scheme="bearer", session_id=claims["sid"])
        await service.logout(CallContext(correlation_id="logout", principal=principal))

        authenticator = host.authenticator
        assert authenticator is not None
        assert (await authenticator.authenticate_bearer(live)).subject == claims["sub"]  # JWKS fetched, list loaded

        # From here on, any database read fails: the database is closed and its files moved away.
        await host.databases["auth"].close()
        moved = list((tmp_path / "var").glob("auth.sqlite*"))
        assert moved
        for path in moved:
            path.rename(tmp_path / f"moved-{path.name}")
        with pytest.raises(Exception):  # noqa: B017, PT011 - whatever the driver raises: the read failed
            await service.get_me(CallContext(correlation_id="read", principal=principal))
        for _ in range(3):
            assert (await authenticator.authenticate_bearer(live)).subject == claims["sub"]
            with pytest.raises(Unauthorized, match="session"):
                await authenticator.authenticate_bearer(ended)
    finally:
        await host.stop()
