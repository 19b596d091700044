"""Running a coroutine's first step inline and the rest in the caller's task.

A call that answers without waiting costs no task, no timer and no bookkeeping; only one that
suspends is handed on, to the awaiting task, through :func:`resume`.
"""

from __future__ import annotations

import types
from collections.abc import Coroutine, Generator
from typing import Any, TypeVar

__all__ = ["resume"]

R = TypeVar("R")


@types.coroutine
def resume(coro: Coroutine[Any, Any, R], yielded: Any) -> Generator[Any, Any, R]:
    """Delegate to ``coro`` as ``yield from`` would, from its first suspension (``yielded``) on.

    The task sees what the call yields (a future, or None for a bare yield) and deals with it as
    its own: waits, sends the outcome back or throws a cancellation in. Returns the call's result.
    """
    while True:
        try:
            sent = yield yielded
        except BaseException as error:  # what the task throws (a cancellation) is the call's to handle
            try:
                yielded = coro.throw(error)
            except StopIteration as done:
                result: R = done.value
                return result
        else:
            try:
                yielded = coro.send(sent)
            except StopIteration as done:
                result = done.value
                return result
