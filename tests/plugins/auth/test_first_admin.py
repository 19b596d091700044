"""The first admin when replicas start at the same moment (``[plugins.auth] admin_email``)."""

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
from plugins.auth.tables import UserRow

BOSS = "boss@example.com"


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
async def test_replicas_making_the_first_admin_together_both_succeed(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Both find no account and both insert one; the loser promotes the winner's account and goes on."""
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
        await asyncio.gather(service.ensure_admin(BOSS, "boss password"), service.ensure_admin(BOSS, "boss password"))
        assert await UserRow.select(UserRow.role).where(UserRow.email == BOSS).run() == [{"role": "admin"}]
    finally:
        await host.stop()
