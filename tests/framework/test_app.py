"""The all-in-one app: served contract, docs, health, readiness, logs."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import yaml

from tests._platform import RunningPlatform

REPO = Path(__file__).resolve().parents[2]


def test_served_openapi_is_the_union_of_plugin_contracts(http: httpx.Client) -> None:
    served = http.get("/schema/openapi.json")
    assert served.status_code == 200
    document = served.json()
    assert document["openapi"].startswith("3.1")
    contract = yaml.safe_load((REPO / "contracts" / "auth.yaml").read_text(encoding="utf-8"))
    assert set(document["paths"]) == set(contract["paths"])
    ids = {op["operationId"] for item in document["paths"].values() for op in item.values() if "operationId" in op}
    assert {"registerUser", "login", "refreshTokens", "logout", "getMe", "getJwks"} <= ids
    # Refs to common.yaml are bundled: the document resolves on its own.
    assert "common.yaml" not in json.dumps(document)
    assert "Problem" in document["components"]["schemas"]
    assert set(document["components"]["securitySchemes"]) == {"bearerAuth", "apiKeyAuth"}


def test_docs_page(http: httpx.Client) -> None:
    page = http.get("/schema")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "/schema/openapi.json" in page.text


def test_health_and_readiness(http: httpx.Client) -> None:
    assert http.get("/health").json() == {"status": "ok"}
    ready = http.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "plugins": {"auth": "ok"}}
    assert http.get("/auth/health").json() == {"status": "ok", "service": "auth"}


def test_logs_are_json_lines_with_correlation_ids(http: httpx.Client, platform: RunningPlatform) -> None:
    http.get("/health", headers={"X-Correlation-ID": "log-check-1"})
    records = []
    for line in platform.logs().splitlines():
        if line.startswith("{"):
            records.append(json.loads(line))
    assert any(r.get("event") == "plugin started" and r.get("plugin") == "auth" for r in records)
    access = [r for r in records if r.get("logger") == "turnout.access" and r.get("correlation_id") == "log-check-1"]
    assert access
    assert access[-1]["path"] == "/health"
    assert access[-1]["status"] == 200


def test_unsafe_correlation_ids_are_replaced(http: httpx.Client) -> None:
    response = http.get("/health", headers={"X-Correlation-ID": "bad id with spaces"})
    assert response.headers["x-correlation-id"] != "bad id with spaces"
    assert len(response.headers["x-correlation-id"]) == 32


def test_every_sqlite_file_is_per_plugin(platform: RunningPlatform) -> None:
    assert (platform.var_dir / "auth.sqlite").exists()
    assert (platform.var_dir / "auth" / "jwt-ed25519.pem").stat().st_mode & 0o077 == 0
