"""A call to a plugin in the same process, kept to the rules a call over NATS follows.

A plugin that calls another gets the generated client over :class:`ColocatedTransport` when the
other runs in its process, so what it observes does not depend on placement: the callee is
cancelled at the caller's deadline and the caller gets :class:`GatewayTimeout`; an exception that
is no ServiceError reaches the caller as a 500 ServiceError, as it would from a remote service.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, TypeVar

from framework._context import CallContext
from framework._deadlines import DeadlineSweep
from framework._errors import UNEXPECTED_DETAIL, GatewayTimeout, ServiceError
from framework._stepping import resume
from framework.runtime import Operation

__all__ = ["ColocatedTransport"]

log = logging.getLogger("turnout.colocated")

R = TypeVar("R")

_DEADLINE = "turnout: colocated deadline passed"


class _Watched:
    """One call under a deadline: the task it runs in (the caller's), and whether the deadline fired."""

    __slots__ = ("fired", "task")

    def __init__(self, task: asyncio.Task[Any]) -> None:
        self.task = task
        self.fired = False


def _expire(call: _Watched) -> None:
    call.fired = True
    call.task.cancel(_DEADLINE)


class ColocatedTransport:
    """Calls ``service`` (a plugin's implementation) directly, under the caller's deadline.

    The callee runs in the caller's task, as a plain awaited call; one DeadlineSweep (not a timer
    per call, which would cost more than the call) cancels that task when a deadline passes.
    """

    def __init__(self, service: object) -> None:
        self._service = service
        self._methods: dict[str, Any] = {}
        self._deadlines: DeadlineSweep[_Watched] = DeadlineSweep(_expire)

    async def call(self, op: Operation[R], ctx: CallContext, args: dict[str, Any]) -> R:
        # The callee's first step runs inline: a call that answers without waiting needs no deadline watch.
        method = self._methods.get(op.name)
        if method is None:
            method = self._methods[op.name] = getattr(self._service, op.name)
        deadline = ctx.deadline
        try:
            if deadline is None:
                result: R = await method(ctx, **args)
                return result
            remaining = deadline - time.time()
            if remaining <= 0:
                raise GatewayTimeout(f"the deadline passed before {op.service} was called")
            coro = method(ctx, **args)
            try:
                yielded = coro.send(None)
            except StopIteration as done:  # answered without waiting: its deadline cannot have passed
                result = done.value
                return result
            # It waits on something: from here the caller's deadline is watched.
            task = asyncio.current_task()
            if task is None:  # not in a task (a bare coroutine driven by hand): nothing to cancel
                result = await resume(coro, yielded)
                return result
            watched = _Watched(task)
            self._deadlines.watch(watched, remaining)
            try:
                result = await resume(coro, yielded)
            except asyncio.CancelledError:
                # Only our own cancellation becomes a 504; one from elsewhere (shutdown) goes on.
                if watched.fired and task.uncancel() == 0:
                    raise GatewayTimeout(f"{op.service} did not answer before the deadline") from None
                raise
            finally:
                self._deadlines.forget(watched)
            if watched.fired:
                task.uncancel()  # the callee swallowed the cancellation and answered: the task is not being cancelled
            return result
        except ServiceError:
            raise
        except Exception:  # never a bare exception across plugins: the caller gets what a remote call gives
            log.exception("unhandled error in %s", op.operation_id)
            raise ServiceError(UNEXPECTED_DETAIL, status=500) from None
