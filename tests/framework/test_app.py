"""The all-in-one app: served contract, docs, health, readiness, logs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from framework import discover_plugins
from framework.codegen._typescript import ensure_node_tools, node_available
from tests._platform import RunningPlatform
from tests._wait import wait_until
from tests.conftest import register_and_login

REPO = Path(__file__).resolve().parents[2]


def test_served_openapi_is_the_union_of_plugin_contracts(http: httpx.Client) -> None:
    served = http.get("/schema/openapi.json")
    assert served.status_code == 200
    document = served.json()
    assert document["openapi"].startswith("3.1")
    paths: set[str] = set()
    internal: set[str] = set()
    for plugin in sorted(discover_plugins()):
        contract = yaml.safe_load((REPO / "contracts" / f"{plugin}.yaml").read_text(encoding="utf-8"))
        paths |= set(contract["paths"])
        internal |= {
            p
            for p, item in contract["paths"].items()
            if any(isinstance(op, dict) and op.get("x-internal") for op in item.values())
        }
    assert internal == {
        "/auth/internal/resolve-api-key",
        "/auth/internal/users/{user_id}",
        "/auth/internal/revoked-sessions",
        "/auth/internal/role-changes",
        "/admin/internal/users/{user_id}/limits",
    }
    assert set(document["paths"]) == paths - internal
    ids = {op["operationId"] for item in document["paths"].values() for op in item.values() if "operationId" in op}
    assert {"registerUser", "login", "refreshTokens", "logout", "getMe", "getJwks"} <= ids
    # Refs to common.yaml are bundled: the document resolves on its own.
    assert "common.yaml" not in json.dumps(document)
    assert "Problem" in document["components"]["schemas"]
    assert set(document["components"]["securitySchemes"]) == {"bearerAuth", "apiKeyAuth"}


def test_internal_operations_are_not_served_over_http(http: httpx.Client) -> None:
    response = http.post("/auth/internal/resolve-api-key", json={"key": "tk_anything"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    account = register_and_login(http)
    assert http.get(f"/auth/internal/users/{account.id}").status_code == 404


def test_docs_page(http: httpx.Client) -> None:
    page = http.get("/schema")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    # Served from this origin only: the docs work with no outside network.
    urls = [url for url in re.findall(r'(?:src|href)="([^"]+)"', page.text) if url != "data:,"]  # no favicon
    assert urls
    assert all(url.startswith("/schema/") for url in urls), urls
    for url in urls:
        asset = http.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 0
    assert "/schema/openapi.json" in http.get("/schema/assets/docs.js").text
    assert http.get("/schema/assets/swagger-ui-bundle.js").headers["content-type"].startswith("text/javascript")
    missing = http.get("/schema/assets/../../plugin.py")
    assert missing.status_code == 404
    assert http.get("/schema/assets/nope.js").status_code == 404


@pytest.mark.skipif(not node_available(), reason="Node.js and npm install the pinned swagger-ui-dist")
def test_docs_assets_are_the_pinned_swagger_ui() -> None:
    root = REPO
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/swagger-ui-dist"]["version"]
    package = ensure_node_tools(root) / "swagger-ui-dist"
    assert json.loads((package / "package.json").read_text(encoding="utf-8"))["version"] == pinned
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"):
        vendored = root / "framework" / "static" / "swagger-ui" / name
        assert vendored.read_bytes() == (package / name).read_bytes(), f"{name}: copy it from swagger-ui-dist {pinned}"


def test_health_and_readiness(http: httpx.Client) -> None:
    assert http.get("/health").json() == {"status": "ok"}
    ready = http.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "plugins": dict.fromkeys(sorted(discover_plugins()), "ok")}
    assert http.get("/auth/health").json() == {"status": "ok", "service": "auth"}


def test_logs_are_json_lines_with_correlation_ids(http: httpx.Client, platform: RunningPlatform) -> None:
    http.get("/health", headers={"X-Correlation-ID": "log-check-1"})

    def records() -> list[dict[str, Any]]:
        return [json.loads(line) for line in platform.logs().splitlines() if line.startswith("{")]

    def access() -> list[dict[str, Any]]:
        mine = [r for r in records() if r.get("correlation_id") == "log-check-1"]
        return [r for r in mine if r.get("logger") == "turnout.access"]

    wait_until(lambda: bool(access()))  # access lines are written in batches, within a second
    assert any(r.get("event") == "plugin started" and r.get("plugin") == "auth" for r in records())
    assert access()[-1]["path"] == "/health"
    assert access()[-1]["status"] == 200


def test_unsafe_correlation_ids_are_replaced(http: httpx.Client) -> None:
    response = http.get("/health", headers={"X-Correlation-ID": "bad id with spaces"})
    assert response.headers["x-correlation-id"] != "bad id with spaces"
    assert len(response.headers["x-correlation-id"]) == 32


async def test_each_plugin_has_its_own_storage(platform: RunningPlatform) -> None:
    """All-in-one: one SQLite file per plugin under var/. Split: one PostgreSQL schema per plugin."""
    assert (platform.var_dir / "auth" / "jwt-ed25519.pem").stat().st_mode & 0o077 == 0
    if platform.placement == "all-in-one":
        assert (platform.var_dir / "auth.sqlite").exists()
        return
    import tomllib

    import asyncpg

    url = tomllib.loads(platform.config_path.read_text(encoding="utf-8"))["database"]["url"]
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT table_name FROM information_schema.tables WHERE table_schema = 'auth'")
        applied = await connection.fetch("SELECT id FROM auth.turnout_migrations")
    finally:
        await connection.close()
    assert {r["table_name"] for r in rows} >= {"users", "sessions", "refresh_tokens", "api_keys", "turnout_migrations"}
    assert sorted(r["id"] for r in applied) == [
        "0001_initial",
        "0002_disabled_users_bootstrap_login_failures",
        "0003_role_changed_at",
        "turnout.dead_letters.0001",
        "turnout.settings.0001",
    ]
    assert not (platform.var_dir / "auth.sqlite").exists()
