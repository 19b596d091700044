"""The audit log's store: appended once per event, one unbroken chain under concurrent replicas, verified by
``turnout audit verify`` which names the first edited, removed or inserted entry."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from framework._db import PluginDatabase, open_plugin_database
from generated.admin.events import ACTION
from generated.admin.models import AdminAction
from generated.auth.events import LOGIN_FAILED
from generated.auth.models import LoginFailed, Reason
from plugins.admin.audit import AuditLog
from plugins.admin.tables import TABLES
from tests._platform import free_port, write_config
from tests._services import PostgresServer


async def _open(url: str, var: Path) -> PluginDatabase:
    database = await open_plugin_database(url, "admin", var)
    database.bind(TABLES)
    await database.migrate(TABLES, [])
    return database


@pytest.fixture
async def sqlite_log(tmp_path: Path) -> AsyncIterator[AuditLog]:
    database = await _open(f"sqlite:///{tmp_path / 'var'}", tmp_path / "var")
    try:
        yield AuditLog(database)
    finally:
        await database.close()


def _action(n: int) -> AdminAction:
    return AdminAction(
        actor_id=uuid.UUID(int=1),
        action="setting.changed",
        target=f"files.quota_{n}",
        details={"value": n},
        at=datetime.now(UTC),
    )


async def test_each_event_is_recorded_once_and_chained(sqlite_log: AuditLog) -> None:
    failed = LoginFailed(email="ada@example.com", reason=Reason.bad_credentials, at=datetime.now(UTC))
    assert await sqlite_log.record(LOGIN_FAILED, failed) == 1
    assert await sqlite_log.record(LOGIN_FAILED, failed) is None  # a redelivery
    assert await sqlite_log.record(ACTION, _action(1)) == 2
    page = await sqlite_log.page(actor=None, action=None, since=None, until=None, limit=10, cursor=None)
    newest, oldest = page.items
    assert (newest.seq, newest.action, newest.target) == (2, "admin.setting.changed", "files.quota_1")
    assert (oldest.actor, oldest.target, oldest.details) == (None, "ada@example.com", {"reason": "bad_credentials"})
    assert newest.prev_hash == oldest.hash
    assert oldest.prev_hash == "0" * 64
    assert await sqlite_log.verify() == (2, None)


async def test_two_replicas_appending_at_once_keep_one_chain(postgres: PostgresServer, tmp_path: Path) -> None:
    url = postgres.create_database(f"audit_{uuid.uuid4().hex[:8]}")
    replicas = [await _open(url, tmp_path / f"var{i}") for i in range(2)]  # two pools, as two processes have
    try:
        logs = [AuditLog(database) for database in replicas]
        await asyncio.gather(*(logs[n % 2].record(ACTION, _action(n)) for n in range(30)))
        assert await logs[0].verify() == (30, None)
        page = await logs[0].page(actor=None, action=None, since=None, until=None, limit=200, cursor=None)
        assert [entry.seq for entry in page.items] == list(range(30, 0, -1))
        assert sorted(entry.target for entry in page.items) == sorted(f"files.quota_{n}" for n in range(30))
    finally:
        for database in replicas:
            await database.close()


def _verify(config: Path, workdir: Path) -> subprocess.CompletedProcess[str]:
    turnout = str(Path(sys.executable).parent / "turnout")
    return subprocess.run(
        [turnout, "audit", "verify", "--config", str(config)],
        capture_output=True,
        text=True,
        cwd=workdir,
        timeout=120,
        check=False,
    )


async def test_turnout_audit_verify_names_the_first_edited_or_removed_entry(tmp_path: Path) -> None:
    var = tmp_path / "var"
    url = f"sqlite:///{var}"
    settings = {"var_dir": str(var), "plugins": ["auth", "files", "admin", "notifications"]}
    config = write_config(tmp_path, free_port(), database_url=url, platform_settings=settings)
    database = await _open(url, var)
    try:
        for n in range(4):
            await AuditLog(database).record(ACTION, _action(n))
    finally:
        await database.close()

    intact = await asyncio.to_thread(_verify, config, tmp_path)
    assert (intact.returncode, intact.stdout.strip()) == (0, "4 entries, chain intact"), intact.stderr

    with sqlite3.connect(var / "admin.sqlite") as db:
        db.execute("""UPDATE audit_entries SET details = '{"value":99}' WHERE seq = 2""")
    edited = await asyncio.to_thread(_verify, config, tmp_path)
    assert edited.returncode == 1, edited.stdout
    assert "seq 2" in edited.stderr

    with sqlite3.connect(var / "admin.sqlite") as db:
        db.execute("""UPDATE audit_entries SET details = '{"value":1}' WHERE seq = 2""")  # restored
        db.execute("DELETE FROM audit_entries WHERE seq = 3")
    removed = await asyncio.to_thread(_verify, config, tmp_path)
    assert removed.returncode == 1, removed.stdout
    assert "seq 3" in removed.stderr

    with sqlite3.connect(var / "admin.sqlite") as db:
        db.execute("DELETE FROM audit_entries WHERE seq >= 3")  # the tail gone: the head still counts 4
    truncated = await asyncio.to_thread(_verify, config, tmp_path)
    assert truncated.returncode == 1, truncated.stdout
    assert "seq 3" in truncated.stderr
