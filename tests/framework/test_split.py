"""Split placement specifics: replicas share load, failures are 503 within the deadline, recovery."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest

from framework import CallContext, JetStreamBus, Subscription
from framework._plugin import discover_plugins
from framework._status import collect_status
from framework.transports._wire import subject_for
from generated.auth.events import USER_REGISTERED
from generated.auth.models import UserRegistered
from generated.files import events as files_events
from generated.simulation import events as simulation_events
from tests._platform import TURNOUT, RunningPlatform, start_split_platform
from tests._services import PostgresServer
from tests._wait import eventually
from tests.conftest import assert_problem, register_and_login


@pytest.fixture(scope="module")
def split(postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    """A split platform of its own: these tests stop and start its processes."""
    database = postgres.create_database(f"failover_{uuid.uuid4().hex[:8]}")
    running = start_split_platform(tmp_path_factory.mktemp("split-failover"), database_url=database, replicas=2)
    try:
        yield running
    finally:
        running.stop()


async def _status(platform: RunningPlatform) -> dict[str, int]:
    assert platform.nats_url is not None
    nc = await nats.connect(platform.nats_url)
    try:
        instances = await collect_status(nc, service="auth")
    finally:
        await nc.close()
    return {item.id: item.requests for item in instances}


def _wait_until(predicate: object, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError(f"not true within {timeout}s")


def test_both_replicas_take_requests_and_status_lists_them(split: RunningPlatform) -> None:
    with split.client() as http:
        account = register_and_login(http)
        for _ in range(60):
            assert http.get("/auth/me", headers=account.auth).status_code == 200
    counts = asyncio.run(_status(split))
    assert len(counts) == 2, counts
    assert all(requests > 0 for requests in counts.values()), counts

    result = subprocess.run(
        [TURNOUT, "status", "--config", str(split.config_path), "--json"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert {item["id"] for item in listed if item["service"] == "auth"} == set(counts)
    assert {item["service"] for item in listed} == set(discover_plugins())


def test_stopping_one_replica_keeps_requests_succeeding(split: RunningPlatform) -> None:
    with split.client() as http:
        account = register_and_login(http)
        replica = split.process("identity.1")
        replica.stop()
        try:
            for _ in range(40):
                assert http.get("/auth/me", headers=account.auth).status_code == 200
            assert (
                http.post("/auth/login", json={"email": account.email, "password": account.password}).status_code == 200
            )
        finally:
            replica.start()
        split.wait_ready()
        # The gateway is ready on the other replica; the restarted one starts a process (a bound for failure only).
        _wait_until(lambda: len(asyncio.run(_status(split))) == 2, 60)


def test_unreachable_plugin_is_503_within_the_deadline_then_recovers(split: RunningPlatform) -> None:
    with split.client() as http:
        account = register_and_login(http)
        replicas = [split.process("identity.1"), split.process("identity.2")]
        for replica in replicas:
            replica.stop()
        try:
            started = time.monotonic()
            down = http.get("/auth/me", headers=account.auth)
            elapsed = time.monotonic() - started
            assert_problem(down, 503)
            assert elapsed < 5.0  # the configured request deadline; no hang
            ready = http.get("/ready")
            assert ready.status_code == 503
            assert ready.json()["plugins"] == {**dict.fromkeys(discover_plugins(), "ok"), "auth": "unreachable"}
        finally:
            for replica in replicas:
                replica.start()

        # Recovery is the gateway's part: once a replica answers for getMe on NATS, the very next
        # call must succeed (no back-off, no cached "unreachable"). How long the replicas take to
        # start (interpreter, imports) depends on the machine's load and is not what is tested.
        assert split.nats_url is not None
        _wait_until(lambda: asyncio.run(_serves(split.nats_url or "", subject_for("auth", "getMe"))), 60)
        answer = http.get("/auth/me", headers=account.auth)
        assert answer.status_code == 200, answer.text


async def _serves(nats_url: str, subject: str) -> bool:
    """Whether some instance of a NATS micro service has an endpoint on ``subject`` now."""
    nc = await nats.connect(nats_url)
    try:
        reply = await nc.request(f"$SRV.INFO.{subject.split('.')[1]}", b"", timeout=0.5)
    except (nats.errors.NoRespondersError, nats.errors.TimeoutError):
        return False
    finally:
        await nc.close()
    endpoints = json.loads(reply.data).get("endpoints") or []
    return any(endpoint.get("subject") == subject for endpoint in endpoints)


def test_gateway_verifies_tokens_at_the_edge(split: RunningPlatform, tmp_path: Path) -> None:
    """A token with an unknown key id is refused at the gateway with a 401 problem."""
    with split.client() as http:
        forged = "eyJhbGciOiJFZERTQSIsImtpZCI6Im5vcGUiLCJ0eXAiOiJKV1QifQ.e30.AAAA"
        assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {forged}"}), 401)
        body = httpx.get(f"{split.base_url}/schema/openapi.json").json()
        assert "/auth/me" in body["paths"]


async def test_split_auth_publishes_to_jetstream(split: RunningPlatform) -> None:
    """Registering through the gateway puts auth.user_registered on the JetStream stream.

    The colocated twin is tests/framework/test_events.py::test_auth_publishes_user_registered.
    """
    platform = split
    assert platform.nats_url is not None
    nc = await nats.connect(platform.nats_url)
    got: list[UserRegistered] = []
    try:
        bus = JetStreamBus(nc)

        async def handler(ctx: CallContext, payload: UserRegistered) -> None:
            got.append(payload)

        await bus.subscribe(Subscription(f"probe{uuid.uuid4().hex[:6]}", USER_REGISTERED, handler))
        email = f"stream-{uuid.uuid4().hex[:6]}@example.com"
        with platform.client() as http:
            assert http.post("/auth/register", json={"email": email, "password": "stream password"}).status_code == 201
        await eventually(lambda: any(e.email == email for e in got), within=10)
        await bus.close()
    finally:
        await nc.close()


async def test_split_files_and_simulation_publish_their_events(split: RunningPlatform) -> None:
    """files.uploaded / files.deleted and simulation.progress / simulation.completed reach JetStream subscribers."""
    assert split.nats_url is not None
    nc = await nats.connect(split.nats_url)
    got: dict[str, list[Any]] = {"uploaded": [], "deleted": [], "progress": [], "completed": []}
    try:
        bus = JetStreamBus(nc)
        probe = f"probe{uuid.uuid4().hex[:6]}"
        for name, event in (
            ("uploaded", files_events.UPLOADED),
            ("deleted", files_events.DELETED),
            ("progress", simulation_events.PROGRESS),
            ("completed", simulation_events.COMPLETED),
        ):

            async def handler(ctx: CallContext, payload: Any, name: str = name) -> None:
                got[name].append(payload)

            await bus.subscribe(Subscription(f"{probe}-{name}", event, handler))
        with split.client() as http:
            account = register_and_login(http)
            file_id = http.post("/files", files={"file": ("e.csv", b"1\n", "text/csv")}, headers=account.auth).json()[
                "id"
            ]
            assert http.delete(f"/files/{file_id}", headers=account.auth).status_code == 204
            body = {
                "assets": [{"name": "a", "weight": 1, "expected_return": 0.05, "volatility": 0.2}],
                "initial_value": 100,
                "horizon_years": 10,
                "steps": 120,
                "paths": 1_500_000,  # about a second of work: long enough for a progress event
                "seed": 1,
            }
            created = http.post("/simulations", json=body, headers=account.auth)
            assert created.status_code == 202, created.text
            job_id = created.json()["id"]
        await eventually(lambda: any(str(e.job_id) == job_id for e in got["completed"]), within=60)
        assert any(str(e.file_id) == file_id for e in got["uploaded"])
        assert any(str(e.file_id) == file_id for e in got["deleted"])
        progress = [e.progress for e in got["progress"] if str(e.job_id) == job_id]
        assert progress, "no simulation.progress event for a job of several seconds"
        assert all(0.0 <= p <= 1.0 for p in progress)
        await bus.close()
    finally:
        await nc.close()
