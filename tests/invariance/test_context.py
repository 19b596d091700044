"""The caller's principal, correlation id and deadline reach the callee unchanged in both placements."""

from __future__ import annotations

import httpx

from tests.conftest import register_and_login


def test_a_bearer_principal_reaches_target_unchanged(pair: httpx.Client) -> None:
    account = register_and_login(pair)
    response = pair.get("/probe/context", headers={**account.auth, "X-Correlation-Id": "invariance-bearer-1"})
    assert response.status_code == 200, response.text
    seen = response.json()
    assert seen["target"] == seen["probe"]
    probe = seen["probe"]
    assert (probe["subject"], probe["roles"], probe["scheme"]) == (account.id, ["user"], "bearer")
    assert probe["session_id"]
    assert probe["correlation_id"] == "invariance-bearer-1"
    assert isinstance(probe["deadline"], float)


def test_an_api_key_principal_reaches_target_unchanged(pair: httpx.Client) -> None:
    account = register_and_login(pair)
    created = pair.post("/auth/api-keys", json={"name": "invariance"}, headers=account.auth)
    assert created.status_code == 201, created.text
    key = created.json()
    response = pair.get("/probe/context", headers={"X-API-Key": key["key"]})
    assert response.status_code == 200, response.text
    seen = response.json()
    assert seen["target"] == seen["probe"]
    probe = seen["probe"]
    assert (probe["subject"], probe["scheme"], probe["api_key_id"]) == (account.id, "api_key", key["id"])
    assert "user" in probe["roles"]
