"""Nothing submitted is lost: a job interrupted by a stop or a crash runs again after a restart."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._platform import RunningPlatform, start_platform
from tests.conftest import register_and_login
from tests.plugins.simulation.test_api import PORTFOLIO, wait_finished

LONG = {**PORTFOLIO, "paths": 1_500_000, "steps": 120, "seed": 99}  # a few seconds on one core


@pytest.fixture
def own_platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    platform = start_platform(tmp_path / "resume")
    try:
        yield platform
    finally:
        platform.stop()


@pytest.mark.parametrize("crash", [False, True], ids=["stopped", "crashed"])
def test_interrupted_job_runs_again_after_restart(own_platform: RunningPlatform, crash: bool) -> None:
    with own_platform.client() as http:
        account = register_and_login(http)
        job_id = http.post("/simulations", json=LONG, headers=account.auth).json()["id"]
        deadline = time.monotonic() + 30
        while http.get(f"/simulations/{job_id}", headers=account.auth).json()["status"] != "running":
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.05)

    process = own_platform.process("all-in-one")
    if crash:
        process.crash()
    else:
        process.stop(signal.SIGTERM)
    process.start()
    own_platform.wait_ready()

    with own_platform.client() as http:
        # The access token is still valid: the signing key is on disk under var/.
        finished = wait_finished(http, account, job_id, within=90)
        assert finished["status"] == "succeeded", finished
        result = http.get(f"/simulations/{job_id}/result", headers=account.auth).json()
        assert result["seed"] == 99
        assert result["paths"] == 1_500_000
    log = own_platform.logs()
    assert ("back in the queue" in log) is not crash  # a crash leaves the claim to lapse
    assert "re-running (attempt 2)" in log
