"""Auth's schema steps for databases made before its tables were what ``tables.py`` defines.

A new database is made from the table definitions; these steps bring an existing one there.
"""

from __future__ import annotations

from framework import Migration, PluginDatabase
from plugins.auth.tables import BootstrapRow, LoginFailureRow, SessionRow, UserRow

__all__ = ["MIGRATIONS"]


async def _disabled_users_bootstrap_and_login_failures(database: PluginDatabase) -> None:
    if not await database.has_column(UserRow, "disabled_at"):
        users = database.table_name(UserRow)
        await database.engine.run_ddl(f"ALTER TABLE {users} ADD COLUMN disabled_at TIMESTAMPTZ NULL DEFAULT NULL")
    sessions = database.table_name(SessionRow)
    await database.engine.run_ddl(f"CREATE INDEX IF NOT EXISTS sessions_revoked_at ON {sessions} (revoked_at)")
    for table in (BootstrapRow, LoginFailureRow):
        await table.create_table(if_not_exists=True).run()  # type: ignore[no-untyped-call]  # piccolo's run() is untyped


async def _role_changed_at(database: PluginDatabase) -> None:
    if not await database.has_column(UserRow, "role_changed_at"):
        users = database.table_name(UserRow)
        await database.engine.run_ddl(f"ALTER TABLE {users} ADD COLUMN role_changed_at TIMESTAMPTZ NULL DEFAULT NULL")
    users = database.table_name(UserRow)
    await database.engine.run_ddl(f"CREATE INDEX IF NOT EXISTS users_role_changed_at ON {users} (role_changed_at)")


MIGRATIONS = [
    Migration("0002_disabled_users_bootstrap_login_failures", _disabled_users_bootstrap_and_login_failures),
    Migration("0003_role_changed_at", _role_changed_at),
]
