"""Calls to other processes, counted by outcome and timed on the caller's side."""

from __future__ import annotations

import asyncio
import time
from typing import Any, TypeVar

from nats.errors import NoRespondersError

from framework._context import CallContext
from framework._errors import GatewayTimeout, ServiceError, ServiceUnavailable
from framework._metrics import CallFamilies, OperationSeries
from framework.runtime import Operation, Transport

__all__ = ["MeteredTransport", "call_outcome"]

R = TypeVar("R")


def call_outcome(error: ServiceError) -> str:
    """The outcome label of a failed call: ``timeout``, ``no_responders`` or the error's status."""
    if isinstance(error, GatewayTimeout):
        return "timeout"
    # The transport raises its 503 from nats-py's NoRespondersError (``from None`` keeps it as the context).
    if isinstance(error, ServiceUnavailable) and isinstance(error.__context__, NoRespondersError):
        return "no_responders"
    return str(error.status)


class MeteredTransport:
    """Wraps a transport (NATS): each call's outcome and latency go to ``families``."""

    def __init__(self, inner: Transport, families: CallFamilies) -> None:
        self.inner = inner
        self._families = families
        self._operations: dict[int, OperationSeries] = {}  # by id(op): operations are module constants

    async def call(self, op: Operation[R], ctx: CallContext, args: dict[str, Any]) -> R:
        series = self._operations.get(id(op))
        if series is None:
            series = self._operations[id(op)] = self._families.operation(op.service, op.operation_id)
        started = time.perf_counter()
        outcome = "error"
        try:
            result = await self.inner.call(op, ctx, args)
            outcome = "ok"
            return result
        except ServiceError as error:
            outcome = call_outcome(error)
            raise
        except asyncio.CancelledError:
            outcome = "cancelled"
            raise
        finally:
            series.record(outcome, time.perf_counter() - started)

    async def ping(self, service: str, *, wait: float = 0.5) -> bool:
        """The wrapped transport's ping (the host's readiness asks it of remote plugins)."""
        ping = getattr(self.inner, "ping", None)
        return ping is not None and bool(await ping(service, wait=wait))
