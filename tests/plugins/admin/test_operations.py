"""Admin operations in both placements: the dashboard and runtime settings (dead letters: tests/invariance)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import nats

from framework._system import InstanceReport
from framework._system_nats import RemotePluginSystem
from tests._platform import RunningPlatform, split_services
from tests._wait import wait_until
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Account, assert_problem

TTL = "/admin/settings/auth/access_token_ttl_seconds"


def admin_headers(http: httpx.Client) -> dict[str, str]:
    login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def expected_instances(platform: RunningPlatform) -> dict[str, int]:
    """Each plugin the platform runs, and how many processes host it."""
    services = split_services(2)
    if platform.placement == "split":
        return {plugin: count for plugins, count in services.values() for plugin in plugins}
    return {plugin: 1 for plugins, _ in services.values() for plugin in plugins}


def test_the_dashboard_shows_every_plugin_healthy_with_its_instances(
    http: httpx.Client, platform: RunningPlatform
) -> None:
    admin = admin_headers(http)
    expected = expected_instances(platform)
    seen: dict[str, Any] = {}

    def settled() -> bool:
        response = http.get("/admin/dashboard", headers=admin)
        assert response.status_code == 200, response.text
        seen.update(response.json())
        plugins = {p["plugin"]: p for p in seen["plugins"]}
        # Instances answer within moments of each other, and usage reports every second: poll until both are in.
        return {name: p["instances"] for name, p in plugins.items()} == expected and plugins["auth"]["requests"] > 0

    wait_until(settled, within=30)
    plugins = {p["plugin"]: p for p in seen["plugins"]}
    assert seen["healthy"] is True
    assert all(p["healthy"] for p in plugins.values()), plugins
    if platform.placement == "split":
        assert plugins["auth"]["instances"] == 2  # the replicated identity service
    assert seen["window_seconds"] == 300
    if "simulation" in plugins:
        assert [job["kind"] for job in plugins["simulation"]["jobs"]] == ["simulation"]
    assert isinstance(seen["dead_deliveries"], int)  # notifications reports its dead deliveries (a count)


def test_operations_are_for_admins_only(http: httpx.Client, account: Account) -> None:
    for method, path, body in [
        ("GET", "/admin/dashboard", None),
        ("GET", "/admin/dead-letters", None),
        ("POST", f"/admin/dead-letters/admin:{uuid.uuid4().hex}/replay", None),
        ("GET", "/admin/settings", None),
        ("PUT", TTL, {"value": 60}),
    ]:
        assert_problem(http.request(method, path, json=body, headers=account.auth), 403)
        assert_problem(http.request(method, path, json=body), 401)


def _settings(http: httpx.Client, admin: dict[str, str]) -> dict[str, dict[str, Any]]:
    response = http.get("/admin/settings", headers=admin)
    assert response.status_code == 200, response.text
    return {f"{s['plugin']}.{s['key']}": s for s in response.json()["items"]}


async def _instances(platform: RunningPlatform, plugin: str) -> list[InstanceReport]:
    """What every process hosting ``plugin`` reports, asked over NATS as the admin service asks."""
    assert platform.nats_url is not None
    nc = await nats.connect(platform.nats_url)
    try:
        return await RemotePluginSystem(nc, plugin, timeout=5.0, gather_seconds=0.5).instances()
    finally:
        await nc.close()


def _applied_everywhere(platform: RunningPlatform, value: int) -> bool:
    if platform.placement != "split":
        return True  # one process: the change applied before the answer
    reports = asyncio.run(_instances(platform, "auth"))
    return len(reports) == 2 and all(r.settings["access_token_ttl_seconds"] == value for r in reports)


def _token_lifetimes(http: httpx.Client, count: int) -> set[int]:
    lifetimes = set()
    for _ in range(count):
        login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
        assert login.status_code == 200, login.text
        lifetimes.add(login.json()["expires_in"])
    return lifetimes


def _restart_a_replica(platform: RunningPlatform) -> None:
    """Stop and start one process hosting auth: what was changed must come back from the database.

    Split only: restarting the all-in-one process costs the suite more than it proves, and a
    restart on SQLite is covered by tests/framework/test_runtime_settings.py.
    """
    replica = platform.process("identity.1")
    replica.stop()
    replica.start()


def test_bad_setting_values_are_refused_and_change_nothing(http: httpx.Client) -> None:
    admin = admin_headers(http)
    before = _settings(http, admin)
    assert {"auth.access_token_ttl_seconds", "files.max_file_bytes", "simulation.max_path_steps"} <= set(before)
    assert before["auth.access_token_ttl_seconds"]["schema"] == {"type": "integer", "minimum": 1}
    for value in (0, -5, "900", 1.5, None, [1]):
        problem = assert_problem(http.put(TTL, json={"value": value}, headers=admin), 422)
        assert "auth.access_token_ttl_seconds" in str(problem["detail"])
    assert_problem(http.put("/admin/settings/auth/issuer", json={"value": "x"}, headers=admin), 404)
    assert_problem(http.put("/admin/settings/nosuchplugin/key", json={"value": 1}, headers=admin), 404)
    assert_problem(http.put(TTL, json={}, headers=admin), 400)
    assert_problem(http.put(TTL, json={"value": 60, "extra": 1}, headers=admin), 400)
    assert _settings(http, admin) == before


def test_a_changed_setting_applies_in_every_replica_and_survives_a_restart(
    http: httpx.Client, platform: RunningPlatform
) -> None:
    admin = admin_headers(http)
    configured = _settings(http, admin)["auth.access_token_ttl_seconds"]["configured"]
    changed = http.put(TTL, json={"value": 900}, headers=admin)
    assert changed.status_code == 200, changed.text
    assert changed.json()["value"] == 900
    assert changed.json()["configured"] == configured
    assert changed.json()["changed_at"] is not None
    try:
        wait_until(lambda: _applied_everywhere(platform, 900), within=30)
        assert _token_lifetimes(http, 4) == {900}  # whichever replica signs in
        if platform.placement == "split":
            _restart_a_replica(platform)
            wait_until(lambda: _applied_everywhere(platform, 900), within=60)
            assert _token_lifetimes(http, 4) == {900}
        assert _settings(http, admin)["auth.access_token_ttl_seconds"]["value"] == 900
    finally:
        restored = http.put(TTL, json={"value": configured}, headers=admin_headers(http))
        assert restored.status_code == 200, restored.text
    wait_until(lambda: _applied_everywhere(platform, configured), within=30)
