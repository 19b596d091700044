"""A body that breaks several constraints is refused once, listing every violation with its JSON pointer.

The same problem in both placements (the edge decodes the body either way), and the same list from a
service answering over NATS, which decodes the body of a call itself.
"""

from __future__ import annotations

from typing import Any

import httpx
import msgspec
import nats
import pytest

from framework.transports._wire import ERROR_CODE, subject_for
from tests._platform import RunningPlatform
from tests.conftest import assert_problem

DISPLAY_NAME_PATTERN = "^[^\\x00-\\x1f\\x7f-\\x9f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2069\\ufeff]*$"
# Four faults at once: msgspec alone names only the first it meets.
BODY = {"email": 3, "password": "short", "display_name": "tab\there", "nickname": "ada"}
ERRORS = [
    {
        "pointer": "/display_name",
        "field": "display_name",
        "message": "must match the pattern " + DISPLAY_NAME_PATTERN,
    },
    {"pointer": "/email", "field": "email", "message": "must be of type string"},
    {"pointer": "/nickname", "field": "nickname", "message": "is not a property of this object"},
    {"pointer": "/password", "field": "password", "message": "must be at least 8 characters long"},
]
PROBLEM = {
    "type": "about:blank",
    "title": "Bad Request",
    "status": 400,
    "detail": "Validation failed for POST /auth/register",
    "errors": ERRORS,
}
NESTED = {
    "assets": [{"name": "", "weight": 2, "expected_return": 0.05, "volatility": 0.1}],
    "initial_value": 1000,
    "horizon_years": 0,
    "steps": 12,
    "paths": 100,
}
NESTED_ERRORS = [
    ("/assets/0/name", "must be at least 1 characters long"),
    ("/assets/0/name", "must match the pattern ^[A-Za-z0-9][A-Za-z0-9 ._-]*$"),
    ("/assets/0/weight", "must be at most 1"),
    ("/horizon_years", "must be greater than 0"),
]


def _without_correlation_id(body: dict[str, Any]) -> dict[str, Any]:
    assert isinstance(body.pop("correlation_id"), str)
    return body


def test_every_violation_of_a_body_is_listed_the_same_in_each_placement(http: httpx.Client) -> None:
    problem = assert_problem(http.post("/auth/register", json=BODY), 400)
    assert _without_correlation_id(problem) == PROBLEM


def test_nested_violations_carry_their_pointers(http: httpx.Client) -> None:
    email = "nested-violations@example.com"
    password = "a password long enough"
    assert http.post("/auth/register", json={"email": email, "password": password}).status_code in (201, 409)
    token = http.post("/auth/login", json={"email": email, "password": password}).json()["access_token"]
    problem = assert_problem(http.post("/simulations", json=NESTED, headers={"Authorization": f"Bearer {token}"}), 400)
    assert [(e["pointer"], e["message"]) for e in problem["errors"]] == NESTED_ERRORS  # type: ignore[attr-defined]


def test_a_number_or_boolean_sent_as_a_string_is_refused_not_converted(http: httpx.Client) -> None:
    """JSON has types: "12" is no number and "true" no boolean, whatever lax decoding would make of them."""
    email = "lax-body@example.com"
    password = "a password long enough"
    assert http.post("/auth/register", json={"email": email, "password": password}).status_code in (201, 409)
    token = http.post("/auth/login", json={"email": email, "password": password}).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    transaction = {"external_id": "lax-1", "date": "2026-01-02", "amount": "12"}
    problem = assert_problem(
        http.post("/analytics/transactions", json={"transactions": [transaction]}, headers=auth), 400
    )
    assert [(e["pointer"], e["message"]) for e in problem["errors"]] == [  # type: ignore[attr-defined]
        ("/transactions/0/amount", "must be of type number")
    ]
    problem = assert_problem(http.post("/guidance/analyses", json={"fire_probability": "true"}, headers=auth), 400)
    assert [e["pointer"] for e in problem["errors"]] == ["/fire_probability"]  # type: ignore[attr-defined]
    listed = http.get("/analytics/transactions", headers=auth).json()["items"]
    assert [t for t in listed if t["external_id"] == "lax-1"] == []  # nothing stored


@pytest.mark.parametrize("platform", ["split"], indirect=True)
async def test_a_service_over_nats_lists_the_same_violations(platform: RunningPlatform) -> None:
    assert platform.nats_url is not None
    nc = await nats.connect(platform.nats_url)
    try:
        reply = await nc.request(subject_for("auth", "registerUser"), msgspec.json.encode({"body": BODY}), timeout=10)
    finally:
        await nc.close()
    assert (reply.headers or {}).get(ERROR_CODE) == "400"
    problem = msgspec.json.decode(reply.data)
    assert problem["status"] == 400
    assert problem["errors"] == ERRORS
