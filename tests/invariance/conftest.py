"""The invariance suite's platforms: both placements, each with the probe/target test plugin pair loaded.

A platform of its own per placement (not the shared ones of tests/conftest.py): the contract
fuzzing and hostile-input suites call every served operation, and these test plugins are no
part of the product they check.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests._platform import RunningPlatform, start_platform, start_split_platform
from tests._services import PostgresServer
from tests.conftest import PLACEMENTS

__all__ = ["EVENTS", "MAX_ATTEMPTS", "PAIR", "eventually"]

PAIR = {"extra_plugins": ["tests.invariance.plugins.target:plugin", "tests.invariance.plugins.probe:plugin"]}
# One delivery policy for both placements, with short waits: three tries, then a dead letter.
EVENTS = (
    "\n[events]\nmax_attempts = 3\nbackoff_base_seconds = 0.05\nbackoff_max_seconds = 0.2\nreplay_poll_seconds = 0.2\n"
)
MAX_ATTEMPTS = 3


@pytest.fixture(scope="session", params=PLACEMENTS)
def pair_platform(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningPlatform]:
    """A running platform per placement with probe and target: split puts each in a service of its own."""
    workdir = tmp_path_factory.mktemp(f"invariance-{request.param}")
    if request.param == "split":
        postgres: PostgresServer = request.getfixturevalue("postgres")
        database = postgres.create_database(f"invariance_{uuid.uuid4().hex[:8]}")
        running = start_split_platform(
            workdir, database_url=database, replicas=1, platform_settings=PAIR, extra_config=EVENTS, timeout=90.0
        )
    else:
        running = start_platform(workdir, platform_settings=PAIR, extra_config=EVENTS, timeout=60.0)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def pair(pair_platform: RunningPlatform) -> Iterator[httpx.Client]:
    """An HTTP client of the platform with the pair."""
    with pair_platform.client() as client:
        yield client


def eventually(read: Callable[[], Any], holds: Callable[[Any], bool], within: float = 30.0) -> Any:
    """Read until ``holds(value)``; the last value read. Generous: the suite runs on loaded machines."""
    give_up = time.monotonic() + within
    while True:
        value = read()
        if holds(value) or time.monotonic() >= give_up:
            return value
        time.sleep(0.05)
