"""The simulation plugin honours every committed pact whose provider it is (``pacts/*-simulation.json``).

Requests are replayed against the real platform over HTTP, once per placement (the session's
``platform`` fixture); a message interaction (an event a consumer handles) is checked against the
event the simulation plugin really publishes (:mod:`tests.pacts._messages`). Provider states come
from :mod:`tests.pacts._states` and :mod:`tests.pacts._guidance_states`.
"""

from __future__ import annotations

from tests._platform import RunningPlatform
from tests.pacts._guidance_states import STATES
from tests.pacts._harness import verify_provider


def test_simulation_honours_its_consumers(platform: RunningPlatform) -> None:
    verify_provider("simulation", platform, STATES)
