"""``/metrics`` of a process without an HTTP server (a service): a small listener of its own.

prometheus-client's threaded WSGI server answers; the scrape itself runs on the process's event
loop (its metrics are updated there, and job queue depths are read with the plugin's database).
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.exposition import ThreadingWSGIServer

from framework._metrics import ProcessMetrics, token_matches

__all__ = ["MetricsListener", "announced_url"]

_SCRAPE_TIMEOUT = 10.0  # seconds a scrape may wait for a busy event loop
_UNSPECIFIED = {"0.0.0.0", "::", ""}  # noqa: S104 - names the wildcard addresses, binds nothing


class _QuietHandler(WSGIRequestHandler):
    """No line on stderr per scrape: the process's JSON logs are its only output."""

    def log_message(self, format: str, *args: Any) -> None:
        return


def announced_url(host: str, port: int) -> str:
    """The URL others reach the listener at: the machine's name when it listens on every address."""
    if host in _UNSPECIFIED:
        host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/metrics"


class MetricsListener:
    """Serves GET /metrics on ``listen`` (HOST:PORT, port 0 = a free one) from a thread of its own."""

    def __init__(
        self, metrics: ProcessMetrics, listen: str, loop: asyncio.AbstractEventLoop, token: str | None = None
    ) -> None:
        self._metrics = metrics
        self._loop = loop
        self._token = token
        host, _, port = listen.rpartition(":")
        self._host = host.strip("[]")
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        server_class = type("_Server", (ThreadingWSGIServer,), {"address_family": family})
        self._server: ThreadingWSGIServer = make_server(
            self._host, int(port), self._app, server_class, handler_class=_QuietHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="turnout-metrics", daemon=True)

    @property
    def url(self) -> str:
        return announced_url(self._host, self._server.server_port)

    def start(self) -> str:
        """Start answering; returns the URL to announce."""
        self._thread.start()
        return self.url

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/metrics":
            return _answer(start_response, "404 Not Found", b"only /metrics is here\n")
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _answer(start_response, "405 Method Not Allowed", b"GET /metrics\n")
        if not token_matches(environ.get("HTTP_AUTHORIZATION"), self._token):
            return _answer(
                start_response, "401 Unauthorized", b"a bearer token is needed\n", [("WWW-Authenticate", "Bearer")]
            )
        future = asyncio.run_coroutine_threadsafe(self._metrics.scrape(), self._loop)
        try:
            body = future.result(_SCRAPE_TIMEOUT)
        except Exception:  # a loop too busy to answer in time, or stopping
            future.cancel()
            return _answer(start_response, "503 Service Unavailable", b"the process did not answer in time\n")
        return _answer(start_response, "200 OK", body, content_type=CONTENT_TYPE_LATEST)


def _answer(
    start_response: Callable[..., Any],
    status: str,
    body: bytes,
    headers: list[tuple[str, str]] | None = None,
    content_type: str = "text/plain; charset=utf-8",
) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))), *(headers or [])])
    return [body]
