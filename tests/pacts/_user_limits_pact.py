"""The ``getUserLimits`` interactions files and simulation each record with admin (an internal operation).

Both read a user's tier limits through the generated ``AdminClient`` with their own
``UserLimitsReader``; the interactions are the same shape, so they are written once here and each
consumer test records them under its own name and checks what it does with the answer.
"""

from __future__ import annotations

import uuid

from pact import Pact, match
from pact.interaction import HttpInteraction
from pact.match.matcher import AbstractMatcher

from tests.pacts._harness import UUID_PATTERN, from_state

__all__ = ["CORRELATION_ID", "TIER", "USER_ID", "expect_default_tier_user", "expect_tier_user"]

USER_ID = uuid.UUID("3e5a7c9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d")  # stands for the id the provider state makes
CORRELATION_ID = "7d3f1c9a2b4e4f6a8c0d1e2f3a4b5c6d"
CORRELATION_PATTERN = r"^[A-Za-z0-9._:\-]{1,128}$"
# The tier the provider state creates and puts the user on.
TIER: dict[str, object] = {
    "tier": "pact-small",
    "file_quota_bytes": 4096,
    "simulation_max_path_steps": 10000,
    "simulation_max_concurrent_jobs": 1,
    "requests_per_minute": 30,
}


def _limits_path() -> AbstractMatcher[str]:
    return from_state(
        f"/admin/internal/users/{USER_ID}/limits",
        regex=rf"^/admin/internal/users/{UUID_PATTERN}/limits$",
        expression="/admin/internal/users/${userId}/limits",
    )


def _lookup(pact: Pact, description: str, state: str, params: dict[str, object] | None) -> HttpInteraction:
    """A limits lookup as the generated client sends it: no credentials of its own, a correlation id."""
    return (
        pact.upon_receiving(description)
        .given(state, params)
        .with_request("GET", _limits_path())
        .with_header("X-Correlation-ID", match.regex(CORRELATION_ID, regex=CORRELATION_PATTERN))
    )


def expect_tier_user(pact: Pact) -> None:
    """A user put on a tier gets exactly that tier's limits."""
    interaction = _lookup(pact, "a lookup of the limits of a user on a tier", "a user on a tier", TIER)
    interaction.will_respond_with(200).with_body(TIER, content_type="application/json")


def expect_default_tier_user(pact: Pact) -> None:
    """A user with no tier gets the default tier's limits (whatever the platform configured them to be)."""
    interaction = _lookup(pact, "a lookup of the limits of a user with no tier", "a user with no tier", None)
    body = {
        "tier": match.str("free"),
        "file_quota_bytes": match.int(1073741824),
        "simulation_max_path_steps": match.int(2000000000),
        "simulation_max_concurrent_jobs": match.int(22),
        "requests_per_minute": None,
    }
    interaction.will_respond_with(200).with_body(body, content_type="application/json")
