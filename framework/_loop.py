"""The event loop Turnout's server processes run on: uvloop where it is installed, else asyncio's own.

uvloop took 15-33% off a NATS call's p50 here (``just bench-calls --loop both``); asyncio's loop
stays one option away (``--loop asyncio``) for debugging and for platforms uvloop does not support.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Callable, Coroutine
from enum import StrEnum
from typing import Any, TypeVar

__all__ = ["EventLoop", "default_loop", "loop_factory", "loop_name", "run"]

T = TypeVar("T")


class EventLoop(StrEnum):
    """The event loops a server process can run on (granian's names for them)."""

    uvloop = "uvloop"
    asyncio = "asyncio"


def default_loop() -> EventLoop:
    """uvloop when it can be imported (every platform but Windows), else asyncio."""
    return EventLoop.uvloop if importlib.util.find_spec("uvloop") is not None else EventLoop.asyncio


def loop_factory(loop: EventLoop) -> Callable[[], asyncio.AbstractEventLoop]:
    """What makes a new loop of that kind."""
    if loop is EventLoop.uvloop:
        import uvloop

        return uvloop.new_event_loop
    return asyncio.new_event_loop


def loop_name(loop: asyncio.AbstractEventLoop) -> str:
    """``uvloop`` or ``asyncio``: which kind ``loop`` is, for logs."""
    return "uvloop" if type(loop).__module__.startswith("uvloop") else "asyncio"


def run(main: Coroutine[Any, Any, T], loop: EventLoop | None = None) -> T:
    """``asyncio.run`` on the given loop (default: :func:`default_loop`)."""
    with asyncio.Runner(loop_factory=loop_factory(loop or default_loop())) as runner:
        return runner.run(main)
