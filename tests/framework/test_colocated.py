"""A colocated call follows the rules of a remote one: the caller's deadline, and no bare exceptions."""

from __future__ import annotations

import asyncio
import time

import pytest

from framework import CallContext, GatewayTimeout, NotFound, ServiceError
from framework._colocated import ColocatedTransport
from framework._errors import UNEXPECTED_DETAIL
from framework.runtime import Operation

OP: Operation[str] = Operation(
    service="callee", name="work", operation_id="work", method="POST", path="/work", status=200, params=(), result=str
)


class _Callee:
    def __init__(self) -> None:
        self.calls = 0
        self.cancelled = asyncio.Event()
        self.raises: BaseException | None = None

    async def work(self, ctx: CallContext, *, wait: bool = False) -> str:
        self.calls += 1
        if self.raises is not None:
            raise self.raises
        if wait:
            try:
                await asyncio.Event().wait()  # set by no one
            except asyncio.CancelledError:
                self.cancelled.set()
                raise
        return f"done for {ctx.correlation_id}"


def _ctx(timeout: float | None) -> CallContext:
    deadline = None if timeout is None else time.time() + timeout
    return CallContext(correlation_id="c-1", deadline=deadline)


async def test_a_call_within_its_deadline_returns_the_result() -> None:
    callee = _Callee()
    transport = ColocatedTransport(callee)
    assert await transport.call(OP, _ctx(None), {}) == "done for c-1"
    assert await transport.call(OP, _ctx(30.0), {}) == "done for c-1"
    assert callee.calls == 2


async def test_the_deadline_cancels_the_callee_and_the_caller_gets_a_gateway_timeout() -> None:
    callee = _Callee()
    with pytest.raises(GatewayTimeout) as raised:
        await ColocatedTransport(callee).call(OP, _ctx(0.2), {"wait": True})
    assert callee.cancelled.is_set()
    assert (raised.value.status, raised.value.detail) == (504, "callee did not answer before the deadline")


async def test_a_deadline_already_passed_does_not_call() -> None:
    callee = _Callee()
    with pytest.raises(GatewayTimeout, match="passed before callee was called"):
        await ColocatedTransport(callee).call(OP, _ctx(-1.0), {})
    assert callee.calls == 0


async def test_a_service_error_reaches_the_caller_as_raised() -> None:
    callee = _Callee()
    callee.raises = NotFound("no such thing")
    with pytest.raises(NotFound, match="no such thing"):
        await ColocatedTransport(callee).call(OP, _ctx(30.0), {})


@pytest.mark.parametrize("raised", [RuntimeError("a bug"), TimeoutError("the callee's own timeout")])
async def test_any_other_exception_is_a_500_problem_as_from_a_remote_service(raised: Exception) -> None:
    callee = _Callee()
    callee.raises = raised
    with pytest.raises(ServiceError) as caught:
        await ColocatedTransport(callee).call(OP, _ctx(30.0), {})
    assert type(caught.value) is ServiceError
    assert (caught.value.status, caught.value.detail) == (500, UNEXPECTED_DETAIL)


async def test_a_cancellation_from_elsewhere_stays_a_cancellation() -> None:
    callee = _Callee()
    call = asyncio.create_task(ColocatedTransport(callee).call(OP, _ctx(30.0), {"wait": True}))
    await asyncio.sleep(0.05)  # let the call reach the callee's wait
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    assert callee.cancelled.is_set()


async def test_after_a_gateway_timeout_the_callers_task_is_not_left_cancelling() -> None:
    callee = _Callee()
    with pytest.raises(GatewayTimeout):
        await ColocatedTransport(callee).call(OP, _ctx(0.1), {"wait": True})
    task = asyncio.current_task()
    assert task is not None
    assert task.cancelling() == 0
    await asyncio.sleep(0.01)  # the task goes on awaiting normally
