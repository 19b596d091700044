"""A call to a plugin in the same process, kept to the rules a call over NATS follows.

A plugin that calls another gets the generated client over :class:`ColocatedTransport` when the
other runs in its process, so what it observes does not depend on placement: the callee is
cancelled at the caller's deadline and the caller gets :class:`GatewayTimeout`; an exception that
is no ServiceError reaches the caller as a 500 ServiceError, as it would from a remote service.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, TypeVar

from framework._context import CallContext
from framework._errors import UNEXPECTED_DETAIL, GatewayTimeout, ServiceError
from framework.runtime import Operation

__all__ = ["ColocatedTransport"]

log = logging.getLogger("turnout.colocated")

R = TypeVar("R")


class ColocatedTransport:
    """Calls ``service`` (a plugin's implementation) directly, under the caller's deadline."""

    def __init__(self, service: object) -> None:
        self._service = service

    async def call(self, op: Operation[R], ctx: CallContext, args: dict[str, Any]) -> R:
        method = getattr(self._service, op.name)
        remaining = ctx.remaining()
        try:
            if remaining is None:
                result: R = await method(ctx, **args)
                return result
            if remaining <= 0:
                raise GatewayTimeout(f"the deadline passed before {op.service} was called")
            deadline = asyncio.timeout(remaining)
            try:
                async with deadline:
                    result = await method(ctx, **args)
                    return result
            except TimeoutError:
                if not deadline.expired():
                    raise
                raise GatewayTimeout(f"{op.service} did not answer before the deadline") from None
        except ServiceError:
            raise
        except Exception:  # never a bare exception across plugins: the caller gets what a remote call gives
            log.exception("unhandled error in %s", op.operation_id)
            raise ServiceError(UNEXPECTED_DETAIL, status=500) from None
