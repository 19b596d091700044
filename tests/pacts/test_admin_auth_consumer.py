"""What the admin plugin needs from auth, written down as one pact (consumer side).

- Users: admin's own module (:class:`plugins.admin.users.AdminUsers`) reads, finds, re-roles, disables
  and enables users through the generated ``AuthClient`` over HTTP to pact's mock server, with an
  admin's access token (auth checks the role too).
- The audit log: every auth event it records (message interactions), decoded as the bus decodes them
  and appended by admin's own handler code to a real chain.

The committed ``pacts/admin-auth.json`` is verified by ``test_auth_provider``: the requests against
auth's HTTP edge, the messages against events auth really published.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import msgspec
import pytest
from pact import Pact, match
from pact.interaction import HttpInteraction

from framework import CallContext, LocalBus, Principal, ServiceError
from framework._db import open_plugin_database
from framework.transports._http import HttpTransport
from generated.admin.models import UserRole
from generated.auth import AuthClient
from plugins.admin.audit import AuditLog
from plugins.admin.audit_events import AUDITED, dedup_key
from plugins.admin.tables import TABLES
from plugins.admin.users import AdminUsers
from tests.pacts._harness import (
    UUID_PATTERN,
    assert_pact_committed,
    bearer_from_state,
    from_state,
    mock_provider,
    new_pact,
)
from tests.pacts._usage_messages import body_bytes, expect_event, timestamp

USER_ID = uuid.UUID("3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46")  # stands for the id the provider state makes
MISSING_USER_ID = uuid.UUID("b7d2e9f4-1c3a-4e5b-8d6f-0a9c2e4b6d81")  # no state ever makes this one
ADMIN_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
TOKEN = "example-admin-token"
CORRELATION_ID = "7d3c1b2a4e5f46a7b8c9d0e1f2a3b4c5"
CORRELATION_PATTERN = r"^[A-Za-z0-9._:\-]{1,128}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"
AN_ADMIN_AND_A_USER = "an admin and a user"
AN_ADMIN_AND_A_DISABLED_USER = "an admin and a disabled user"


def _user_path(suffix: str = "") -> Any:
    return from_state(
        f"/auth/users/{USER_ID}{suffix}",
        regex=rf"^/auth/users/{UUID_PATTERN}{suffix}$",
        expression="/auth/users/${userId}" + suffix,
    )


def _user(role: str = "user", disabled: bool = False) -> dict[str, Any]:
    return {
        "id": match.uuid(str(USER_ID), format="lowercase"),
        "email": match.regex("ada@example.com", regex=EMAIL_PATTERN),
        "display_name": match.str("Ada Lovelace"),
        "role": role,
        "created_at": timestamp(),
        "disabled": disabled,
    }


def _request(pact: Pact, description: str, state: str, method: str, path: Any) -> HttpInteraction:
    return (
        pact.upon_receiving(description)
        .given(state)
        .with_request(method, path)
        .with_header("Authorization", bearer_from_state(TOKEN))
        .with_header("X-Correlation-ID", match.regex(CORRELATION_ID, regex=CORRELATION_PATTERN))
    )


def expect_lookup(pact: Pact) -> None:
    interaction = _request(pact, "an admin's lookup of a user", AN_ADMIN_AND_A_USER, "GET", _user_path())
    interaction.will_respond_with(200).with_body(_user(), content_type="application/json")


def expect_role_change(pact: Pact) -> None:
    expect_lookup(pact)
    interaction = _request(pact, "an admin making a user an admin", AN_ADMIN_AND_A_USER, "PUT", _user_path("/role"))
    interaction.with_body({"role": "admin"}, content_type="application/json")
    interaction.will_respond_with(200).with_body(_user(role="admin"), content_type="application/json")


def expect_disable(pact: Pact) -> None:
    expect_lookup(pact)
    _request(pact, "an admin disabling a user", AN_ADMIN_AND_A_USER, "POST", _user_path("/disable")).will_respond_with(
        204
    )


def expect_enable(pact: Pact) -> None:
    lookup = _request(pact, "an admin's lookup of a disabled user", AN_ADMIN_AND_A_DISABLED_USER, "GET", _user_path())
    lookup.will_respond_with(200).with_body(_user(disabled=True), content_type="application/json")
    enable = _request(pact, "an admin enabling a user", AN_ADMIN_AND_A_DISABLED_USER, "POST", _user_path("/enable"))
    enable.will_respond_with(204)


def expect_search(pact: Pact) -> None:
    interaction = _request(pact, "an admin's search for users by email", AN_ADMIN_AND_A_USER, "GET", "/auth/users")
    interaction.with_query_parameter("q", "example.com").with_query_parameter("limit", "50")
    page = {"items": match.each_like(_user(), min=1), "page": {"limit": 50}}  # a next page or none: both fine
    interaction.will_respond_with(200).with_body(page, content_type="application/json")


def expect_missing_user(pact: Pact) -> None:
    path = f"/auth/users/{MISSING_USER_ID}"
    interaction = _request(pact, "an admin's lookup of a user that does not exist", AN_ADMIN_AND_A_USER, "GET", path)
    interaction.will_respond_with(404).with_body(
        {"type": match.str("about:blank"), "title": match.str("Not Found"), "status": 404, "detail": "no such user"},
        content_type="application/problem+json",
    )


def _ctx() -> CallContext:
    return CallContext(correlation_id=CORRELATION_ID, principal=Principal(subject=ADMIN_ID, roles=("admin",)))


async def look_up(users: AdminUsers) -> None:
    user = await users.get(_ctx(), USER_ID)
    assert (user.id, user.role, user.disabled) == (USER_ID, UserRole.user, False)


async def make_admin(users: AdminUsers) -> None:
    assert (await users.set_role(_ctx(), USER_ID, UserRole.admin)).role == UserRole.admin


async def disable(users: AdminUsers) -> None:
    assert (await users.disable(_ctx(), USER_ID)).disabled is True


async def enable(users: AdminUsers) -> None:
    assert (await users.enable(_ctx(), USER_ID)).disabled is False


async def search(users: AdminUsers) -> None:
    page = await users.list(_ctx(), q="example.com", role=None, disabled=None, limit=50, cursor=None)
    assert page.items


async def look_up_missing(users: AdminUsers) -> None:
    with pytest.raises(ServiceError) as refused:
        await users.get(_ctx(), MISSING_USER_ID)
    assert (refused.value.status, refused.value.detail) == (404, "no such user")


EDGE: list[tuple[Callable[[Pact], None], Callable[[AdminUsers], Awaitable[None]]]] = [
    (expect_lookup, look_up),
    (expect_role_change, make_admin),
    (expect_disable, disable),
    (expect_enable, enable),
    (expect_search, search),
    (expect_missing_user, look_up_missing),
]

_UUID = match.uuid(str(USER_ID), format="lowercase")
EVENTS: dict[str, dict[str, Any]] = {
    "auth.user_registered": {
        "user_id": _UUID,
        "email": match.regex("ada@example.com", regex=EMAIL_PATTERN),
        "registered_at": timestamp(),
    },
    "auth.password_changed": {"user_id": _UUID, "changed_at": timestamp()},
    "auth.login_succeeded": {"user_id": _UUID, "session_id": match.uuid(format="lowercase"), "at": timestamp()},
    "auth.login_failed": {
        "email": match.regex("ada@example.com", regex=EMAIL_PATTERN),
        "reason": match.regex("bad_credentials", regex=r"^(bad_credentials|disabled|throttled)$"),
        "at": timestamp(),
    },
    "auth.role_changed": {
        "user_id": _UUID,
        "role": match.regex("admin", regex=r"^(user|admin)$"),
        "previous_role": match.regex("user", regex=r"^(user|admin)$"),
        "actor_id": match.uuid(ADMIN_ID, format="lowercase"),
        "at": timestamp(),
    },
    "auth.user_disabled": {"user_id": _UUID, "actor_id": match.uuid(ADMIN_ID, format="lowercase"), "at": timestamp()},
    "auth.user_enabled": {"user_id": _UUID, "actor_id": match.uuid(ADMIN_ID, format="lowercase"), "at": timestamp()},
    "auth.api_key_created": {
        "user_id": _UUID,
        "key_id": match.uuid(format="lowercase"),
        "name": match.str("nightly import"),
        "at": timestamp(),
    },
    "auth.api_key_revoked": {"user_id": _UUID, "key_id": match.uuid(format="lowercase"), "at": timestamp()},
}


@asynccontextmanager
async def admin_users(base_url: str) -> AsyncIterator[AdminUsers]:
    transport = HttpTransport(base_url, bearer_token=TOKEN)
    try:
        yield AdminUsers(AuthClient(transport), LocalBus())
    finally:
        await transport.aclose()


async def test_admin_manages_users_and_audits_auth_events_through_auth(tmp_path: Path) -> None:
    for expect, call in EDGE:
        with mock_provider(tmp_path, "admin", "auth", expect) as url:
            async with admin_users(url) as users:
                await call(users)
    pact = new_pact("admin", "auth")
    for name, body in EVENTS.items():
        expect_event(pact, name, body)
    audited = {audited.event.name: audited for audited in AUDITED}
    bodies: list[bytes] = []
    pact.verify(lambda body, _: bodies.append(body_bytes(body)), "Async")
    # Handed over in the order the interactions were declared (the description is not handed over).
    received = [
        (name, msgspec.json.decode(data, type=audited[name].event.payload, strict=True))
        for name, data in zip(EVENTS, bodies, strict=True)
    ]
    assert len(received) == len(EVENTS)
    database = await open_plugin_database(f"sqlite:///{tmp_path / 'var'}", "admin", tmp_path / "var")
    try:
        database.bind(TABLES)
        await database.migrate(TABLES, [])
        log = AuditLog(database)
        for name, payload in received * 2:  # a redelivery is recorded once
            await log.append(audited[name].describe(payload), dedup_key(audited[name].event, payload))
        assert await log.verify() == (len(EVENTS), None)
    finally:
        await database.close()
    pact.write_file(tmp_path)
    assert_pact_committed(tmp_path, "admin", "auth")
