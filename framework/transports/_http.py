"""HTTP transport: the generated client for callers outside the platform."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any, TypeVar
from urllib.parse import unquote

import httpx
import msgspec

from framework._context import CallContext
from framework._errors import PROBLEM_MEDIA_TYPE, Problem, ServiceError
from framework._streams import Download, Upload
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
        content: bytes | AsyncIterator[bytes] | None = None
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
            elif param.location == "upload":
                boundary = uuid.uuid4().hex
                content = _multipart(value, param.wire_name, boundary)
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                content = msgspec.json.encode(value)
                headers["Content-Type"] = "application/json"
        remaining = ctx.remaining()
        timeout = httpx.USE_CLIENT_DEFAULT if remaining is None else max(remaining, 0.001)
        request = self._client.build_request(
            op.method, path, params=query, headers=headers, content=content, timeout=timeout
        )
        if op.result is Download:
            return await self._download(request, op)  # type: ignore[return-value]  # R is Download here
        response = await self._client.send(request)
        if response.status_code != op.status:
            raise _error(response)
        if op.result is None or response.status_code == 204:
            return None  # type: ignore[return-value]  # R is None for operations without a body
        result: R = msgspec.json.decode(response.content, type=op.result)
        return result

    async def _download(self, request: httpx.Request, op: Operation[Any]) -> Download:
        response = await self._client.send(request, stream=True)
        if response.status_code != op.status:
            await response.aread()
            await response.aclose()
            raise _error(response)
        length = response.headers.get("content-length")
        return Download(
            filename=_filename(response.headers.get("content-disposition", "")),
            content_type=response.headers.get("content-type", "application/octet-stream"),
            chunks=_body(response),
            size=int(length) if length and length.isdigit() else None,
        )


async def _body(response: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in response.aiter_bytes():
            yield chunk
    finally:
        await response.aclose()


def _filename(disposition: str) -> str:
    """The file name of a Content-Disposition header (RFC 6266), its ``filename*`` form first."""
    params = {
        name.strip().lower(): value.strip().strip('"')
        for name, _, value in (part.partition("=") for part in disposition.split(";")[1:])
    }
    extended = params.get("filename*", "")
    if extended.lower().startswith("utf-8''"):
        return unquote(extended[7:])
    return params.get("filename", "download")


async def _multipart(upload: Upload, field: str, boundary: str) -> AsyncIterator[bytes]:
    """A multipart/form-data body of one file part, streamed from the upload's chunks."""
    name = upload.filename.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")  # as browsers do
    yield (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
        f"Content-Type: {upload.content_type}\r\n\r\n"
    ).encode()
    async for chunk in upload.chunks:
        yield chunk
    yield f"\r\n--{boundary}--\r\n".encode()


# The headers of a remote problem that the error keeps, under the names the rest of the framework uses.
_KEPT_HEADERS = {"retry-after": "Retry-After", "www-authenticate": "WWW-Authenticate"}


def _error(response: httpx.Response) -> ServiceError:
    if response.headers.get("content-type", "").startswith(PROBLEM_MEDIA_TYPE):
        try:
            problem = msgspec.json.decode(response.content, type=Problem)
        except msgspec.DecodeError:
            pass
        else:
            kept = {_KEPT_HEADERS[k.lower()]: v for k, v in response.headers.items() if k.lower() in _KEPT_HEADERS}
            members = msgspec.json.decode(response.content)  # extension members, for the classes that carry some
            return ServiceError.from_problem(problem, kept, members if isinstance(members, dict) else None)
    return ServiceError(response.text[:500] or None, status=response.status_code)
