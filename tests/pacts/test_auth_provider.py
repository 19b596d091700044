"""The auth service honours every committed pact whose provider it is (``pacts/*-auth.json``).

Auth's consumers call operations that travel only between services (``x-internal``), so the pacts are
replayed through a bridge onto NATS against the real auth service of the split platform (two replicas
behind a queue group, PostgreSQL), exactly where the edge is crossed. Colocated, the same calls are
plain method calls on the same implementation. Admin's calls go to auth's admin operations at the
HTTP edge, with an admin's access token.
"""

from __future__ import annotations

import pytest

from generated.auth import CONTRACT as AUTH
from tests._platform import RunningPlatform
from tests.pacts._harness import PACTS_DIR, verify_provider
from tests.pacts._nats_bridge import nats_bridge
from tests.pacts._states import STATES

# Admin calls auth's admin operations, which are served over HTTP too: verified at the HTTP edge, with
# the admin's token, where auth checks it (the bridge carries no credentials).
_AT_THE_EDGE = ("admin",)


@pytest.mark.parametrize("platform", ["split"], indirect=True)
def test_auth_honours_its_consumers(platform: RunningPlatform) -> None:
    assert platform.nats_url is not None
    internal = sorted({p.stem.removesuffix("-auth") for p in PACTS_DIR.glob("*-auth.json")} - set(_AT_THE_EDGE))
    with nats_bridge(AUTH, platform.nats_url) as url:
        verify_provider("auth", platform, STATES, base_url=url, consumers=internal)
    verify_provider("auth", platform, STATES, consumers=_AT_THE_EDGE)
