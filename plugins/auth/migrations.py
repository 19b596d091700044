"""Auth's schema history, applied in order on start and recorded in ``turnout_migrations``.

``0001_initial`` creates the tables of the first release from today's definitions, so on a new
database it already makes the columns later steps add; those steps add only what is missing.
"""

from __future__ import annotations

from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.querystring import QueryString

from framework import Migration
from plugins.auth.tables import (
    ApiKeyRow,
    BootstrapRow,
    LoginFailureRow,
    RefreshTokenRow,
    SessionRow,
    UserRow,
)

__all__ = ["MIGRATIONS"]


async def _initial(engine: Engine[Any]) -> None:
    for table in (UserRow, SessionRow, RefreshTokenRow, ApiKeyRow):
        await table.create_table(if_not_exists=True).run()  # type: ignore[no-untyped-call]  # piccolo's run() is untyped


async def _has_column(engine: Engine[Any], table: str, column: str) -> bool:
    if isinstance(engine, PostgresEngine):
        rows = await engine.run_querystring(
            QueryString(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = {} AND table_name = {}"
                " AND column_name = {}",
                UserRow._meta.schema or "public",
                table,
                column,
            )
        )
    else:
        rows = [
            row
            for row in await engine.run_querystring(QueryString(f"PRAGMA table_info({table})"))
            if row["name"] == column
        ]
    return bool(rows)


async def _disabled_users_bootstrap_and_login_failures(engine: Engine[Any]) -> None:
    users = UserRow._meta.get_formatted_tablename()
    if not await _has_column(engine, UserRow._meta.tablename, "disabled_at"):
        await engine.run_ddl(f"ALTER TABLE {users} ADD COLUMN disabled_at TIMESTAMPTZ NULL DEFAULT NULL")
    sessions = SessionRow._meta.get_formatted_tablename()
    await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS sessions_revoked_at ON {sessions} (revoked_at)")
    for table in (BootstrapRow, LoginFailureRow):
        await table.create_table(if_not_exists=True).run()  # type: ignore[no-untyped-call]  # piccolo's run() is untyped


MIGRATIONS = [
    Migration("0001_initial", _initial),
    Migration("0002_disabled_users_bootstrap_login_failures", _disabled_users_bootstrap_and_login_failures),
]
