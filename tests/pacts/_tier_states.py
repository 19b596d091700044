"""Provider states for the edges into admin (files and simulation reading tier limits), in :data:`STATES`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from tests._platform import RunningPlatform
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, register_and_login
from tests.pacts._states import STATES, provider_state

__all__ = ["STATES", "admin_auth"]


def admin_auth(http: httpx.Client) -> dict[str, str]:
    """The platform's configured admin, signed in."""
    login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


@provider_state("a user on a tier")
def user_on_a_tier(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """The tier the parameters describe (created, or set to them if it exists) and a fresh user on it."""
    limits = {key: value for key, value in params.items() if key != "tier"}
    with platform.client() as http:
        admin = admin_auth(http)
        created = http.post("/admin/tiers", json={"name": params["tier"], **limits}, headers=admin)
        if created.status_code == 409:  # made by an earlier verification on this platform
            created = http.put(f"/admin/tiers/{params['tier']}", json=limits, headers=admin)
        assert created.status_code in (200, 201), created.text
        user = register_and_login(http)
        moved = http.put(f"/admin/users/{user.id}/tier", json={"tier": params["tier"]}, headers=admin)
        assert moved.status_code == 200, moved.text
        return {"userId": user.id}


@provider_state("a user with no tier")
def user_with_no_tier(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """A fresh user nobody put on a tier."""
    with platform.client() as http:
        return {"userId": register_and_login(http).id}
