"""Per-plugin databases: one SQLite file each under ``var/``, or one PostgreSQL schema each."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiosqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType, dict_factory
from piccolo.querystring import QueryString
from piccolo.table import Table

from framework._db_outage import GuardedPostgresEngine, is_connection_failure
from framework._errors import ServiceError

__all__ = [
    "Migration",
    "PluginDatabase",
    "open_plugin_database",
    "private_database_files",
    "private_directory",
    "serialized",
]

log = logging.getLogger("turnout.db")


@dataclass(frozen=True, slots=True)
class Migration:
    """One forward step of a plugin's schema, applied once and recorded.

    A new database gets the tables from their definitions instead, and every migration recorded
    as applied: a step changes an existing database to what the definitions say.
    """

    id: str
    forwards: Callable[[PluginDatabase], Awaitable[None]]


BASELINE = "0001_initial"
"""The ledger entry of a database made from the table definitions."""


class _SharedConnectionSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine, but queries outside a transaction share one connection.

    Piccolo opens a new aiosqlite connection (and thread) per query; a primary-key read then
    costs far more than the query itself. Transactions still get their own connection.
    """

    def __init__(self, path: str) -> None:
        super().__init__(path=path, isolation_level=None)
        self.file = path
        self._shared: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def _connection(self) -> aiosqlite.Connection:
        if self._shared is None:
            connection = await aiosqlite.connect(**self.connection_kwargs)
            connection.row_factory = dict_factory  # type: ignore[assignment]  # aiosqlite's stub is too narrow
            await connection.execute("PRAGMA foreign_keys = 1")
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA busy_timeout = 5000")
            self._shared = connection
        return self._shared

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        async with self._lock:
            connection = await self._connection()
            return await connection.execute_fetchall(query, args or [])

    async def close(self) -> None:
        if self._shared is not None:
            await self._shared.close()
            self._shared = None


class PluginDatabase:
    """A plugin's own database: its engine, its tables bound to it, its migrations.

    Besides Piccolo queries, :meth:`fetch_one` runs a hot-path point read with a fixed SQL
    text: on SQLite through a synchronous read-only connection on the event loop thread (a
    primary-key read in WAL mode takes microseconds and never waits for writers, so it costs
    less than the thread hop aiosqlite needs), on PostgreSQL through the asyncpg pool.
    """

    def __init__(self, plugin: str, engine: Engine[Any], schema: str | None) -> None:
        self.plugin = plugin
        self.engine = engine
        self.schema = schema
        self._reader: sqlite3.Connection | None = None
        self._compiled: dict[str, str] = {}

    def table_name(self, table: type[Table]) -> str:
        """The quoted name of ``table`` as this database knows it (schema included)."""
        name: str = table._meta.get_formatted_tablename()
        return name

    def _compile(self, sql: str) -> str:
        compiled = self._compiled.get(sql)
        if compiled is None:
            parts = sql.split("{}")
            if isinstance(self.engine, SQLiteEngine):
                compiled = "?".join(parts)
            else:
                compiled = parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], start=1))
            self._compiled[sql] = compiled
        return compiled

    def _sqlite_reader(self) -> sqlite3.Connection:
        if self._reader is None:
            assert isinstance(self.engine, _SharedConnectionSQLiteEngine)
            path = Path(self.engine.file).resolve()
            reader = sqlite3.connect(
                f"{path.as_uri()}?mode=ro",
                uri=True,
                detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES,
                check_same_thread=False,
            )
            reader.row_factory = sqlite3.Row
            reader.execute("PRAGMA query_only = 1")
            self._reader = reader
        return self._reader

    async def fetch_one(self, sql: str, *args: Any) -> dict[str, Any] | None:
        """One row of a read query written with ``{}`` placeholders, or None."""
        compiled = self._compile(sql)
        if isinstance(self.engine, _SharedConnectionSQLiteEngine):
            row = self._sqlite_reader().execute(compiled, args).fetchone()
            return dict(row) if row is not None else None
        assert isinstance(self.engine, GuardedPostgresEngine)
        outage = self.engine.outage
        epoch = outage.epoch
        pool = self.engine.pool
        try:
            if pool is None:
                raise ValueError("A pool isn't currently running.")  # Piccolo's words: closed, so 503
            async with pool.acquire() as connection:
                record = await connection.fetchrow(compiled, *args)
        except Exception as error:
            if is_connection_failure(error):
                raise outage.failed(error, epoch) from error
            raise
        outage.succeeded()
        return dict(record) if record is not None else None

    def bind(self, tables: Sequence[type[Table]]) -> None:
        """Point the plugin's Piccolo tables at this engine and its schema (None on SQLite)."""
        for table in tables:
            table._meta.db = self.engine
            table._meta.schema = self.schema

    async def migrate(
        self, tables: Sequence[type[Table]], migrations: Sequence[Migration], *, framework: Sequence[Migration] = ()
    ) -> list[str]:
        """Bring the schema to what ``tables`` define; the ids applied (or recorded) now.

        ``framework`` steps (the framework's own tables in every plugin database) run first, each
        once. Then a new database (none of the plugin's steps in the ledger) gets every table
        created from its definition, and ``0001_initial`` plus every migration recorded as
        applied; an existing one gets the migrations it has not recorded, in order, each in its
        own transaction.
        """
        await self._ensure_ledger()
        applied = await self.apply(framework)
        own = {m.id for m in framework}
        if not await self._recorded() - own:
            async with self._migration_lock():
                if not await self._recorded() - own:
                    for table in tables:
                        await table.create_table(if_not_exists=True).run()  # type: ignore[no-untyped-call]  # piccolo's run() is untyped
                    ids = [BASELINE, *(m.id for m in migrations if m.id != BASELINE)]
                    for migration_id in ids:
                        await self._record(migration_id)
                    return [*applied, *ids]
        return [*applied, *await self.apply(migrations)]

    async def apply(self, migrations: Sequence[Migration]) -> list[str]:
        """Run the steps of ``migrations`` not in the ledger yet, in order, each once across replicas.

        For the framework's own tables; a plugin's schema goes through :meth:`migrate`.
        """
        await self._ensure_ledger()
        done = await self._recorded()
        applied = []
        for migration in migrations:
            if migration.id in done:
                continue
            # Replicas start together: serialise migrations and re-check the ledger under the lock.
            async with self._migration_lock():
                if migration.id in await self._recorded():
                    continue
                await migration.forwards(self)
                await self._record(migration.id)
            applied.append(migration.id)
        return applied

    async def _ensure_ledger(self) -> None:
        # Under the lock: replicas starting together would race on the catalog even with IF NOT EXISTS.
        async with self._migration_lock():
            if self.schema:
                await self.engine.run_ddl(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
            await self.engine.run_ddl(
                f"CREATE TABLE IF NOT EXISTS {self._ledger()} (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )

    def _ledger(self) -> str:
        return self.qualified("turnout_migrations")

    def qualified(self, name: str) -> str:
        """A table ``name`` of the framework's own (never user input) as SQL text, schema-qualified on PostgreSQL."""
        return f'"{self.schema}".{name}' if self.schema else name

    async def _recorded(self) -> set[str]:
        rows = await self.engine.run_querystring(_raw(f"SELECT id FROM {self._ledger()}"))  # noqa: S608
        return {row["id"] for row in rows}

    async def _record(self, migration_id: str) -> None:
        await self.engine.run_querystring(
            _raw(f"INSERT INTO {self._ledger()} (id, applied_at) VALUES ({{}}, CURRENT_TIMESTAMP)", migration_id),  # noqa: S608
        )

    def _migration_lock(self) -> contextlib.AbstractAsyncContextManager[None]:
        return serialized(self.engine, f"turnout-migrate:{self.plugin}")

    @property
    def is_postgres(self) -> bool:
        return isinstance(self.engine, PostgresEngine)

    async def query(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        """Run a hand-written statement with ``{}`` placeholders on either database; its rows.

        UUIDs are passed as text on SQLite, which stores them so. Table names come from
        :meth:`table_name`; values only ever as arguments.
        """
        if not self.is_postgres:
            args = tuple(str(a) if isinstance(a, uuid.UUID) else a for a in args)
        rows: list[dict[str, Any]] | None = await self.engine.run_querystring(_raw(sql, *args))
        return rows or []  # a statement that returns no rows may answer None

    async def has_column(self, table: type[Table], column: str) -> bool:
        """Whether ``table`` has ``column`` in the database (for migrations that add one)."""
        if self.is_postgres:
            rows = await self.query(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = {} AND table_name = {}"
                " AND column_name = {}",
                self.schema or "public",
                table._meta.tablename,
                column,
            )
            return bool(rows)
        info = await self.query(f"PRAGMA table_info({table._meta.tablename})")
        return any(row["name"] == column for row in info)

    async def ping(self) -> bool:
        """True when a trivial query succeeds."""
        try:
            await self.engine.run_querystring(_raw("SELECT 1"))
        except (OSError, sqlite3.Error, RuntimeError, ServiceError):  # ServiceError: DatabaseUnavailable
            return False
        return True

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if isinstance(self.engine, _SharedConnectionSQLiteEngine):
            await self.engine.close()
        elif isinstance(self.engine, PostgresEngine):
            await self.engine.close_connection_pool()


@contextlib.asynccontextmanager
async def serialized(engine: Engine[Any], key: str, *more: str) -> AsyncIterator[None]:
    """A transaction in which nobody else holding ``key`` (or any of ``more``) runs.

    PostgreSQL: an advisory transaction lock on each key, taken in sorted order (two transactions
    locking overlapping keys cannot deadlock). SQLite: an immediate transaction, so nobody else
    writes at all while it runs.
    """
    if isinstance(engine, PostgresEngine):
        async with engine.transaction():
            if not more:
                await engine.run_querystring(_raw("SELECT pg_advisory_xact_lock(hashtext({}))", key))
            else:  # one round trip; the subquery fixes the order the locks are taken in
                keys = sorted({key, *more})
                await engine.run_querystring(
                    _raw(
                        "SELECT pg_advisory_xact_lock(hashtext(k))"
                        " FROM (SELECT k FROM unnest({}::text[]) AS k ORDER BY k) AS sorted_keys",
                        keys,
                    )
                )
            yield
    else:
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield


def _raw(sql: str, *args: Any) -> QueryString:
    return QueryString(sql, *args)


async def open_plugin_database(url: str, plugin: str, var_dir: Path) -> PluginDatabase:
    """Open the database of ``plugin`` as ``url`` places it.

    ``sqlite:///DIR`` puts it in ``DIR/<plugin>.sqlite`` (relative to the working directory;
    ``sqlite:///var`` is the default); ``postgresql://...`` puts it in schema ``<plugin>``.
    """
    path = _prepare_files(url, plugin, var_dir)
    if path is not None:
        return PluginDatabase(plugin, _SharedConnectionSQLiteEngine(str(path)), None)
    engine = GuardedPostgresEngine(url, plugin)
    # No floor of idle connections: asyncpg would log a traceback for each try to restore it during an outage.
    await engine.start_connection_pool(min_size=0, max_size=10)
    return PluginDatabase(plugin, engine, plugin)


def _prepare_files(url: str, plugin: str, var_dir: Path) -> Path | None:
    """Make var/, var/<plugin> and (on SQLite) the database file private; the SQLite file's path or None."""
    # The host keeps the plugin's own files in var/<plugin>: private, like its database.
    private_directory(var_dir, tighten=True)
    private_directory(var_dir / plugin, tighten=True)
    parts = urlsplit(url)
    if parts.scheme != "sqlite":
        return None
    directory = Path(parts.path.removeprefix("/")) if parts.path not in ("", "/") else var_dir
    if url.startswith("sqlite:////"):
        directory = Path(parts.path)
    # A folder the config names may be shared (even /tmp): make it private only when we create it.
    private_directory(directory, tighten=directory.resolve() == var_dir.resolve())
    path = directory / f"{plugin}.sqlite"
    private_database_files(path)
    return path


def private_directory(directory: Path, *, tighten: bool) -> None:
    """Create ``directory`` (and missing parents) readable by the owner only, whatever the umask.

    An existing folder is made private too when ``tighten``; folders made for missing parents are left
    as the umask says (they are the operator's, like the working directory).
    """
    if directory.is_dir():
        if tighten and directory.stat().st_mode & 0o077:
            _make_private(directory, 0o700)
        return
    directory.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # another replica made it first
        directory.mkdir(mode=0o700)
    directory.chmod(0o700)  # mkdir's mode is filtered by the umask


def private_database_files(path: Path) -> None:
    """Create the SQLite file ``path`` as owner-only (0600) and tighten it and its -wal/-shm if they exist.

    SQLite creates -wal and -shm with the database file's own permissions, so a private file keeps
    them private.
    """
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(descriptor)
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.stat().st_mode & 0o077:
                _make_private(file, 0o600)
        except FileNotFoundError:
            continue


def _make_private(path: Path, mode: int) -> None:
    """Tighten an existing file or folder; one we do not own stays as it is, with a warning, not a failed start."""
    try:
        path.chmod(mode)
    except PermissionError:
        log.warning("cannot make %s owner-only (mode %o): it belongs to another user", path, mode)
