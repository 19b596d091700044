"""An HTTP face for a service's operations over NATS, internal ones included, for the pact verifier.

An internal operation (``x-internal``) travels only between services, so no HTTP route serves it; its
pact is still written in the operation's HTTP form (method, path, status, problem). This bridge takes
such a request, finds the operation by method and path, and calls the real service over NATS with the
generated operation and transport, answering with what came back: the result with the operation's
status, or the service's problem. No logic of the service is repeated here.
"""

from __future__ import annotations

import asyncio
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import msgspec
import nats

from framework import CallContext, ServiceError
from framework.runtime import Contract, Operation
from framework.transports._nats import NatsTransport

__all__ = ["nats_bridge"]


def _route(op: Operation[Any]) -> re.Pattern[str]:
    path = re.sub(r"\{([^}]+)\}", r"(?P<\1>[^/]+)", op.path)
    return re.compile(f"^{path}$")


class _Bridge(ThreadingHTTPServer):
    def __init__(self, contract: Contract[Any], nats_url: str) -> None:
        super().__init__(("127.0.0.1", 0), _BridgeRequest)
        self.nats_url = nats_url
        self.routes = [(op, _route(op)) for op in contract.operations.values()]

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    async def call(self, op: Operation[Any], args: dict[str, Any], correlation_id: str) -> Any:
        nc = await nats.connect(self.nats_url)
        try:
            transport = NatsTransport(nc, default_timeout=10.0)
            return await transport.call(op, CallContext(correlation_id=correlation_id), args)
        finally:
            await nc.close()


class _BridgeRequest(BaseHTTPRequestHandler):
    def _handle(self, method: str) -> None:
        server = self.server
        assert isinstance(server, _Bridge)
        url = urlsplit(self.path)
        for op, route in server.routes:
            found = route.match(url.path)
            if op.method == method and found:
                break
        else:
            self._reply(404, b'{"type":"about:blank","title":"Not Found","status":404}', "application/problem+json")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = msgspec.json.decode(self.rfile.read(length)) if length else None
        query = dict(parse_qsl(url.query))
        args: dict[str, Any] = {}
        for param in op.params:
            if param.location == "path":
                args[param.name] = found.group(param.wire_name)
            elif param.location == "query" and param.wire_name in query:
                args[param.name] = query[param.wire_name]
            elif param.location == "body" and body is not None:
                args[param.name] = body
        correlation_id = self.headers.get("X-Correlation-ID") or uuid.uuid4().hex
        try:
            result = asyncio.run(server.call(op, args, correlation_id))
        except ServiceError as error:
            self._reply(error.status, msgspec.json.encode(error.to_problem()), "application/problem+json")
            return
        self._reply(op.status, msgspec.json.encode(result) if result is not None else b"", "application/json")

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _reply(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        if data:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # the base class names it so
        pass  # the verifier's output already lists every request


@contextmanager
def nats_bridge(contract: Contract[Any], nats_url: str) -> Iterator[str]:
    """Serve ``contract``'s operations over HTTP, each a call over NATS at ``nats_url``; yields the bridge's URL."""
    server = _Bridge(contract, nats_url)
    thread = threading.Thread(target=server.serve_forever, name="nats-bridge", daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
