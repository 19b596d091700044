"""The Pact harness shared by every edge: pact files, provider-filled matchers, and provider verification.

Order and drift. The committed files under ``tests/pacts/pacts/`` are the contracts. A consumer test
records its pact in a temporary directory and asserts that it equals the committed file
(``UPDATE_PACTS=1 uv run pytest tests/pacts`` rewrites the committed file instead; review the diff).
A provider test verifies the committed files only, every ``*-<provider>.json``. So neither test needs
the other to have run, alone or in either order; a consumer whose expectations changed without its
pact being rewritten fails its own test; and the provider is checked against exactly what was
reviewed, without importing any consumer code. A new edge adds a consumer test and its states in
:mod:`tests.pacts._states`; its provider test picks the new file up.

Message interactions (``upon_receiving(..., "Async")``: an event the consumer handles) are verified
against the event the provider's own code publishes (:mod:`tests.pacts._messages`), which the verifier
asks for by the interaction's description; a pact file may hold both kinds (pact specification V4).
The verifier fetches each message from a small server of ours too (the ``message`` transport): the
one pact-python offers leaves its socket open as well.

Values only the provider knows (a file's random id, a fresh user's token) are regex matchers whose
generator reads the provider state: the consumer sees the example, the verifier sends the value that
the state server returned when it set the state up (``${fileId}``, ``${token}``).

The state server is a small HTTP server of our own rather than a Python callable handed to pact: a
callable cannot return those values, and pact leaves its socket open. It answers an unknown state, or
a state that failed to set up, with 400, since pact retries a 5xx for minutes.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pact import Pact, Verifier, generate
from pact.match.matcher import AbstractMatcher, GenericMatcher

from tests._platform import RunningPlatform

__all__ = [
    "PACTS_DIR",
    "UUID_PATTERN",
    "StateHandler",
    "new_pact",
    "from_state",
    "bearer_from_state",
    "mock_provider",
    "assert_pact_committed",
    "serve_states",
    "verify_provider",
]

PACTS_DIR = Path(__file__).resolve().parent / "pacts"
UUID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

StateHandler = Callable[[RunningPlatform, Mapping[str, Any]], dict[str, str]]
"""Sets a provider state up on a running platform from the state's parameters; returns the values it made."""


def _quiet_pact() -> None:
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")  # tests run offline: no usage report
    logging.getLogger("pact.ffi").setLevel(logging.WARNING)


def new_pact(consumer: str, provider: str) -> Pact:
    """An empty pact between two plugins, named after them."""
    _quiet_pact()
    return Pact(consumer, provider)


def from_state(example: str, *, regex: str, expression: str) -> AbstractMatcher[str]:
    """A string the consumer shows as ``example`` and the verifier fills from the provider state's values."""
    return GenericMatcher("regex", example, regex=regex, generator=generate.provider_state(expression))


def bearer_from_state(example_token: str = "example-access-token") -> AbstractMatcher[str]:
    """An ``Authorization`` header carrying the access token the provider state issued (``${token}``)."""
    return from_state(f"Bearer {example_token}", regex=r"^Bearer \S+$", expression="Bearer ${token}")


@contextmanager
def mock_provider(workdir: Path, consumer: str, provider: str, expect: Callable[[Pact], object]) -> Iterator[str]:
    """Serve the interactions ``expect`` adds on pact's mock server (its URL); then merge them into ``workdir``.

    One pact per call, because two interactions with the same request (a file the caller owns, a
    file another user owns) cannot share a mock server; pact merges them into one file, sorted by
    description, so the file does not depend on the order of the calls.
    """
    pact = new_pact(consumer, provider)
    expect(pact)
    with pact.serve() as mock:
        yield str(mock.url)
    pact.write_file(workdir)


def _contract(path: Path) -> dict[str, Any]:
    # The metadata names pact's own versions: an upgrade of pact is not a change of contract.
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    document.pop("metadata", None)
    return document


def assert_pact_committed(workdir: Path, consumer: str, provider: str) -> Path:
    """Assert the pact a consumer test wrote under ``workdir`` equals the committed one; return the committed path."""
    name = f"{consumer}-{provider}.json"
    written, committed = workdir / name, PACTS_DIR / name
    if os.environ.get("UPDATE_PACTS") == "1":
        PACTS_DIR.mkdir(exist_ok=True)
        committed.write_text(written.read_text(encoding="utf-8"), encoding="utf-8")
    rewrite = "rewrite it with `UPDATE_PACTS=1 uv run pytest tests/pacts` and review the diff"
    assert committed.is_file(), f"{committed} is missing: {rewrite}"
    assert _contract(written) == _contract(committed), f"{committed} is stale: {rewrite}"
    return committed


class _StateServer(ThreadingHTTPServer):
    def __init__(self, platform: RunningPlatform, states: Mapping[str, StateHandler]) -> None:
        super().__init__(("127.0.0.1", 0), _StateRequest)
        self.platform = platform
        self.states = states
        self.failures: list[str] = []

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"


class _StateRequest(BaseHTTPRequestHandler):
    """One state change from the verifier: ``{"state", "params", "action"}`` in, the state's values out."""

    def do_POST(self) -> None:
        server = self.server
        assert isinstance(server, _StateServer)
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if request.get("action") == "teardown":
            self._reply(200, {})  # every state makes fresh users, so there is nothing to undo
            return
        state = request.get("state", "")
        if not state:  # an interaction without a provider state (a message, say): nothing to set up
            self._reply(200, {})
            return
        handler = server.states.get(state)
        if handler is None:
            server.failures.append(f"unknown provider state {state!r}")
            self._reply(400, {"error": f"unknown provider state {state!r}"})
            return
        try:
            values = handler(server.platform, request.get("params") or {})
        except Exception:
            server.failures.append(f"provider state {state!r} failed:\n{traceback.format_exc()}")
            self._reply(400, {"error": f"provider state {state!r} failed"})
            return
        self._reply(200, values)

    def _reply(self, status: int, body: Mapping[str, object]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # the base class names it so
        pass  # the verifier's output already lists every state change


@contextmanager
def serve_states(platform: RunningPlatform, states: Mapping[str, StateHandler]) -> Iterator[_StateServer]:
    """A state server for ``states`` on a free port, in a thread of its own, for the duration of the block."""
    server = _StateServer(platform, states)
    thread = threading.Thread(target=server.serve_forever, name="pact-states", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _has_messages(source: Path) -> bool:
    interactions = json.loads(source.read_text(encoding="utf-8")).get("interactions", [])
    return any(interaction.get("type") == "Asynchronous/Messages" for interaction in interactions)


_MESSAGE_PATH = "/messages"


class _MessageRequest(BaseHTTPRequestHandler):
    """One message the verifier asks for (``{"description", ...}`` in): the event's JSON out, or 400 why not."""

    def do_POST(self) -> None:
        from tests.pacts._messages import producer_for  # imported only when a pact has messages: it loads plugins

        server = self.server
        assert isinstance(server, _MessageServer)
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        description = str(request.get("description", ""))
        try:
            body = producer_for(description)
        except Exception:
            server.failures.append(f"message {description!r} could not be produced:\n{traceback.format_exc()}")
            body = json.dumps({"error": f"message {description!r} could not be produced"}).encode()
            status = 400  # not a 5xx: pact would retry it for minutes
        else:
            status = 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # the base class names it so
        pass


class _MessageServer(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _MessageRequest)
        self.failures: list[str] = []

    @property
    def port(self) -> int:
        return int(self.server_address[1])


@contextmanager
def _serve_messages() -> Iterator[_MessageServer]:
    server = _MessageServer()
    thread = threading.Thread(target=server.serve_forever, name="pact-messages", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def verify_provider(
    provider: str,
    platform: RunningPlatform,
    states: Mapping[str, StateHandler],
    *,
    base_url: str | None = None,
    consumers: Sequence[str] | None = None,
) -> None:
    """Replay every committed pact with ``provider`` against ``platform``; fail with the verifier's report.

    ``base_url`` sends the requests elsewhere than the platform's HTTP edge (a bridge onto NATS);
    ``consumers`` limits the pacts to those of these consumers.
    """
    _quiet_pact()
    sources = sorted(PACTS_DIR.glob(f"*-{provider}.json"))
    if consumers is not None:
        sources = [source for source in sources if source.stem.removesuffix(f"-{provider}") in consumers]
    assert sources, f"no pact with {provider} under {PACTS_DIR}"
    with serve_states(platform, states) as server, _serve_messages() as messages:
        verifier = (
            Verifier(provider, host="127.0.0.1")
            .add_transport(url=base_url or platform.base_url)
            .state_handler(server.url, teardown=True, body=True)
            .set_coloured_output(enabled=False)
        )
        for source in sources:
            verifier.add_source(source)
        if any(_has_messages(source) for source in sources):
            from tests.pacts._messages import produced

            produced()  # before verifying: pact gives a message request only a few seconds
            verifier.add_transport(protocol="message", port=messages.port, path=_MESSAGE_PATH)
        try:
            verifier.verify()
        except RuntimeError:
            report = verifier.output(strip_ansi=True)
        else:
            return
    # The whole report is in the captured stdout; the message keeps its list of failures.
    failures = report[report.find("Failures:") :] if "Failures:" in report else report
    state_failures = "\n".join([*server.failures, *messages.failures])
    consumers = ", ".join(source.stem for source in sources)
    pytest.fail(f"{provider} ({platform.placement}) breaks {consumers}:\n{failures}\n{state_failures}", pytrace=False)
