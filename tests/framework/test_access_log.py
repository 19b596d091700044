"""The access log: one JSON line per request, the fields that matter, no secrets, nothing lost at shutdown."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from framework._access_log import AccessLog
from tests._platform import AUTH_ONLY, start_platform
from tests._wait import eventually
from tests.conftest import register_and_login

QUERY_SECRET = "query-secret-0d5c9a"
SHUTDOWN_REQUESTS = 400  # more than one size-triggered write, and a remainder left for shutdown
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def _lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode().splitlines()]


async def test_a_line_carries_the_request_fields() -> None:
    sink = io.BytesIO()
    log = AccessLog(sink, flush_interval=3600)
    log.record("GET", "/auth/me", 200, 0.0012345, "203.0.113.9", "cid-1")
    assert sink.getvalue() == b""  # buffered until a flush
    log.flush()
    [line] = _lines(sink.getvalue())
    timestamp = line.pop("timestamp")
    assert ISO_UTC.match(timestamp), timestamp
    assert line == {
        "level": "info",
        "logger": "turnout.access",
        "event": "request",
        "method": "GET",
        "path": "/auth/me",
        "status": 200,
        "duration_ms": 1.234,
        "client": "203.0.113.9",
        "correlation_id": "cid-1",
    }


async def test_the_buffer_is_written_once_it_is_full() -> None:
    sink = io.BytesIO()
    log = AccessLog(sink, flush_interval=3600, flush_bytes=1000)
    ids: list[str] = []
    while not sink.getvalue() and len(ids) < 100:
        ids.append(f"cid-{len(ids)}")
        log.record("GET", "/health", 200, 0.001, None, ids[-1])
    assert 1000 <= len(sink.getvalue()) < 2000  # written once the lines passed 1000 bytes, not before
    log.record("GET", "/health", 200, 0.001, None, "cid-last")
    assert b"cid-last" not in sink.getvalue()
    log.flush()
    assert [line["correlation_id"] for line in _lines(sink.getvalue())] == [*ids, "cid-last"]


async def test_buffered_lines_are_written_after_the_interval() -> None:
    sink = io.BytesIO()
    log = AccessLog(sink, flush_interval=0.05)
    log.record("POST", "/auth/login", 401, 0.002, "127.0.0.1", "cid-late")
    await eventually(lambda: b"cid-late" in sink.getvalue())
    assert _lines(sink.getvalue())[0]["status"] == 401


def test_outside_an_event_loop_a_line_is_written_at_once() -> None:
    sink = io.BytesIO()
    AccessLog(sink, flush_interval=3600).record("GET", "/health", 200, 0.0, None, "cid-now")
    assert _lines(sink.getvalue())[0]["correlation_id"] == "cid-now"


def test_a_huge_path_is_cut_and_control_characters_are_percent_encoded() -> None:
    sink = io.BytesIO()
    log = AccessLog(sink)
    log.record("GET", "/x\n{" + "a" * 5000, 404, 0.0, None, "cid")
    log.flush()
    assert sink.getvalue().count(b"\n") == 1  # a newline in a path cannot forge a second line
    [line] = _lines(sink.getvalue())
    assert line["path"].startswith("/x%0A%7Ba")
    assert len(line["path"]) <= 1024 + 3


def test_a_path_with_line_separators_stays_one_line_for_every_reader() -> None:
    sink = io.BytesIO()
    log = AccessLog(sink)
    for path in ("/a\u2028b", "/a\x85b", "/a\x1cb", "/caf\u00e9/\U001050f2"):
        log.record("GET", path, 404, 0.0, None, "cid")
    log.flush()
    text = sink.getvalue().decode()
    assert len(text.splitlines()) == 4  # str.splitlines() breaks at U+2028, NEL and \x1c-\x1e too
    assert [json.loads(line)["path"] for line in text.splitlines()] == [
        "/a%E2%80%A8b",
        "/a%C2%85b",
        "/a%1Cb",
        "/caf%C3%A9/%F4%85%83%B2",
    ]


@dataclass
class ServedLog:
    text: str
    lines: list[dict[str, Any]]
    secrets: list[str]
    shutdown_ids: list[str]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> ServedLog:
    """An all-in-one platform that answers a few requests carrying secrets, then is stopped."""
    platform = start_platform(tmp_path_factory.mktemp("access-log"), platform_settings=AUTH_ONLY, timeout=60)
    try:
        with platform.client() as http:
            account = register_and_login(http)
            created = http.post("/auth/api-keys", json={"name": "log test"}, headers=account.auth)
            assert created.status_code == 201
            api_key = created.json()["key"]
            me = http.get(
                f"/auth/me?access_token={QUERY_SECRET}&api_key={QUERY_SECRET}",
                headers={**account.auth, "X-Correlation-ID": "with-token"},
            )
            assert me.status_code == 200
            by_key = http.get("/auth/me", headers={"X-API-Key": api_key, "X-Correlation-ID": "with-key"})
            assert by_key.status_code == 200
            refused = http.get("/auth/me", headers={"X-Correlation-ID": "refused"})
            assert refused.status_code == 401
            shutdown_ids = [f"shutdown-{i}" for i in range(SHUTDOWN_REQUESTS)]
            for correlation_id in shutdown_ids:
                assert http.get("/health", headers={"X-Correlation-ID": correlation_id}).status_code == 200
    finally:
        platform.stop()  # at once: the last lines are still buffered, and the shutdown must write them
    text = platform.logs()
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("logger") == "turnout.access"]
    secrets = [account.access_token, account.refresh_token, account.password, api_key, QUERY_SECRET]
    return ServedLog(text, access, secrets, shutdown_ids)


def _by_id(served: ServedLog, correlation_id: str) -> list[dict[str, Any]]:
    return [line for line in served.lines if line["correlation_id"] == correlation_id]


def test_each_request_has_one_line_with_its_fields(served: ServedLog) -> None:
    [with_token] = _by_id(served, "with-token")
    assert with_token["method"] == "GET"
    assert with_token["path"] == "/auth/me"  # no query string
    assert with_token["status"] == 200
    assert with_token["client"] == "127.0.0.1"
    assert isinstance(with_token["duration_ms"], float)
    assert with_token["duration_ms"] >= 0
    assert ISO_UTC.match(with_token["timestamp"])
    assert [line["status"] for line in _by_id(served, "with-key")] == [200]
    assert [line["status"] for line in _by_id(served, "refused")] == [401]
    logins = [line for line in served.lines if line["path"] == "/auth/login"]
    assert [line["method"] for line in logins] == ["POST"]


def test_no_secret_reaches_the_log(served: ServedLog) -> None:
    assert all(secret not in served.text for secret in served.secrets)
    assert "Bearer" not in served.text


def test_no_line_is_lost_at_shutdown(served: ServedLog) -> None:
    logged = [line["correlation_id"] for line in served.lines if line["path"] == "/health"]
    assert logged == served.shutdown_ids  # every one, once, in order


def test_no_access_log_writes_none(tmp_path: Path) -> None:
    platform = start_platform(tmp_path, platform_settings=AUTH_ONLY, timeout=60)
    platform.processes[0].argv.append("--no-access-log")
    platform.stop()
    platform.processes[0].start()
    try:
        platform.wait_ready(60)
        with platform.client() as http:
            assert http.get("/health", headers={"X-Correlation-ID": "unlogged"}).status_code == 200
    finally:
        platform.stop()
    assert "unlogged" not in platform.logs()
