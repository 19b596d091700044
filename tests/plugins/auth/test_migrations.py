"""Auth's migrations bring a database of the first release up to date, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from framework._db import PluginDatabase, open_plugin_database
from plugins.auth.migrations import MIGRATIONS
from plugins.auth.tables import TABLES, BootstrapRow, LoginFailureRow, UserRow


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[PluginDatabase]:
    """A new, empty auth database on each engine, with auth's tables bound to it."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create_database(f"auth_migrations_{uuid.uuid4().hex[:8]}")
    else:
        url = f"sqlite:///{tmp_path / 'db'}"
    database = await open_plugin_database(url, "auth", tmp_path / "var")
    database.bind(TABLES)
    try:
        yield database
    finally:
        await database.close()


async def test_a_first_release_database_gains_disabled_users_bootstrap_and_login_failures(db: PluginDatabase) -> None:
    assert await db.migrate(TABLES, []) == ["0001_initial"]  # a first-release database: no later steps
    # The first release's users table had no disabled_at, and there was no index on revoked_at.
    users = db.table_name(UserRow)
    await db.engine.run_ddl(f"ALTER TABLE {users} DROP COLUMN disabled_at")
    role_index = f'"{db.schema}".users_role_changed_at' if db.schema else "users_role_changed_at"
    await db.engine.run_ddl(f"DROP INDEX IF EXISTS {role_index}")
    await db.engine.run_ddl(f"ALTER TABLE {users} DROP COLUMN role_changed_at")
    index = f'"{db.schema}".sessions_revoked_at' if db.schema else "sessions_revoked_at"
    await db.engine.run_ddl(f"DROP INDEX IF EXISTS {index}")
    now = datetime.now(UTC)
    user_id = uuid.uuid4()
    await db.engine.run_ddl(
        f"INSERT INTO {users} (id, email, display_name, password_hash, role, created_at, password_changed_at)"  # noqa: S608
        f" VALUES ('{user_id}', 'old@example.com', 'old', 'x', 'user', '{now.isoformat()}', '{now.isoformat()}')"
    )

    assert await db.migrate(TABLES, MIGRATIONS) == [
        "0002_disabled_users_bootstrap_login_failures",
        "0003_role_changed_at",
    ]
    assert await db.migrate(TABLES, MIGRATIONS) == []  # applied once

    rows = await UserRow.select(UserRow.email, UserRow.disabled_at, UserRow.role_changed_at).run()
    assert rows == [{"email": "old@example.com", "disabled_at": None, "role_changed_at": None}]
    await UserRow.update({UserRow.disabled_at: now}).where(UserRow.id == user_id).run()
    await BootstrapRow.insert(BootstrapRow(name="first_admin", user_id=user_id, created_at=now)).run()
    await LoginFailureRow.insert(
        LoginFailureRow(id=uuid.uuid4(), account="old@example.com", address="-", failed_at=now)
    ).run()
    assert await LoginFailureRow.count().run() == 1


async def test_a_new_database_is_made_from_the_tables_and_records_every_step(db: PluginDatabase) -> None:
    steps = [m.id for m in MIGRATIONS]
    assert await db.migrate(TABLES, MIGRATIONS) == ["0001_initial", *steps]
    assert await db.migrate(TABLES, MIGRATIONS) == []
    assert await db.has_column(UserRow, "disabled_at")
    assert await LoginFailureRow.count().run() == 0  # every table exists
