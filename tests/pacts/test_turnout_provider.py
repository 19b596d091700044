"""The framework's own events honour every committed pact whose provider is ``turnout`` (``pacts/*-turnout.json``).

The framework publishes ``turnout.usage`` from the HTTP edge; each message interaction is checked
against a report the edge really published after serving requests (:mod:`tests.pacts._messages`),
once per placement of the session's platform, like every provider.
"""

from __future__ import annotations

from tests._platform import RunningPlatform
from tests.pacts._harness import verify_provider
from tests.pacts._states import STATES


def test_the_framework_s_events_honour_their_consumers(platform: RunningPlatform) -> None:
    verify_provider("turnout", platform, STATES)
