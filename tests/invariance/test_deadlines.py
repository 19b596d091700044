"""Deadlines and cancellation: a callee past the caller's deadline is cancelled, the caller gets a 504."""

from __future__ import annotations

import uuid

import httpx

from tests.invariance.conftest import eventually

# Long enough that the call reaches target on a loaded machine; the stall waits on nothing that comes.
TIMEOUT_MS = 1000


def test_a_call_past_its_deadline_is_a_gateway_timeout_and_cancels_the_callee(pair: httpx.Client) -> None:
    token = uuid.uuid4()
    response = pair.post(f"/probe/stalls/{token}", params={"timeout_ms": TIMEOUT_MS})
    assert response.status_code == 200, response.text
    outcome = response.json()
    assert outcome["caught"] == {
        "caught_by": "GatewayTimeout",
        "class_name": "GatewayTimeout",
        "status": 504,
        "title": "Gateway Timeout",
        "type": "about:blank",
        "detail": "target did not answer before the deadline",
        "retry_after": None,
        "errors": None,
        "budget": None,
    }
    # Target saw the caller's deadline, to the bit, and its wait ended in cancellation, not later.
    record = eventually(lambda: pair.get(f"/probe/stalls/{token}").json(), lambda r: r.get("state") != "waiting")
    assert record == {"state": "cancelled", "deadline": outcome["deadline"]}


def test_an_unknown_stall_is_not_found(pair: httpx.Client) -> None:
    response = pair.get(f"/probe/stalls/{uuid.uuid4()}")
    assert response.status_code == 404, response.text
