"""The analytics service honours every committed pact whose provider it is (``pacts/*-analytics.json``).

The pacts are replayed against the real platform over HTTP, once per placement (the session's
``platform`` fixture): the all-in-one process and the split gateway with analytics on NATS, so an answer
that differs between placements breaks a pact. Provider states come from :mod:`tests.pacts._states`
and :mod:`tests.pacts._guidance_states`.
"""

from __future__ import annotations

from tests._platform import RunningPlatform
from tests.pacts._guidance_states import STATES
from tests.pacts._harness import verify_provider


def test_analytics_honours_its_consumers(platform: RunningPlatform) -> None:
    verify_provider("analytics", platform, STATES)
