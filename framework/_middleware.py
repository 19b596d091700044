"""The outermost ASGI layer of the HTTP edge.

Per request it: honours or makes the correlation id, resolves the client address through
trusted proxies, bounds how long a request body may stall, marks responses ``no-store`` unless
a route chose its own caching, records one access-log line (see ``framework._access_log``),
counts the request for the usage reports (see ``framework._usage``) and in the metrics
(see ``framework._metrics``).
"""

from __future__ import annotations

import time
from typing import Any

import msgspec

from framework._access_log import AccessLog
from framework._client_address import TrustedProxies
from framework._context import _correlation_id, correlation_id_from, current_correlation_id
from framework._errors import PROBLEM_MEDIA_TYPE, Problem
from framework._metrics import EdgeMetrics
from framework._request_body import BODY_TIMEOUT_DETAIL, BodyReceive, BodyTimeout
from framework._tracing import edge_started
from framework._usage import UsageCounter

__all__ = ["CorrelationMiddleware"]

_HEADER = b"x-correlation-id"
_CACHE_CONTROL = b"cache-control"
_FORWARDED_FOR = b"x-forwarded-for"


def _timeout_response() -> tuple[dict[str, Any], dict[str, Any]]:
    body = Problem(
        type="about:blank",
        title="Request Timeout",
        status=408,
        detail=BODY_TIMEOUT_DETAIL,
        correlation_id=current_correlation_id(),
    )
    content = msgspec.json.encode(body)
    start = {
        "type": "http.response.start",
        "status": 408,
        "headers": [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(content)).encode()),
            (b"connection", b"close"),
        ],
    }
    return start, {"type": "http.response.body", "body": content}


class CorrelationMiddleware:
    """The edge layer: correlation id, client address, body timeout, ``no-store``, access log, usage."""

    def __init__(
        self,
        app: Any,
        *,
        access_log: AccessLog | None = None,
        trusted_proxies: TrustedProxies | None = None,
        body_timeout: float | None = None,
        usage: UsageCounter | None = None,
        metrics: EdgeMetrics | None = None,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.access_log = access_log
        self.usage = usage
        self.trusted_proxies = trusted_proxies if trusted_proxies is not None and trusted_proxies.networks else None
        self.body_timeout = body_timeout

    def _with_client(self, scope: dict[str, Any]) -> dict[str, Any]:
        client = scope.get("client")
        if self.trusted_proxies is None or not client:
            return scope
        forwarded = [value.decode("latin-1") for name, value in scope["headers"] if name == _FORWARDED_FOR]
        address = self.trusted_proxies.client_address(client[0], forwarded)
        # Rewriting the scope gives Litestar's rate limiter and call contexts the same address.
        return {**scope, "client": (address, 0 if address != client[0] else client[1])}

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
        scope = self._with_client(scope)
        traced = edge_started(scope)  # None unless [tracing] is on
        body = BodyReceive(scope, receive, self.body_timeout)
        status = 500
        started_response = False
        started = time.perf_counter()

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                await body.drain()  # an answer before the whole body was read must reach the client
                status = message["status"]
                started_response = True
                headers = [*message.get("headers", []), (_HEADER, encoded)]
                # Credentials and personal data must not be cached; a route that wants caching says so.
                if not any(name.lower() == _CACHE_CONTROL for name, _ in headers):
                    headers.append((_CACHE_CONTROL, b"no-store"))
                # Whoever answered a stalled body (here, or a remote service), the rest of it is never read.
                if body.timed_out and not any(name.lower() == b"connection" for name, _ in headers):
                    headers.append((b"connection", b"close"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, body, send_with_id)
        except BodyTimeout:
            # Raised outside Litestar's own error handling (by an outer layer reading the body).
            if started_response:
                raise
            for message in _timeout_response():
                await send_with_id(message)
        finally:
            elapsed = time.perf_counter() - started
            if self.access_log is not None:
                client = scope.get("client")
                self.access_log.record(
                    scope["method"],
                    scope["path"],
                    status,
                    elapsed,
                    client[0] if client else None,
                    correlation_id,
                )
            if self.metrics is not None:
                self.metrics.record(scope, status, elapsed)
            if self.usage is not None:
                self.usage.record(scope, status)
            if traced is not None:
                traced.end(scope, status)
            _correlation_id.reset(token)
