"""Events: one delivery policy in both placements: tries until success, then a dead letter, then replay."""

from __future__ import annotations

import json
import subprocess
import uuid
from typing import Any

import httpx
import pytest

from tests._platform import TURNOUT, RunningPlatform
from tests.invariance.conftest import MAX_ATTEMPTS, eventually


def _attempts(pair: httpx.Client, key: uuid.UUID) -> dict[str, object]:
    response = pair.get(f"/probe/pokes/{key}")
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


@pytest.mark.parametrize("fail_times", [0, 2])
def test_a_failing_handler_is_called_until_it_succeeds_and_no_more(pair: httpx.Client, fail_times: int) -> None:
    key = uuid.uuid4()
    published = pair.post("/probe/pokes", json={"key": str(key), "fail_times": fail_times})
    assert published.status_code == 204, published.text
    handled = eventually(lambda: _attempts(pair, key), lambda body: body["handled"] is True)
    assert handled == {"attempts": fail_times + 1, "handled": True}
    # Handled means acknowledged: a later look sees no further call.
    assert _attempts(pair, key) == {"attempts": fail_times + 1, "handled": True}


def _dead_letters(platform: RunningPlatform) -> list[dict[str, Any]]:
    """What an operator sees: ``turnout dead-letters list --plugin probe``."""
    listed = subprocess.run(
        [TURNOUT, "dead-letters", "list", "--plugin", "probe", "--json", "--config", str(platform.config_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=platform.workdir,
    )
    assert listed.returncode == 0, listed.stderr
    letters: list[dict[str, Any]] = json.loads(listed.stdout)
    return letters


def test_a_handler_that_keeps_failing_is_dead_lettered_and_replayed(
    pair: httpx.Client, pair_platform: RunningPlatform
) -> None:
    key = uuid.uuid4()
    # Fails every try the policy allows; succeeds on the next call, which only a replay makes.
    published = pair.post("/probe/pokes", json={"key": str(key), "fail_times": MAX_ATTEMPTS})
    assert published.status_code == 204, published.text
    # Each look through the command starts a process: wait on the probe's cheap count before the first.
    eventually(lambda: _attempts(pair, key), lambda body: body["attempts"] == MAX_ATTEMPTS)
    mine = eventually(
        lambda: [d for d in _dead_letters(pair_platform) if str(key) in d["payload"]], lambda found: len(found) == 1
    )
    assert len(mine) == 1, mine
    letter = mine[0]
    assert letter["event"] == "target.poked"
    assert letter["plugin"] == "probe"
    assert letter["attempts"] == MAX_ATTEMPTS
    assert "failing on purpose" in letter["last_error"]
    assert _attempts(pair, key) == {"attempts": MAX_ATTEMPTS, "handled": False}

    replay = subprocess.run(
        [TURNOUT, "dead-letters", "replay", letter["id"], "--config", str(pair_platform.config_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=pair_platform.workdir,
    )
    assert replay.returncode == 0, replay.stderr
    handled = eventually(lambda: _attempts(pair, key), lambda body: body["handled"] is True)
    assert handled == {"attempts": MAX_ATTEMPTS + 1, "handled": True}
    gone = eventually(
        lambda: [d for d in _dead_letters(pair_platform) if str(key) in d["payload"]], lambda found: found == []
    )
    assert gone == []
