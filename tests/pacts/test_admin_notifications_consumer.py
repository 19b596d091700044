"""What the admin plugin needs from notifications, written down as a pact (consumer side).

Admin lists the notification deliveries that gave up with every plugin's dead letters, and replays
them (``listDeadDeliveries`` / ``replayDelivery``, with the admin's own token). The calls go through
admin's own :class:`plugins.admin.dead_letters.NotificationDeadDeliveries` and the generated
``NotificationsClient`` to pact's mock server; the pact they record must equal the committed
``pacts/admin-notifications.json``, which ``test_notifications_provider`` verifies against the real
platform in both placements.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from pact import Pact, match
from pact.interaction import HttpInteraction

from framework import CallContext, NotFound, Principal
from framework.transports._http import HttpTransport
from generated.notifications import NotificationsClient
from plugins.admin.dead_letters import NotificationDeadDeliveries
from tests.pacts._harness import UUID_PATTERN, assert_pact_committed, bearer_from_state, from_state, mock_provider

CORRELATION_ID = "4b3a2c1d0e9f48a7b6c5d4e3f2a1b0c9"
CORRELATION_PATTERN = r"^[A-Za-z0-9._:\-]{1,128}$"
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
TOKEN = "example-admin-token"
STATE = "an admin and a dead delivery"
DELIVERY_ID = uuid.UUID("6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d")  # stands for the id the provider state makes
MISSING_ID = uuid.UUID("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f")  # no state ever makes this one


def _uuid(example: str) -> Any:
    return match.uuid(example, format="lowercase")


def _timestamp(example: str = "2026-01-02T03:04:05Z") -> Any:
    return match.regex(example, regex=TIMESTAMP_PATTERN)


def _delivery(status: str, status_pattern: str) -> dict[str, Any]:
    return {
        "id": _uuid(str(DELIVERY_ID)),
        "channel": match.regex("webhook", regex="^(in_app|email|webhook|sms|push)$"),
        "user_id": _uuid("5d1f7a2b-6c3e-4f80-9a1b-2c3d4e5f6a7b"),
        "webhook_id": _uuid("0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f"),
        "kind": match.str("webhook.test"),
        "status": match.regex(status, regex=status_pattern),
        "attempts": match.integer(3),
        "last_error": match.str("could not connect"),
        "created_at": _timestamp(),
        "finished_at": _timestamp(),
    }


def _request(pact: Pact, description: str, method: str, path: Any) -> HttpInteraction:
    return (
        pact.upon_receiving(description)
        .given(STATE)
        .with_request(method, path)
        .with_header("Authorization", bearer_from_state(TOKEN))
        .with_header("X-Correlation-ID", match.regex(CORRELATION_ID, regex=CORRELATION_PATTERN))
    )


def expect_dead_list(pact: Pact) -> None:
    interaction = _request(pact, "an admin listing dead deliveries", "GET", "/notifications/deliveries/dead")
    interaction.with_query_parameter("limit", "200")
    # Among whatever else is dead on the platform (other channels' deliveries have no webhook), the state's one.
    page = {"items": match.array_containing([_delivery("dead", "^dead$")]), "page": {"limit": match.integer(200)}}
    interaction.will_respond_with(200).with_body(page, content_type="application/json")


def expect_replay(pact: Pact) -> None:
    path = from_state(
        f"/notifications/deliveries/{DELIVERY_ID}/replay",
        regex=rf"^/notifications/deliveries/{UUID_PATTERN}/replay$",
        expression="/notifications/deliveries/${deliveryId}/replay",
    )
    interaction = _request(pact, "an admin replaying a dead delivery", "POST", path)
    # Answered as the replay left it: queued again, no end yet (the last attempt's error still shown).
    body = {**_delivery("queued", "^queued$"), "finished_at": None}
    interaction.will_respond_with(202).with_body(body, content_type="application/json")


def expect_missing(pact: Pact) -> None:
    path = f"/notifications/deliveries/{MISSING_ID}/replay"
    interaction = _request(pact, "an admin replaying a delivery that does not exist", "POST", path)
    problem = {"type": match.str("about:blank"), "title": match.str("Not Found"), "status": 404}
    interaction.will_respond_with(404).with_body(problem, content_type="application/problem+json")


def expect_dead_deliveries(pact: Pact) -> None:
    expect_dead_list(pact)
    expect_replay(pact)


@asynccontextmanager
async def dead_deliveries(base_url: str) -> AsyncIterator[NotificationDeadDeliveries]:
    transport = HttpTransport(base_url, bearer_token=TOKEN)
    try:
        yield NotificationDeadDeliveries(NotificationsClient(transport))
    finally:
        await transport.aclose()


async def list_and_replay(deliveries: NotificationDeadDeliveries, ctx: CallContext) -> None:
    listed = await deliveries.list(ctx)
    assert listed is not None
    [letter] = listed
    assert (letter.id, letter.kind.value, letter.plugin) == (f"delivery:{DELIVERY_ID}", "delivery", "notifications")
    assert (letter.attempts, letter.last_error) == (3, "could not connect")
    replayed = await deliveries.replay(ctx, str(DELIVERY_ID))
    assert replayed.replay_requested is True


async def replay_missing(deliveries: NotificationDeadDeliveries, ctx: CallContext) -> None:
    with pytest.raises(NotFound):
        await deliveries.replay(ctx, str(MISSING_ID))


EDGE: list[tuple[Callable[[Pact], None], Callable[[NotificationDeadDeliveries, CallContext], Awaitable[None]]]] = [
    (expect_dead_deliveries, list_and_replay),
    (expect_missing, replay_missing),
]


async def test_admin_lists_and_replays_dead_deliveries_through_notifications(tmp_path: Path) -> None:
    ctx = CallContext(correlation_id=CORRELATION_ID, principal=Principal(subject=str(uuid.uuid4()), roles=("admin",)))
    for expect, call in EDGE:
        with mock_provider(tmp_path, "admin", "notifications", expect) as url:
            async with dead_deliveries(url) as deliveries:
                await call(deliveries, ctx)
    assert_pact_committed(tmp_path, "admin", "notifications")
