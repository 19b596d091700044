"""The files service honours every committed pact whose provider it is (``pacts/*-files.json``).

The pacts are replayed against the real platform over HTTP, once per placement (the session's
``platform`` fixture): the all-in-one process and the split gateway with files on NATS, so an answer
that differs between placements breaks a pact. Provider states come from :mod:`tests.pacts._states`.
"""

from __future__ import annotations

from tests._platform import RunningPlatform
from tests.pacts._harness import verify_provider
from tests.pacts._states import STATES


def test_files_honours_its_consumers(platform: RunningPlatform) -> None:
    verify_provider("files", platform, STATES)
