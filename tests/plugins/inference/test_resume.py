"""A batch job stopped part way goes on from its last finished chunk after a restart, and its result is whole."""

from __future__ import annotations

import csv
import io
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests._platform import RunningPlatform, start_platform
from tests.conftest import register_and_login
from tests.plugins.inference._support import random_households, reference_scores, wait_finished
from tests.plugins.inference.test_batch import households_csv

# Chunks of 10 rows: thousands of chunks, so the job is still running when the platform stops.
SETTINGS = "\n[plugins.inference]\nbatch_chunk_rows = 10\nlease_seconds = 2.0\npoll_seconds = 0.2\n"


@pytest.fixture
def own_platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    platform = start_platform(tmp_path / "resume", extra_config=SETTINGS, timeout=180)
    try:
        yield platform
    finally:
        platform.stop()


def test_a_stopped_job_goes_on_from_its_last_chunk(own_platform: RunningPlatform) -> None:
    x = random_households(20_000, seed=5)
    with own_platform.client() as http:
        account = register_and_login(http)
        upload = http.post(
            "/files", files={"file": ("h.csv", households_csv(x, ids=False).encode(), "text/csv")}, headers=account.auth
        )
        assert upload.status_code == 201, upload.text
        job_id = http.post("/inference/batch-scores", json={"file_id": upload.json()["id"]}, headers=account.auth)
        job_id = job_id.json()["id"]
        deadline = time.monotonic() + 60
        while http.get(f"/inference/batch-scores/{job_id}", headers=account.auth).json()["progress"] == 0:
            assert time.monotonic() < deadline, "the job never made progress"
            time.sleep(0.05)

    process = own_platform.process("all-in-one")
    process.stop(signal.SIGTERM)
    process.start()
    own_platform.wait_ready(180)

    with own_platform.client() as http:
        job = wait_finished(http, account, job_id, within=120)
        assert job["status"] == "succeeded", job
        content = http.get(f"/files/{job['result_file_id']}/content", headers=account.auth).text
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [r["id"] for r in rows] == [str(i + 1) for i in range(len(x))]  # every row once, in order
    np.testing.assert_allclose([float(r["score"]) for r in rows], reference_scores(x)[0], atol=1e-5)
    log = own_platform.logs()
    assert "back in the queue" in log
    assert "chunks were already scored; going on from there" in log
