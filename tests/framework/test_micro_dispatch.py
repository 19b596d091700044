"""Starting a call at once and driving it on only when it suspends (framework._micro._start)."""

from __future__ import annotations

import asyncio
import contextvars

import pytest

from framework._loop import EventLoop, run
from framework._micro import _start

marker: contextvars.ContextVar[str] = contextvars.ContextVar("marker", default="unset")


async def test_a_call_that_never_waits_needs_no_task() -> None:
    done: list[str] = []

    async def quick() -> None:
        done.append("yes")

    assert _start(asyncio.get_running_loop(), quick()) is None
    assert done == ["yes"]


async def test_a_suspended_call_is_driven_to_the_end_with_its_results_and_errors() -> None:
    seen: list[object] = []
    loop = asyncio.get_running_loop()

    async def slow() -> None:
        token = marker.set("inside")
        await asyncio.sleep(0.01)
        seen.append(marker.get())
        future: asyncio.Future[int] = loop.create_future()
        loop.call_later(0.01, future.set_result, 42)
        seen.append(await future)
        failing: asyncio.Future[int] = loop.create_future()
        loop.call_later(0.01, failing.set_exception, ValueError("boom"))
        try:
            await failing
        except ValueError as error:
            seen.append(str(error))
        await asyncio.sleep(0)
        marker.reset(token)  # same context throughout: resetting works
        seen.append(marker.get())

    task = _start(loop, slow())
    assert task is not None
    await task
    assert seen == ["inside", 42, "boom", "unset"]
    assert marker.get() == "unset"  # nothing leaked into the caller's context


async def test_cancelling_the_driver_reaches_the_call_with_its_message() -> None:
    reasons: list[tuple[object, ...]] = []

    async def stuck() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError as cancelled:
            reasons.append(cancelled.args)
            raise

    task = _start(asyncio.get_running_loop(), stuck())
    assert task is not None
    await asyncio.sleep(0.01)
    task.cancel("deadline")
    with pytest.raises(asyncio.CancelledError):
        await task
    assert reasons == [("deadline",)]


async def test_a_cancel_after_the_awaited_future_finished_still_reaches_the_call() -> None:
    """The future is done and the call not yet resumed when the cancel comes: the call sees the cancel."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[int] = loop.create_future()
    seen: list[str] = []

    async def call() -> None:
        try:
            await future
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise
        seen.append("resumed")

    task = _start(loop, call())
    assert task is not None
    await asyncio.sleep(0)  # the task now waits on the future
    future.set_result(1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert seen == ["cancelled"]


def test_a_suspended_call_is_driven_on_uvloop() -> None:
    async def main() -> list[object]:
        seen: list[object] = []

        async def slow() -> None:
            marker.set("inside")
            await asyncio.sleep(0.01)
            seen.append(marker.get())
            try:
                await asyncio.wait_for(asyncio.sleep(10), 0.01)
            except TimeoutError:
                seen.append("timed out")

        task = _start(asyncio.get_running_loop(), slow())
        assert task is not None
        await task
        seen.append(marker.get())
        return seen

    assert run(main(), EventLoop.uvloop) == ["inside", "timed out", "unset"]
