"""When admin does not answer, files and simulation keep working on their own configured limits (logged)."""

from __future__ import annotations

import logging
import uuid

import pytest

from framework import CallContext
from framework.transports._http import HttpTransport
from generated.admin import AdminClient
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
