"""A real HTTP webhook receiver in a thread: each path answers as a test scripts it, and keeps what it got."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["Received", "Receiver", "running_receiver"]


@dataclass(frozen=True)
class Received:
    """One request as it arrived, and the status it was answered with."""

    path: str
    headers: dict[str, str]
    body: bytes
    status: int


@dataclass
class Receiver:
    """Answers each path with the next status of its script (the last one repeats; 200 when unscripted)."""

    server: ThreadingHTTPServer
    scripts: dict[str, list[int]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def script(self, path: str, statuses: list[int]) -> None:
        with self.lock:
            self.scripts[path] = list(statuses)

    def answer(self, path: str) -> int:
        with self.lock:
            script = self.scripts.get(path, [200])
            return script.pop(0) if len(script) > 1 else script[0]

    def record(self, item: Received) -> None:
        with self.lock:
            self.received.append(item)

    def got(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path == path]

    def wait_for(self, path: str, count: int, timeout: float = 30.0) -> list[Received]:
        """Poll until ``count`` requests reached ``path``."""
        deadline = time.monotonic() + timeout
        while len(found := self.got(path)) < count:
            assert time.monotonic() < deadline, f"{len(found)} of {count} requests to {path} within {timeout}s"
            time.sleep(0.05)
        return found


def running_receiver() -> Iterator[Receiver]:
    """A receiver on a free port of 127.0.0.1, for the life of the generator."""
    holder: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver = holder[0]
            status = receiver.answer(self.path)
            receiver.record(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body, status))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: the test asserts on what was received instead

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder.append(Receiver(server))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder[0]
    finally:
        server.shutdown()
        server.server_close()
