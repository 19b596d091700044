"""What the files plugin needs from the auth service, written down as a pact (consumer side).

Files asks auth whether a user it is told to share a file with exists (``getUserRef``, an internal
operation that travels only between services): the user's reference, or a 404 problem. The calls go
through the generated ``AuthClient`` to pact's mock server in the operation's HTTP form; the pact they
record must equal the committed ``pacts/files-auth.json``, which ``test_auth_provider`` verifies
against the real auth service over NATS.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from pact import Pact, match
from pact.interaction import HttpInteraction
from pact.match.matcher import AbstractMatcher

from framework import CallContext, ServiceError
from framework.transports._http import HttpTransport
from generated.auth import AuthClient
from tests.pacts._harness import UUID_PATTERN, assert_pact_committed, from_state, mock_provider

USER_ID = uuid.UUID("8a1c4e7b-2f3d-4b9a-a6e5-0c7d9f1b3e28")  # stands for the id the provider state makes
MISSING_USER_ID = uuid.UUID("e0c1d2b3-a4f5-4e6d-9c8b-7a6f5e4d3c2b")  # no state ever makes this one
DISPLAY_NAME = "Charles Babbage"
CORRELATION_ID = "0af7651916cd43dd8448eb211c80319c"
CORRELATION_PATTERN = r"^[A-Za-z0-9._:\-]{1,128}$"


def _lookup(
    pact: Pact, description: str, state: str, path: str | AbstractMatcher[str], params: dict[str, object] | None
) -> HttpInteraction:
    """A user lookup as the generated client sends it: no credentials of its own, a correlation id."""
    return (
        pact.upon_receiving(description)
        .given(state, params)
        .with_request("GET", path)
        .with_header("X-Correlation-ID", match.regex(CORRELATION_ID, regex=CORRELATION_PATTERN))
    )


def expect_registered_user(pact: Pact) -> None:
    path = from_state(
        f"/auth/internal/users/{USER_ID}",
        regex=rf"^/auth/internal/users/{UUID_PATTERN}$",
        expression="/auth/internal/users/${userId}",
    )
    state: dict[str, object] = {"display_name": DISPLAY_NAME}
    interaction = _lookup(pact, "a lookup of a registered user", "a registered user", path, state)
    interaction.will_respond_with(200).with_body(
        {"id": match.uuid(str(USER_ID), format="lowercase"), "display_name": DISPLAY_NAME},
        content_type="application/json",
    )


def expect_missing_user(pact: Pact) -> None:
    path = f"/auth/internal/users/{MISSING_USER_ID}"
    interaction = _lookup(pact, "a lookup of a user that does not exist", "no such user", path, None)
    interaction.will_respond_with(404).with_body(
        {"type": match.str("about:blank"), "title": match.str("Not Found"), "status": 404, "detail": "no such user"},
        content_type="application/problem+json",
    )


async def look_up_registered_user(auth: AuthClient) -> None:
    user = await auth.get_user_ref(CallContext(correlation_id=CORRELATION_ID), user_id=USER_ID)
    assert (user.id, user.display_name) == (USER_ID, DISPLAY_NAME)


async def look_up_missing_user(auth: AuthClient) -> None:
    # What share_file does with the answer: the caller gets a 404 "no such user".
    with pytest.raises(ServiceError) as refused:
        await auth.get_user_ref(CallContext(correlation_id=CORRELATION_ID), user_id=MISSING_USER_ID)
    assert (refused.value.status, refused.value.detail) == (404, "no such user")


EDGE: list[tuple[Callable[[Pact], None], Callable[[AuthClient], Awaitable[None]]]] = [
    (expect_registered_user, look_up_registered_user),
    (expect_missing_user, look_up_missing_user),
]


@asynccontextmanager
async def auth_client(base_url: str) -> AsyncIterator[AuthClient]:
    transport = HttpTransport(base_url)
    try:
        yield AuthClient(transport)
    finally:
        await transport.aclose()


async def test_files_looks_users_up_through_auth(tmp_path: Path) -> None:
    for expect, call in EDGE:
        with mock_provider(tmp_path, "files", "auth", expect) as url:
            async with auth_client(url) as auth:
                await call(auth)
    assert_pact_committed(tmp_path, "files", "auth")
