"""``turnout top --once`` against a running platform, in both placements, while requests flow."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests._platform import RunningPlatform
from tests.conftest import Account

TURNOUT = str(Path(sys.executable).parent / "turnout")
_CELL = re.compile(r"[│┃|]")


@contextmanager
def traffic(platform: RunningPlatform, account: Account) -> Iterator[list[int]]:
    """GET /auth/me over and over, and a user only admins may read (403), until the block ends."""
    stop = threading.Event()
    statuses: list[int] = []

    def run() -> None:
        with platform.client() as client:
            while not stop.is_set():
                statuses.append(client.get("/auth/me", headers=account.auth).status_code)
                statuses.append(client.get(f"/auth/users/{uuid.UUID(int=0)}", headers=account.auth).status_code)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield statuses
    finally:
        stop.set()
        thread.join(timeout=30)


def rows(output: str) -> dict[tuple[str, str], list[str]]:
    """The table's rows by (plugin, via), each the rest of its cells."""
    found = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in _CELL.split(line)]
        cells = [cell for cell in cells if cell]
        if len(cells) == 8 and cells[1] in ("http", "nats"):
            found[(cells[0], cells[1])] = cells[2:]
    return found


def top(platform: RunningPlatform, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TURNOUT, "top", "--config", str(platform.config_path), "--url", platform.base_url, "--once", *args],
        capture_output=True,
        text=True,
        cwd=platform.workdir,
        env={**os.environ, **platform.env, "COLUMNS": "160"},
        timeout=120,
        check=False,
    )


def test_top_once_shows_the_plugins_with_traffic(platform: RunningPlatform, account: Account) -> None:
    # All-in-one has no service processes: its NATS URL would reach whatever listens on the default port.
    discovery = ["--nats"] if platform.placement == "split" else ["--no-nats"]
    with traffic(platform, account) as statuses:
        result = top(platform, "--interval", "2", *discovery)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 200 in statuses
    table = rows(result.stdout)
    requests, server_errors, client_errors, error_share, p50, p99 = table[("auth", "http")]
    assert float(requests) > 0, result.stdout
    assert float(client_errors) > 0  # the 403s of the admins-only read
    assert float(server_errors) == 0
    assert float(error_share) == 0
    assert 0 < float(p50) <= float(p99), result.stdout
    if platform.placement == "split":
        served = table[("auth", "nats")]  # found over NATS: the identity replicas' own /metrics
        assert float(served[0]) > 0, result.stdout
        assert "unreachable" not in result.stdout
    else:
        assert not any(via == "nats" for _, via in table)
    assert not any(plugin in ("turnout", "-") for plugin, _ in table)  # its own scrapes are not traffic


def test_top_says_when_nothing_answers(tmp_path: Path) -> None:
    result = subprocess.run(
        [TURNOUT, "top", "--url", "http://127.0.0.1:9/", "--no-nats", "--once", "--interval", "0.1"],  # discard port
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "no /metrics answered" in result.stdout + result.stderr
