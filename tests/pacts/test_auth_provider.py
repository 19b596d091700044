"""The auth service honours every committed pact whose provider it is (``pacts/*-auth.json``).

Auth's consumers call operations that travel only between services (``x-internal``), so the pacts are
replayed through a bridge onto NATS against the real auth service of the split platform (two replicas
behind a queue group, PostgreSQL), exactly where the edge is crossed. Colocated, the same calls are
plain method calls on the same implementation.
"""

from __future__ import annotations

import pytest

from generated.auth import CONTRACT as AUTH
from tests._platform import RunningPlatform
from tests.pacts._harness import verify_provider
from tests.pacts._nats_bridge import nats_bridge
from tests.pacts._states import STATES


@pytest.mark.parametrize("platform", ["split"], indirect=True)
def test_auth_honours_its_consumers(platform: RunningPlatform) -> None:
    assert platform.nats_url is not None
    with nats_bridge(AUTH, platform.nats_url) as url:
        verify_provider("auth", platform, STATES, base_url=url)
