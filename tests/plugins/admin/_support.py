"""Helpers of the admin tests: the session's admin, and waiting for audit entries (events arrive asynchronously)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

__all__ = ["admin_headers", "audit_entries", "wait_for_entries", "wait_for_entry"]

_WITHIN = 60.0  # seconds for an event to reach the audit log on a loaded machine (a failure bound only)


def admin_headers(http: httpx.Client) -> dict[str, str]:
    """A fresh access token of the platform's first admin."""
    login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def audit_entries(http: httpx.Client, admin: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    response = http.get("/admin/audit", params={"limit": 200, **params}, headers=admin)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def wait_for_entry(
    http: httpx.Client, admin: dict[str, str], action: str, match: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """The newest entry of ``action`` that ``match`` accepts, polling until it is recorded."""
    deadline = time.monotonic() + _WITHIN
    while True:
        found = [entry for entry in audit_entries(http, admin, action=action) if match(entry)]
        if found:
            return found[0]
        assert time.monotonic() < deadline, f"no {action} entry within {_WITHIN}s"
        time.sleep(0.05)


def wait_for_entries(http: httpx.Client, admin: dict[str, str], count: int, **params: Any) -> list[dict[str, Any]]:
    """The entries ``params`` select, newest first, once there are at least ``count`` of them."""
    deadline = time.monotonic() + _WITHIN
    while len(found := audit_entries(http, admin, **params)) < count:
        assert time.monotonic() < deadline, f"fewer than {count} entries for {params} within {_WITHIN}s"
        time.sleep(0.05)
    return found
