"""What the files plugin needs from the admin service, written down as a pact (consumer side).

Files reads a user's storage quota (``file_quota_bytes``) from their tier (``getUserLimits``, an internal
operation that travels only between services). The calls go through files's own ``UserLimitsReader`` and
the generated ``AdminClient`` to pact's mock server in the operation's HTTP form; the pact they record
must equal the committed ``pacts/files-admin.json``, which ``test_admin_provider`` verifies against the
real admin service over NATS.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from pact import Pact

from framework import CallContext
from framework.transports._http import HttpTransport
from generated.admin import AdminClient
from plugins.files.user_limits import UserLimitsReader
from tests.pacts._harness import assert_pact_committed, mock_provider
from tests.pacts._user_limits_pact import (
    CORRELATION_ID,
    TIER,
    USER_ID,
    expect_default_tier_user,
    expect_tier_user,
)


async def read_tier_limits(limits_of: UserLimitsReader) -> None:
    limits = await limits_of.of(CallContext(correlation_id=CORRELATION_ID), USER_ID)
    assert limits is not None
    assert limits.file_quota_bytes == TIER["file_quota_bytes"]  # the quota an upload is checked against


async def read_default_limits(limits_of: UserLimitsReader) -> None:
    limits = await limits_of.of(CallContext(correlation_id=CORRELATION_ID), USER_ID)
    assert limits is not None
    assert limits.tier == "free"
    assert limits.file_quota_bytes >= 0


EDGE: list[tuple[Callable[[Pact], None], Callable[[UserLimitsReader], Awaitable[None]]]] = [
    (expect_tier_user, read_tier_limits),
    (expect_default_tier_user, read_default_limits),
]


@asynccontextmanager
async def limits_reader(base_url: str) -> AsyncIterator[UserLimitsReader]:
    transport = HttpTransport(base_url)
    try:
        # No caching: every lookup reaches the mock server.
        yield UserLimitsReader(AdminClient(transport), 0, logging.getLogger("pact.files"))
    finally:
        await transport.aclose()


async def test_files_reads_quotas_through_admin(tmp_path: Path) -> None:
    for expect, call in EDGE:
        with mock_provider(tmp_path, "files", "admin", expect) as url:
            async with limits_reader(url) as reader:
                await call(reader)
    assert_pact_committed(tmp_path, "files", "admin")
