"""Revocation survives what can make a verifier miss an announcement: starting late, NATS going away.

A verifier loads auth's live list (``listRevokedSessions``) when it starts and whenever its
connection was down, so a token revoked meanwhile is refused at its next request.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from pathlib import Path

import asyncpg
import httpx
import jwt

from tests._platform import (
    AUTH_ONLY,
    TURNOUT,
    ManagedProcess,
    RunningPlatform,
    free_port,
    start_platform,
    start_split_platform,
)
from tests._services import NatsServer, PostgresServer
from tests.conftest import assert_problem, register_and_login


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _session(http: httpx.Client, email: str, password: str) -> dict[str, str]:
    response = http.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return _bearer(response.json()["access_token"])


def _session_id(auth: dict[str, str]) -> uuid.UUID:
    token = auth["Authorization"].removeprefix("Bearer ")
    return uuid.UUID(jwt.decode(token, options={"verify_signature": False})["sid"])


def _wait_ready(base_url: str, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/ready", timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{base_url} not ready within {within}s")


def _wait_logged(log: Path, text: str, within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if text in log.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.1)
    raise AssertionError(f"{log.name} never logged {text!r}")


def test_all_in_one_refuses_tokens_revoked_before_a_restart(tmp_path: Path) -> None:
    running = start_platform(tmp_path, platform_settings=AUTH_ONLY, timeout=60.0)
    try:
        with running.client() as http:
            account = register_and_login(http)
            other = _session(http, account.email, account.password)
            assert http.post("/auth/logout", headers=account.auth).status_code == 204
    finally:
        running.stop()
    restarted = start_platform(
        tmp_path, platform_settings=AUTH_ONLY, timeout=60.0
    )  # same var/: same signing key, same database
    try:
        with restarted.client() as http:
            assert_problem(http.get("/auth/me", headers=account.auth), 401)
            assert http.get("/auth/me", headers=other).json()["id"] == account.id
    finally:
        restarted.stop()


def _second_gateway(platform: RunningPlatform) -> tuple[ManagedProcess, str]:
    port = free_port()
    gateway = ManagedProcess(
        "gateway-2",
        [TURNOUT, "gateway", "--config", str(platform.config_path), "--listen", f"127.0.0.1:{port}"],
        platform.workdir,
        {**os.environ, **platform.env},
        platform.workdir / "gateway-2.log",
    )
    return gateway, f"http://127.0.0.1:{port}"


async def _revoke_in_database(database_url: str, session_id: uuid.UUID) -> None:
    """What auth writes for a logout whose announcement this test makes sure nobody hears."""
    connection = await asyncpg.connect(database_url)
    try:
        status = await connection.execute(
            "UPDATE auth.sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", session_id
        )
        assert status == "UPDATE 1"
    finally:
        await connection.close()


def test_split_gateways_that_start_late_or_lose_nats_still_refuse_revoked_tokens(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    database_url = postgres.create_database(f"revoke_{uuid.uuid4().hex[:8]}")
    platform = start_split_platform(
        tmp_path, platform_settings=AUTH_ONLY, database_url=database_url, replicas=1, timeout=90.0
    )
    late, late_url = _second_gateway(platform)
    try:
        with platform.client() as first:
            account = register_and_login(first)
            sessions = [_session(first, account.email, account.password) for _ in range(3)]
            ended_early, ended_while_down, kept = sessions

            # A gateway that starts after a logout loads the list from auth.
            assert first.post("/auth/logout", headers=account.auth).status_code == 204
            late.start()
            _wait_ready(late_url)
            with httpx.Client(base_url=late_url, timeout=10.0) as second:
                assert_problem(second.get("/auth/me", headers=account.auth), 401)
                assert second.get("/auth/me", headers=kept).status_code == 200

                # Both gateways hear a revocation made through one of them, on the next request.
                assert first.post("/auth/logout", headers=ended_early).status_code == 204
                assert_problem(second.get("/auth/me", headers=ended_early), 401)
                assert_problem(first.get("/auth/me", headers=ended_early), 401)

                # NATS goes away; a session is revoked while no gateway can hear of it; NATS comes back.
                nats: NatsServer = platform.infrastructure[0]
                nats.stop()
                # Both gateways saw the connection drop: from here they know announcements may be lost.
                for log in (tmp_path / "gateway.log", tmp_path / "gateway-2.log"):
                    _wait_logged(log, "broadcast events may be missed")
                asyncio.run(_revoke_in_database(database_url, _session_id(ended_while_down)))
                nats.start()
                # Ready again only once each gateway has reloaded the list (auth reads "starting" until then).
                _wait_ready(platform.base_url)
                _wait_ready(late_url)
                for gateway in (first, second):
                    assert_problem(gateway.get("/auth/me", headers=ended_while_down), 401)
                    assert gateway.get("/auth/me", headers=kept).status_code == 200
                # Each gateway also noticed the reconnect itself (a reload may have finished before).
                for log in (tmp_path / "gateway.log", tmp_path / "gateway-2.log"):
                    _wait_logged(log, "reloading broadcast state")
    finally:
        late.stop()
        platform.stop()
