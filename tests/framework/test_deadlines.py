"""One sweeping timer expires what is late, forgets what finished, and stops when idle."""

from __future__ import annotations

import asyncio
import time

from framework._deadlines import DeadlineSweep


async def test_late_keys_expire_once_and_forgotten_ones_never() -> None:
    expired: list[tuple[str, float]] = []
    started = time.monotonic()
    sweep: DeadlineSweep[str] = DeadlineSweep(lambda key: expired.append((key, time.monotonic() - started)))
    sweep.watch("late", 0.1)
    sweep.watch("finished", 0.1)
    sweep.watch("patient", 10.0)
    sweep.forget("finished")
    await asyncio.sleep(0.3)
    assert [key for key, _ in expired] == ["late"]
    assert 0.1 <= expired[0][1] < 0.3  # within one interval (0.05 s) of its time, allowing a loaded machine
    sweep.forget("patient")
    await asyncio.sleep(0.1)
    assert sweep._timer is None  # nothing watched: the timer stopped
    sweep.watch("again", 0.0)
    await asyncio.sleep(0.1)
    assert [key for key, _ in expired] == ["late", "again"]
    sweep.close()
