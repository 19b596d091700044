"""Guidance without inference, split over NATS: analyses still answer (``enriched: false`` and why), and
guidance starts while inference is down. (That calls recover once a service is back is the framework's own
test, tests/framework/test_split.py.)"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests._platform import RunningPlatform, start_split_platform
from tests.conftest import Account, register_and_login
from tests.plugins.guidance._data import END, START, household

PATIENCE = 120.0  # seconds for a process to start on a loaded 2-core machine
BODY = {"start": START.isoformat(), "end": END.isoformat()}


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    """One split platform of its own (each service on its own SQLite files): this module stops services."""
    platform = start_split_platform(
        tmp_path_factory.mktemp("guidance-split"), database_url="sqlite:///var", replicas=1, timeout=PATIENCE
    )
    try:
        yield platform
    finally:
        platform.stop()


def analyze(http: httpx.Client, account: Account) -> httpx.Response:
    return http.post("/guidance/analyses", json=BODY, headers=account.auth)


def eventually(http: httpx.Client, account: Account, accept: Callable[[dict[str, Any]], bool], what: str) -> None:
    """Analyse until an answer is accepted (processes take their time to start), within PATIENCE."""
    deadline = time.monotonic() + PATIENCE
    while True:
        response = analyze(http, account)
        if response.status_code == 201 and accept(response.json()):
            return
        assert time.monotonic() < deadline, f"{what}: last answer {response.status_code} {response.text}"
        time.sleep(0.2)


def test_an_analysis_answers_while_inference_is_down(split: RunningPlatform) -> None:
    with split.client() as http:
        account = register_and_login(http)
        household(http, account)
        enriched = analyze(http, account)
        assert enriched.status_code == 201, enriched.text
        assert enriched.json()["enriched"] is True, enriched.text
        assert enriched.json()["risk"]["model"] == "financial-risk"

        split.process("inference.1").stop()
        down = analyze(http, account)
        assert down.status_code == 201, down.text
        body = down.json()
        assert (body["enriched"], body["risk"]) == (False, None)
        assert "inference service is unavailable" in body["enrichment_reason"]
        assert {r["rule_id"] for r in body["recommendations"]} >= {"emergency_fund.low", "debt.avalanche_first"}

        # Guidance calls inference but does not need it to start.
        guidance = split.process("guidance.1")
        guidance.stop()
        guidance.start()
        eventually(http, account, lambda b: b["enriched"] is False, "guidance restarted without inference")
        assert guidance.running, split.logs()[-4000:]
