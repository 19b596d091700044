"""The outermost ASGI layer: correlation ids in and out, and one JSON access-log line."""

from __future__ import annotations

import logging
import time
from typing import Any

from framework._context import _correlation_id
from framework.runtime import correlation_id_from

__all__ = ["CorrelationMiddleware"]

access_log = logging.getLogger("turnout.access")

_HEADER = b"x-correlation-id"


class CorrelationMiddleware:
    """Honours ``X-Correlation-ID`` (or makes one), returns it, and logs each request."""

    def __init__(self, app: Any, *, log_requests: bool = True) -> None:
        self.app = app
        self.log_requests = log_requests

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        for name, value in scope["headers"]:
            if name == _HEADER:
                incoming = value.decode("latin-1")
                break
        correlation_id = correlation_id_from(incoming)
        encoded = correlation_id.encode("ascii")
        token = _correlation_id.set(correlation_id)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (_HEADER, encoded)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if self.log_requests:
                access_log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                    },
                )
            _correlation_id.reset(token)
