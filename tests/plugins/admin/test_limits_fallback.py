"""When admin does not answer, files and simulation keep working on their own configured limits (logged)."""

from __future__ import annotations

import logging
import uuid

import pytest

from framework import CallContext, Principal
from framework.transports._http import HttpTransport
from generated.admin import AdminClient
from plugins.admin.rate_policy import TierRatePolicy
from plugins.files.user_limits import UserLimitsReader as FilesLimits
from plugins.simulation.user_limits import UserLimitsReader as SimulationLimits
from tests._platform import free_port


@pytest.mark.parametrize("reader", [FilesLimits, SimulationLimits])
async def test_an_unreachable_admin_gives_no_limits_and_is_logged(
    reader: type[FilesLimits] | type[SimulationLimits], caplog: pytest.LogCaptureFixture
) -> None:
    transport = HttpTransport(f"http://127.0.0.1:{free_port()}")  # nothing listens there
    try:
        limits = reader(AdminClient(transport), 5.0, logging.getLogger("test.limits"))
        with caplog.at_level(logging.WARNING, logger="test.limits"):
            assert await limits.of(CallContext.system(timeout=2.0), uuid.uuid4()) is None
    finally:
        await transport.aclose()
    assert "using the configured defaults" in caplog.text


async def test_the_edge_keeps_serving_without_a_per_user_rate_when_admin_is_unreachable(
    caplog: pytest.LogCaptureFixture,
) -> None:
    transport = HttpTransport(f"http://127.0.0.1:{free_port()}")  # nothing listens there
    try:
        policy = TierRatePolicy(AdminClient(transport), 5.0)
        with caplog.at_level(logging.WARNING, logger="turnout.admin.rate"):
            assert await policy.requests_per_minute(Principal(subject=str(uuid.uuid4()))) is None
        assert "admin service did not answer" in caplog.text
        # An admin is never held to a tier's rate: not even asked for.
        caplog.clear()
        assert await policy.requests_per_minute(Principal(subject=str(uuid.uuid4()), roles=("admin",))) is None
        assert caplog.text == ""
    finally:
        await transport.aclose()
