"""HTTP transport: the generated client for callers outside the platform."""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
import msgspec

from framework._context import CallContext
from framework._errors import PROBLEM_MEDIA_TYPE, Problem, ServiceError
from framework.runtime import Operation

__all__ = ["HttpTransport"]

R = TypeVar("R")


def _wire(value: Any) -> Any:
    return msgspec.to_builtins(value) if not isinstance(value, str | int | float | bool) else value


class HttpTransport:
    """Sends operations to a Turnout HTTP endpoint (a gateway or an all-in-one app).

    Credentials are the transport's: a bearer token or an API key, not the context's principal.
    Errors come back as the same :class:`ServiceError` the service raised.
    """

    def __init__(
        self,
        base_url: str,
        *,
        bearer_token: str | None = None,
        api_key: str | None = None,
        client: httpx.AsyncClient | None = None,
        timeout: float = 10.0,
    ) -> None:
        self._client = client or httpx.AsyncClient(base_url=base_url, timeout=timeout)
        self.bearer_token = bearer_token
        self.api_key = api_key

    async def aclose(self) -> None:
        await self._client.aclose()

    async def call(self, op: Operation[R], ctx: CallContext, args: dict[str, Any]) -> R:
        path = op.path
        query: dict[str, Any] = {}
        headers = {"X-Correlation-ID": ctx.correlation_id}
        if ctx.traceparent:
            headers["traceparent"] = ctx.traceparent
        if self.bearer_token:
            headers["Authorization"] = f"Bearer {self.bearer_token}"
        if self.api_key:
            headers["X-API-Key"] = self.api_key
        content = None
        for param in op.params:
            value = args.get(param.name)
            if value is None:
                continue
            if param.location == "path":
                path = path.replace("{" + param.wire_name + "}", str(_wire(value)))
            elif param.location == "query":
                query[param.wire_name] = _wire(value)
            elif param.location == "header":
                headers[param.wire_name] = str(_wire(value))
            else:
                content = msgspec.json.encode(value)
                headers["Content-Type"] = "application/json"
        remaining = ctx.remaining()
        timeout = httpx.USE_CLIENT_DEFAULT if remaining is None else max(remaining, 0.001)
        response = await self._client.request(
            op.method, path, params=query, headers=headers, content=content, timeout=timeout
        )
        if response.status_code != op.status:
            raise _error(response)
        if op.result is None or response.status_code == 204:
            return None  # type: ignore[return-value]  # R is None for operations without a body
        result: R = msgspec.json.decode(response.content, type=op.result)
        return result


_KEPT_HEADERS = {"retry-after", "www-authenticate"}


def _error(response: httpx.Response) -> ServiceError:
    if response.headers.get("content-type", "").startswith(PROBLEM_MEDIA_TYPE):
        try:
            problem = msgspec.json.decode(response.content, type=Problem)
        except msgspec.DecodeError:
            pass
        else:
            kept = {k: v for k, v in response.headers.items() if k.lower() in _KEPT_HEADERS}
            return ServiceError.from_problem(problem, kept)
    return ServiceError(response.text[:500] or None, status=response.status_code)
