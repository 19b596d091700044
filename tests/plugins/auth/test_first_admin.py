"""The first admin (``[plugins.auth] admin_email``): created once, never taken over by an email."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from framework import load_config
from framework._host import Host
from plugins.auth.plugin import plugin as auth_plugin
from plugins.auth.service import AuthServiceImpl
from plugins.auth.tables import BootstrapRow, UserRow
from tests._platform import AUTH_ONLY, start_platform
from tests.conftest import assert_problem, register_and_login

BOSS = "boss@example.com"
FIRST_ADMIN = {"admin_email": BOSS, "admin_password_env": "TEST_ADMIN_PASSWORD"}
ENV = {"TEST_ADMIN_PASSWORD": "boss password"}


@pytest.mark.parametrize("how", ["bootstrap_admin", "ensure_admin"])
@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
async def test_replicas_making_the_first_admin_together_both_succeed(
    database: str, how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Both find no account and both insert one; the loser recognises the winner's admin and goes on.

    ``bootstrap_admin`` is what every replica runs on start (the loser waits for the winner's
    marker); ``ensure_admin`` is ``turnout auth create-admin`` (the loser promotes by email, as asked).
    """
    monkeypatch.chdir(tmp_path)
    if database == "postgresql":
        url = request.getfixturevalue("postgres").create_database(f"first_admin_{uuid.uuid4().hex[:8]}")
        (tmp_path / "platform.toml").write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    config = load_config(tmp_path / "platform.toml" if database == "postgresql" else None, {"auth"})
    host = Host(config, {"auth": auth_plugin})
    await host.start()
    try:
        # Both get past "no such account" before either inserts: the race, every time.
        both_looked = asyncio.Barrier(2)
        create_user: Callable[..., Awaitable[dict[str, Any]]] = AuthServiceImpl.create_user

        async def create_after_both_looked(self: AuthServiceImpl, *args: Any) -> dict[str, Any]:
            await both_looked.wait()
            return await create_user(self, *args)

        monkeypatch.setattr(AuthServiceImpl, "create_user", create_after_both_looked)
        service = host.bindings["auth"].service
        make = getattr(service, how)
        await asyncio.gather(make(BOSS, "boss password"), make(BOSS, "boss password"))
        assert await UserRow.select(UserRow.role).where(UserRow.email == BOSS).run() == [{"role": "admin"}]
        if how == "bootstrap_admin":
            marker = await BootstrapRow.select(BootstrapRow.name).run()
            assert marker == [{"name": "first_admin"}]
    finally:
        await host.stop()


def test_first_admin_from_settings_is_made_once_and_never_taken_over(tmp_path: Path) -> None:
    """The admin changes their email; someone registers the freed address; a restart promotes nobody."""
    running = start_platform(tmp_path, platform_settings=AUTH_ONLY, auth=FIRST_ADMIN, env=ENV, timeout=60.0)
    try:
        with running.client() as http:
            pair = http.post("/auth/login", json={"email": BOSS, "password": "boss password"}).json()
            admin = {"Authorization": f"Bearer {pair['access_token']}"}
            assert http.get("/auth/me", headers=admin).json()["role"] == "admin"
            moved = http.patch("/auth/me", headers=admin, json={"email": "new-boss@example.com"})
            assert moved.status_code == 200
            squatter = http.post("/auth/register", json={"email": BOSS, "password": "squatter password"})
            assert squatter.status_code == 201
    finally:
        running.stop()
    restarted = start_platform(tmp_path, platform_settings=AUTH_ONLY, auth=FIRST_ADMIN, env=ENV, timeout=60.0)
    try:
        with restarted.client() as http:
            tokens = http.post("/auth/login", json={"email": BOSS, "password": "squatter password"}).json()
            squatter_auth = {"Authorization": f"Bearer {tokens['access_token']}"}
            assert http.get("/auth/me", headers=squatter_auth).json()["role"] == "user"
            assert_problem(http.get("/auth/users", headers=squatter_auth), 403)
            # The configured password did not become the squatter's either.
            assert_problem(http.post("/auth/login", json={"email": BOSS, "password": "boss password"}), 401)
            real = http.post("/auth/login", json={"email": "new-boss@example.com", "password": "boss password"})
            assert real.status_code == 200
    finally:
        restarted.stop()


def test_an_existing_account_with_the_configured_email_is_not_promoted(tmp_path: Path) -> None:
    running = start_platform(tmp_path, platform_settings=AUTH_ONLY, timeout=60.0)
    try:
        with running.client() as http:
            account = register_and_login(http)
    finally:
        running.stop()
    restarted = start_platform(
        tmp_path, platform_settings=AUTH_ONLY, auth={**FIRST_ADMIN, "admin_email": account.email}, env=ENV, timeout=60.0
    )
    try:
        with restarted.client() as http:
            pair = http.post("/auth/login", json={"email": account.email, "password": account.password}).json()
            me = http.get("/auth/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
            assert me.json()["role"] == "user"
        assert "admin_email" in restarted.logs()
        assert "NOT made an admin" in restarted.logs()
    finally:
        restarted.stop()
