"""The notifications service honours every committed pact whose provider it is (``pacts/*-notifications.json``).

The pacts are replayed against the real platform over HTTP, once per placement (the session's
``platform`` fixture). Provider states come from :mod:`tests.pacts._notifications_states`.
"""

from __future__ import annotations

from tests._platform import RunningPlatform
from tests.pacts._harness import verify_provider
from tests.pacts._notifications_states import STATES


def test_notifications_honours_its_consumers(platform: RunningPlatform) -> None:
    verify_provider("notifications", platform, STATES)
