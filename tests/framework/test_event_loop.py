"""Server processes run on uvloop by default; asyncio's loop is one option away."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import uvloop

from framework._loop import EventLoop, default_loop, loop_name, run
from tests._platform import AUTH_ONLY, RunningPlatform, start_platform
from tests._wait import wait_until


async def _running_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


@pytest.mark.parametrize(
    ("loop", "kind"), [(EventLoop.uvloop, uvloop.Loop), (EventLoop.asyncio, asyncio.BaseEventLoop)]
)
def test_run_uses_the_loop_asked_for(loop: EventLoop, kind: type) -> None:
    ran_on = run(_running_loop(), loop)
    assert isinstance(ran_on, kind)
    assert loop_name(ran_on) == loop.value


def test_uvloop_is_the_default_where_installed() -> None:
    assert default_loop() is EventLoop.uvloop
    assert loop_name(run(_running_loop())) == "uvloop"


def _loops_logged(platform: RunningPlatform, event: str) -> list[str]:
    lines = [json.loads(line) for line in platform.logs().splitlines() if line.startswith("{")]
    return [line["loop"] for line in lines if line.get("event") == event]


def test_every_server_process_runs_on_uvloop(platform: RunningPlatform) -> None:
    """The HTTP edge (all-in-one or gateway) and, split, every service process."""
    wait_until(lambda: bool(_loops_logged(platform, "serving HTTP")))
    assert set(_loops_logged(platform, "serving HTTP")) == {"uvloop"}
    if platform.placement == "split":
        services = [p for p in platform.processes if p.name != "gateway"]
        wait_until(lambda: len(_loops_logged(platform, "service ready")) == len(services))
        assert set(_loops_logged(platform, "service ready")) == {"uvloop"}


def test_loop_asyncio_is_honoured(tmp_path: Path) -> None:
    platform = start_platform(tmp_path, platform_settings=AUTH_ONLY, timeout=60)
    platform.stop()
    platform.processes[0].argv += ["--loop", "asyncio"]
    (tmp_path / "all-in-one.log").write_text("", encoding="utf-8")
    platform.processes[0].start()
    try:
        platform.wait_ready(60)
    finally:
        platform.stop()
    assert _loops_logged(platform, "serving HTTP") == ["asyncio"]
