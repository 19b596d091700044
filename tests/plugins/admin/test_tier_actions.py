"""Every tier change publishes ``admin.action`` after it is made; a refused change publishes nothing."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from framework import CallContext, Subscription
from framework._app import build_app
from framework._platform import load_platform
from generated.admin.events import ACTION
from generated.admin.models import AdminAction
from tests._platform import free_port, write_config

ADMIN = {"email": "tiers-admin@example.com", "password": "tiers admin password"}
LIMITS = {"file_quota_bytes": 100, "simulation_max_path_steps": 1000, "simulation_max_concurrent_jobs": 1}


async def _until(seen: list[AdminAction], count: int) -> None:
    deadline = time.monotonic() + 30.0
    while len(seen) < count:
        assert time.monotonic() < deadline, f"{count} admin.action events expected, got {seen}"
        await asyncio.sleep(0.02)


async def test_each_tier_change_publishes_an_admin_action(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIERS_TEST_ADMIN_PASSWORD", ADMIN["password"])
    config_path = write_config(
        tmp_path,
        free_port(),
        {"admin_email": ADMIN["email"], "admin_password_env": "TIERS_TEST_ADMIN_PASSWORD"},
        database_url=f"sqlite:///{tmp_path / 'var'}",
        platform_settings={"var_dir": str(tmp_path / "var"), "plugins": ["auth", "admin", "notifications"]},
    )
    config, plugins = load_platform(config_path)
    app: Any = build_app(config, plugins, log_requests=False, validate_responses="off")
    seen: list[AdminAction] = []

    async def record(ctx: CallContext, action: AdminAction) -> None:
        seen.append(action)

    async with AsyncTestClient(app) as client:
        await app.app.state.turnout_host.events.subscribe(Subscription("test", ACTION, record))
        login = await client.post("/auth/login", json=ADMIN)
        assert login.status_code == 200, login.text
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        me = (await client.get("/auth/me", headers=auth)).json()["id"]
        registered = await client.post("/auth/register", json={"email": "tiered@example.com", "password": "a" * 12})
        assert registered.status_code == 201, registered.text
        user = registered.json()["id"]  # a user auth knows: a tier for anyone else is 404

        assert (await client.post("/admin/tiers", json={"name": "small", **LIMITS}, headers=auth)).status_code == 201
        assert (await client.post("/admin/tiers", json={"name": "small", **LIMITS}, headers=auth)).status_code == 409
        bigger = {**LIMITS, "file_quota_bytes": 200}
        assert (await client.put("/admin/tiers/small", json=bigger, headers=auth)).status_code == 200
        moved = await client.put(f"/admin/users/{user}/tier", json={"tier": "small"}, headers=auth)
        assert moved.status_code == 200, moved.text
        assert (await client.delete("/admin/tiers/small", headers=auth)).status_code == 409  # in use
        back = await client.put(f"/admin/users/{user}/tier", json={"tier": "free"}, headers=auth)
        assert back.status_code == 200, back.text
        assert (await client.delete("/admin/tiers/small", headers=auth)).status_code == 204
        await _until(seen, 5)

    assert [(a.action, a.target) for a in seen] == [
        ("tier.created", "small"),
        ("tier.updated", "small"),
        ("user.tier_changed", user),
        ("user.tier_changed", user),
        ("tier.deleted", "small"),
    ]
    assert {str(a.actor_id) for a in seen} == {me}
    assert seen[1].details["previous"]["file_quota_bytes"] == 100
    assert seen[1].details["file_quota_bytes"] == 200
    assert seen[2].details == {"previous": "free", "tier": "small"}
