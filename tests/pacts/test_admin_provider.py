"""The admin service honours every committed pact whose provider it is (``pacts/*-admin.json``).

Admin's consumers call ``getUserLimits``, an operation that travels only between services
(``x-internal``), so the pacts are replayed through a bridge onto NATS against the real admin service
of the split platform (PostgreSQL), exactly where the edge is crossed. Colocated, the same calls are
plain method calls on the same implementation. Provider states come from :mod:`tests.pacts._tier_states`.
"""

from __future__ import annotations

import pytest

from generated.admin import CONTRACT as ADMIN
from tests._platform import RunningPlatform
from tests.pacts._harness import verify_provider
from tests.pacts._nats_bridge import nats_bridge
from tests.pacts._tier_states import STATES


@pytest.mark.parametrize("platform", ["split"], indirect=True)
def test_admin_honours_its_consumers(platform: RunningPlatform) -> None:
    assert platform.nats_url is not None
    with nats_bridge(ADMIN, platform.nats_url) as url:
        verify_provider("admin", platform, STATES, base_url=url)
