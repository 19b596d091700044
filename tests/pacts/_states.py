"""Provider states, by name: how a running platform is put in the state a consumer's interaction assumes.

Each state works through the public HTTP API only, so it holds in every placement, and makes fresh
users, so states never collide and need no teardown. A new edge adds its states here with
:func:`provider_state`; the provider test passes :data:`STATES` to the verifier's state server.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from tests._platform import RunningPlatform
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Account, register_and_login
from tests.pacts._harness import StateHandler

__all__ = ["STATES", "provider_state"]

STATES: dict[str, StateHandler] = {}


def provider_state(name: str) -> Callable[[StateHandler], StateHandler]:
    """Register the decorated function as the set-up of the provider state ``name``."""

    def register(handler: StateHandler) -> StateHandler:
        assert name not in STATES, f"provider state {name!r} is defined twice"
        STATES[name] = handler
        return handler

    return register


def _upload(http: httpx.Client, account: Account, params: Mapping[str, Any]) -> str:
    """Upload the file the state's parameters describe (``filename``, ``content``, ``content_type``); its id."""
    part = (params["filename"], str(params["content"]).encode(), params.get("content_type", "text/csv"))
    response = http.post("/files", files={"file": part}, headers=account.auth)
    assert response.status_code == 201, response.text
    file_id: str = response.json()["id"]
    return file_id


@provider_state("a user with a CSV file")
def user_with_csv_file(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """A fresh user who uploaded the file; the verifier calls as that user."""
    with platform.client() as http:
        owner = register_and_login(http)
        return {"fileId": _upload(http, owner, params), "token": owner.access_token}


@provider_state("another user's CSV file")
def another_users_csv_file(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """A file uploaded by one fresh user; the verifier calls as a second one, who may not read it."""
    with platform.client() as http:
        owner = register_and_login(http)
        file_id = _upload(http, owner, params)
        caller = register_and_login(http)
        return {"fileId": file_id, "token": caller.access_token}


@provider_state("a user without that file")
def user_without_file(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """A fresh user with no files at all; the file id comes from the interaction itself."""
    with platform.client() as http:
        return {"token": register_and_login(http).access_token}


@provider_state("a registered user")
def registered_user(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """A fresh user with the display name the interaction expects."""
    email = f"user-{uuid.uuid4().hex[:12]}@example.com"
    body = {"email": email, "password": "correct horse battery", "display_name": params["display_name"]}
    with platform.client() as http:
        response = http.post("/auth/register", json=body)
        assert response.status_code == 201, response.text
        user_id: str = response.json()["id"]
        return {"userId": user_id}


@provider_state("no such user")
def no_such_user(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """Nothing to set up: the interaction names an id no state ever makes."""
    return {}


def _admin_token(http: httpx.Client) -> str:
    login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    token: str = login.json()["access_token"]
    return token


@provider_state("an admin and a user")
def admin_and_user(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """The platform's first admin (the verifier calls as them) and a fresh plain user."""
    with platform.client() as http:
        return {"token": _admin_token(http), "userId": register_and_login(http).id}


@provider_state("an admin and a disabled user")
def admin_and_disabled_user(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """The platform's first admin and a fresh user they disabled."""
    with platform.client() as http:
        token, user = _admin_token(http), register_and_login(http)
        disabled = http.post(f"/auth/users/{user.id}/disable", headers={"Authorization": f"Bearer {token}"})
        assert disabled.status_code == 204, disabled.text
        return {"token": token, "userId": user.id}
