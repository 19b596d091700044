"""Faults of the infrastructure, with real processes: PostgreSQL or nats-server stopped, a server SIGKILLed.

- PostgreSQL down: requests that need it are 503 problem+json with Retry-After, one warning per
  outage and plugin database, and they succeed again once it is back, without a restart.
- nats-server down: the gateway answers 503 within ``[nats] unavailable_wait_seconds``, not at
  the request's deadline, and calls succeed again once it is back.
- SIGKILL of ``turnout run`` or ``turnout gateway``: no worker of it keeps serving the port.
- var/, the plugins' folders and the SQLite files are owner-only whatever the umask.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from framework._db import PluginDatabase, open_plugin_database
from framework._db_outage import is_connection_failure
from framework._errors import DatabaseUnavailable
from tests._platform import ManagedProcess, RunningPlatform, start_platform, start_split_platform
from tests._services import NatsServer, PostgresServer, start_postgres
from tests.conftest import Account, assert_problem, register_and_login

OUTAGE = "database unavailable"
RECOVERED = "database available again"
PATIENCE = 60.0  # seconds to wait for a condition on a loaded 2-core machine


# -- helpers ----------------------------------------------------------------------------------------------------------


def log_events(path: Path, event: str) -> list[dict[str, Any]]:
    """The JSON log lines of ``path`` whose event is ``event``."""
    found = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if record.get("event") == event:
            found.append(record)
    return found


def wait_for(predicate: Callable[[], bool], what: str, within: float = PATIENCE) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        assert time.monotonic() < deadline, f"{what}: not within {within}s"
        time.sleep(0.1)


def status_of(call: Callable[[], httpx.Response]) -> int:
    try:
        return call().status_code
    except httpx.TransportError:
        return 0


def assert_unavailable(response: httpx.Response) -> None:
    """503 problem+json that says when to try again."""
    assert_problem(response, 503)
    assert int(response.headers["retry-after"]) >= 1, response.headers


def group_members(pgid: int) -> list[tuple[int, str]]:
    """(pid, state) of every process in process group ``pgid``, from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:  # it exited while we looked
            continue
        fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": state, ppid, pgrp, ...
        if int(fields[2]) == pgid:
            members.append((int(entry.name), fields[0]))
    return members


def living(pgid: int) -> list[int]:
    """Processes of the group that still run (a zombie serves nothing and holds no socket)."""
    return [pid for pid, state in group_members(pgid) if state != "Z"]


def refused(base_url: str) -> bool:
    try:
        httpx.get(f"{base_url}/health", timeout=2.0)
    except httpx.ConnectError:
        return True
    except httpx.TransportError:  # accepted but no answer: something still holds the port
        return False
    return False


def sigkill_leaves_nothing_serving(platform: RunningPlatform, proc: ManagedProcess) -> None:
    """SIGKILL only the server's main process; none of its group may stay alive or keep the port."""
    assert proc.popen is not None
    pid = proc.popen.pid  # a session (and group) of its own: its workers share the group id
    assert len(living(pid)) >= 2, f"expected the server and its worker: {group_members(pid)}"
    os.kill(pid, signal.SIGKILL)
    proc.popen.wait(timeout=PATIENCE)
    try:
        wait_for(lambda: not living(pid), f"processes of {proc.name} still alive after SIGKILL: {group_members(pid)}")
        assert refused(platform.base_url), "the port still answers after the server was killed"
    finally:
        for orphan in living(pid):  # when this fails, leave no orphan behind for the next test
            os.kill(orphan, signal.SIGKILL)
        proc.stop()  # closes its log file; the process is gone already


# -- PostgreSQL -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "unreachable"),
    [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (TimeoutError(), True),
        (asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"), True),
        (asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"), True),
        (asyncpg.exceptions.CannotConnectNowError("the database system is starting up"), True),
        (asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"), True),
        (asyncpg.InterfaceError("pool is closing"), True),
        (asyncpg.InterfaceError("cannot perform operation: connection is closed"), True),
        (ValueError("A pool isn't currently running."), True),
        # The server is there; the query or the code is at fault: not a 503.
        (asyncpg.QueryCanceledError("canceling statement due to statement timeout"), False),
        (asyncpg.UniqueViolationError("duplicate key value violates unique constraint"), False),
        (asyncpg.InterfaceError("the prepared statement is closed"), False),
        (ValueError("invalid literal"), False),
        (RuntimeError("a bug"), False),
    ],
)
def test_only_connection_failures_are_unavailability(error: Exception, unreachable: bool) -> None:
    assert is_connection_failure(error) is unreachable


@pytest.fixture(scope="module")
def own_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    """A PostgreSQL of this module's own: its tests stop and start it."""
    server = start_postgres(tmp_path_factory.mktemp("faults-postgres"))
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.faults
async def test_a_stopped_postgresql_is_database_unavailable_once_per_outage(
    own_postgres: PostgresServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """fetch_one, Piccolo queries, DDL and transactions all raise DatabaseUnavailable; one warning, one info."""
    url = own_postgres.create_database("faults_unit")
    database = await open_plugin_database(url, "demo", tmp_path / "var")
    try:
        await database.engine.run_ddl('CREATE SCHEMA IF NOT EXISTS "demo"')
        await database.engine.run_ddl('CREATE TABLE "demo".t (id INT PRIMARY KEY)')
        await database.engine.run_ddl('INSERT INTO "demo".t VALUES (1)')
        for outage in (1, 2):  # a second outage is logged again: once per outage, not once per process
            caplog.clear()
            with caplog.at_level(logging.INFO, logger="turnout.db"):
                own_postgres.halt()
                try:
                    for _ in range(12):  # more than the pool's 10 connections: none may be kept by a failure
                        await _each_query_is_unavailable(database)
                    assert not await database.ping()
                finally:
                    own_postgres.resume()
                assert await database.fetch_one('SELECT id FROM "demo".t WHERE id = {}', 1) == {"id": 1}
                async with database.engine.transaction():
                    await database.engine.run_ddl('INSERT INTO "demo".t VALUES (100 + 0)')
                    await database.engine.run_ddl('DELETE FROM "demo".t WHERE id = 100')
                assert await database.ping()
            warnings = [r for r in caplog.records if r.getMessage() == OUTAGE]
            recoveries = [r for r in caplog.records if r.getMessage() == RECOVERED]
            assert len(warnings) == 1, (outage, [r.getMessage() for r in caplog.records])
            assert warnings[0].levelno == logging.WARNING
            assert warnings[0].__dict__["plugin"] == "demo"
            assert len(recoveries) == 1, (outage, [r.getMessage() for r in caplog.records])
            assert all(r.exc_info is None for r in caplog.records), [
                (r.name, r.getMessage()) for r in caplog.records if r.exc_info
            ]
    finally:
        await database.close()


async def _each_query_is_unavailable(database: PluginDatabase) -> None:
    with pytest.raises(DatabaseUnavailable) as point_read:
        await database.fetch_one('SELECT id FROM "demo".t WHERE id = {}', 1)
    assert point_read.value.status == 503
    assert point_read.value.headers["Retry-After"].isdigit()
    with pytest.raises(DatabaseUnavailable):
        await database.engine.run_ddl('SELECT id FROM "demo".t')
    with pytest.raises(DatabaseUnavailable):
        async with database.engine.transaction():
            await database.engine.run_ddl('INSERT INTO "demo".t VALUES (2)')


@pytest.mark.faults
def test_split_platform_answers_503_while_postgresql_is_down_and_recovers(
    own_postgres: PostgresServer, tmp_path: Path
) -> None:
    url = own_postgres.create_database("faults_split")
    platform = start_split_platform(tmp_path / "split", database_url=url, replicas=1)
    try:
        with platform.client() as http:
            account = register_and_login(http)
            assert http.get("/auth/me", headers=account.auth).status_code == 200
            identity = platform.process("identity.1")
            pids = {p.name: p.popen.pid for p in platform.processes if p.popen is not None}
            for outage in (1, 2):
                own_postgres.halt()
                try:
                    _requests_are_unavailable(http, account)
                finally:
                    own_postgres.resume()
                wait_for(
                    lambda: status_of(lambda: http.get("/auth/me", headers=account.auth)) == 200,
                    "GET /auth/me after PostgreSQL came back",
                )
                login = http.post("/auth/login", json={"email": account.email, "password": account.password})
                assert login.status_code == 200, login.text
                warnings = [r for r in log_events(identity.log_path, OUTAGE) if r.get("plugin") == "auth"]
                assert len(warnings) == outage, warnings
                assert all(r["level"] == "warning" for r in warnings)
                recoveries = [r for r in log_events(identity.log_path, RECOVERED) if r.get("plugin") == "auth"]
                assert len(recoveries) == outage, recoveries
        # Nothing was restarted: the same processes answered before, during and after.
        assert all(p.running for p in platform.processes), platform.logs()
        assert {p.name: p.popen.pid for p in platform.processes if p.popen is not None} == pids
        for proc in platform.processes:
            text = proc.log_path.read_text(encoding="utf-8", errors="replace")
            # Each process logs each outage of each of its plugins' databases once at most.
            for plugin in ("auth", "files", "simulation"):
                count = sum(1 for r in log_events(proc.log_path, OUTAGE) if r.get("plugin") == plugin)
                assert count <= 2, (proc.name, plugin, count)
            if proc.name in ("identity.1", "gateway"):
                assert "Traceback" not in text, (proc.name, text[-4000:])
                assert '"status": 500' not in text, proc.name
    finally:
        platform.stop()


def _requests_are_unavailable(http: httpx.Client, account: Account) -> None:
    """Point reads (fetch_one) and Piccolo queries alike answer 503, many times over."""
    for _ in range(6):
        assert_unavailable(http.get("/auth/me", headers=account.auth))
        assert_unavailable(http.post("/auth/login", json={"email": account.email, "password": account.password}))


# -- NATS and SIGKILL of the gateway ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def split_on_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    """A split platform whose gateway waits 1 s for a lost NATS connection and has a 30 s request deadline.

    Each service owns its plugins' SQLite files; the database is not what these tests are about.
    """
    platform = start_split_platform(tmp_path_factory.mktemp("faults-nats"), database_url="sqlite:///var", replicas=1)
    try:
        gateway = platform.process("gateway")
        gateway.stop()
        config = platform.config_path.read_text(encoding="utf-8")
        config = config.replace("request_timeout_seconds = 5.0", "request_timeout_seconds = 30.0")
        config = config.replace("\n[nats]\n", "\n[nats]\nunavailable_wait_seconds = 1.0\n")
        assert "unavailable_wait_seconds = 1.0" in config
        assert "request_timeout_seconds = 30.0" in config
        platform.config_path.write_text(config, encoding="utf-8")
        gateway.start()
        platform.wait_ready(PATIENCE)
        yield platform
    finally:
        platform.stop()


@pytest.mark.faults
def test_gateway_answers_503_soon_while_nats_is_down_and_recovers(split_on_sqlite: RunningPlatform) -> None:
    platform = split_on_sqlite
    nats = platform.infrastructure[0]
    assert isinstance(nats, NatsServer)
    with httpx.Client(base_url=platform.base_url, timeout=60.0) as http:
        account = register_and_login(http)
        assert http.get("/auth/me", headers=account.auth).status_code == 200
        nats.stop()
        try:
            for _ in range(3):
                started = time.monotonic()
                response = http.get("/auth/me", headers=account.auth)
                took = time.monotonic() - started
                assert_unavailable(response)
                # The request deadline is 30 s; the answer comes after the 1 s wait, far before it.
                assert took < 15.0, took
        finally:
            nats.start()
        statuses: list[int] = []

        def succeeds() -> bool:
            status = status_of(lambda: http.get("/auth/me", headers=account.auth))
            statuses.append(status)
            return status == 200

        wait_for(succeeds, "GET /auth/me after nats-server came back")
        assert set(statuses) <= {200, 503}, statuses
        created = http.post("/auth/register", json={"email": "after-nats@example.com", "password": "long password"})
        assert created.status_code == 201, created.text
    assert all(p.running for p in platform.processes), platform.logs()


@pytest.mark.faults
def test_sigkill_of_the_gateway_leaves_no_worker_serving(split_on_sqlite: RunningPlatform) -> None:
    sigkill_leaves_nothing_serving(split_on_sqlite, split_on_sqlite.process("gateway"))


# -- all-in-one: private files, SIGKILL ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def all_in_one_open_umask(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    """``turnout run`` started under umask 000, the most permissive there is."""
    previous = os.umask(0)
    try:
        platform = start_platform(tmp_path_factory.mktemp("faults-all-in-one"), timeout=PATIENCE)
    finally:
        os.umask(previous)
    try:
        yield platform
    finally:
        platform.stop()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_var_and_database_files_are_owner_only(all_in_one_open_umask: RunningPlatform) -> None:
    platform = all_in_one_open_umask
    with platform.client() as http:
        register_and_login(http)  # writes: the WAL and shared-memory files exist now
    var = platform.var_dir
    assert mode(var) == 0o700
    plugins = {"auth", "files", "simulation"}
    for plugin in plugins:
        assert mode(var / plugin) == 0o700, plugin
    databases = sorted(var.glob("*.sqlite*"))
    assert {p.name.split(".")[0] for p in databases} >= plugins, databases
    assert any(p.name.endswith("-wal") for p in databases)
    assert any(p.name.endswith("-shm") for p in databases)
    for path in databases:
        assert mode(path) == 0o600, (path, oct(mode(path)))


async def test_existing_files_are_tightened_but_a_named_shared_folder_is_not(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    var.chmod(0o755)
    (var / "demo.sqlite").touch()
    (var / "demo.sqlite").chmod(0o644)
    database = await open_plugin_database(f"sqlite:///{var}", "demo", var)  # absolute: four slashes
    try:
        await database.engine.run_ddl("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    finally:
        await database.close()
    assert mode(var) == 0o700
    assert mode(var / "demo") == 0o700
    assert mode(var / "demo.sqlite") == 0o600
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    database = await open_plugin_database(f"sqlite:///{shared}", "demo", var)
    await database.close()
    assert mode(shared) == 0o755  # the operator's folder keeps its mode
    assert mode(shared / "demo.sqlite") == 0o600


def test_sigkill_of_turnout_run_leaves_no_worker_serving(all_in_one_open_umask: RunningPlatform) -> None:
    platform = all_in_one_open_umask
    proc = platform.process("all-in-one")
    sigkill_leaves_nothing_serving(platform, proc)
    # A new server takes the port alone, and serves.
    proc.start()
    platform.wait_ready(PATIENCE)
    assert httpx.get(f"{platform.base_url}/health", timeout=10.0).status_code == 200
