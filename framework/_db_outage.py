"""A PostgreSQL that cannot be reached is a 503 with Retry-After, logged once per outage.

Connection-level failures (refused or lost connections, a closed pool, too many connections,
a server starting up or shutting down) become :class:`DatabaseUnavailable` wherever a plugin's
query runs; the HTTP edge and the NATS dispatcher already answer any ServiceError as its problem.
Each plugin database logs one warning when an outage starts and one info line when it ends.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

import asyncpg
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.querystring import QueryString

from framework._errors import DatabaseUnavailable

__all__ = ["GuardedPostgresEngine", "Outage", "is_connection_failure"]

log = logging.getLogger("turnout.db")

RETRY_AFTER_SECONDS = 5

# asyncpg's InterfaceError is also raised for misuse; only these messages mean the connection is gone.
_GONE = ("connection is closed", "connection was closed", "pool is closed", "pool is closing")
# Piccolo's own words when its pool has been closed (or never started).
_NO_POOL = "pool isn't currently running"


def is_connection_failure(error: BaseException) -> bool:
    """True when ``error`` says the database cannot be reached, not that the query was wrong."""
    if isinstance(error, OSError):  # refused, reset, unreachable; TimeoutError (connect, acquire) too
        return True
    if isinstance(error, asyncpg.QueryCanceledError):  # statement_timeout: the server is up
        return False
    if isinstance(
        error,
        asyncpg.PostgresConnectionError  # class 08: lost mid-query, cannot connect, rejected
        | asyncpg.exceptions.OperatorInterventionError  # 57P0x: shutting down, starting up, crashed
        | asyncpg.exceptions.InsufficientResourcesError,  # 53xxx: too many connections, out of memory, disk full
    ):
        return True
    if isinstance(error, asyncpg.InterfaceError):
        return any(words in str(error) for words in _GONE)
    if isinstance(error, asyncpg.exceptions.InternalClientError):
        # A pooled connection the server terminated while idle can be left mid-operation by asyncpg.
        return "another operation" in str(error)
    return isinstance(error, ValueError) and _NO_POOL in str(error)


class Outage:
    """Whether one plugin's database is down, so each outage is logged once, start and end.

    ``epoch`` grows when an outage ends: a query that started before the end and fails after it
    (a connection that died with the old server) belongs to the outage already logged.
    """

    __slots__ = ("down", "epoch", "plugin")

    def __init__(self, plugin: str) -> None:
        self.plugin = plugin
        self.down = False
        self.epoch = 0

    def failed(self, error: BaseException, started_in: int) -> DatabaseUnavailable:
        """The 503 for a connection failure of a query started in epoch ``started_in``; logs a new outage."""
        if not self.down and started_in == self.epoch:
            self.down = True
            # The class and message name the failure; asyncpg puts no password or DSN in them.
            log.warning(
                "database unavailable",
                extra={"plugin": self.plugin, "error": f"{type(error).__name__}: {str(error)[:200]}"},
            )
        return DatabaseUnavailable(retry_after=RETRY_AFTER_SECONDS)

    def succeeded(self) -> None:
        """A query went through: if the database was down, the outage is over."""
        if self.down:
            self.down = False
            self.epoch += 1
            log.info("database available again", extra={"plugin": self.plugin})


class GuardedPostgresEngine(PostgresEngine):
    """Piccolo's PostgreSQL engine whose connection failures are :class:`DatabaseUnavailable`."""

    def __init__(self, dsn: str, plugin: str) -> None:
        super().__init__(config={"dsn": dsn})
        self.outage = Outage(plugin)

    async def run_querystring(self, querystring: QueryString, in_pool: bool = True) -> Any:
        return await self._guarded(super().run_querystring(querystring, in_pool))

    async def run_ddl(self, ddl: str, in_pool: bool = True) -> Any:
        return await self._guarded(super().run_ddl(ddl, in_pool))

    async def _guarded(self, query: Awaitable[Any]) -> Any:
        """Await ``query``; a connection failure is DatabaseUnavailable, logged once per outage."""
        epoch = self.outage.epoch  # taken before the query runs: see Outage
        try:
            response = await query
        except Exception as error:
            if is_connection_failure(error):
                raise self.outage.failed(error, epoch) from error
            raise
        self.outage.succeeded()
        return response

    def transaction(self, allow_nested: bool = True) -> PostgresTransaction:
        return GuardedTransaction(self, allow_nested=allow_nested)


class GuardedTransaction(PostgresTransaction):
    """Piccolo's transaction that gives its connection back whatever fails, and says 503 when it is lost.

    Piccolo's own keeps the pooled connection when BEGIN or ROLLBACK fails on a dead connection;
    during an outage that would drain the pool for good.
    """

    engine: GuardedPostgresEngine

    async def __aenter__(self) -> PostgresTransaction:
        if self._parent is not None:
            return self._parent
        epoch = self.engine.outage.epoch
        try:
            self.connection = await self.get_connection()  # type: ignore[no-untyped-call]  # Piccolo leaves it unannotated
        except Exception as error:
            if is_connection_failure(error):
                raise self.engine.outage.failed(error, epoch) from error
            raise
        try:
            self.transaction = self.connection.transaction()
            await self.begin()  # type: ignore[no-untyped-call]  # Piccolo leaves it unannotated
        except BaseException as error:
            await self._release()
            if isinstance(error, Exception) and is_connection_failure(error):
                raise self.engine.outage.failed(error, epoch) from error
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: BaseException | None, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        epoch = self.engine.outage.epoch
        try:
            if exception is not None:
                if not self._rolled_back:
                    await self.rollback()  # type: ignore[no-untyped-call]  # Piccolo leaves it unannotated
            elif not self._committed and not self._rolled_back:
                await self.commit()  # type: ignore[no-untyped-call]  # Piccolo leaves it unannotated
        except Exception as error:
            if not is_connection_failure(error):
                raise
            if exception is None:  # the commit's fate is unknown: the caller hears 503
                raise self.engine.outage.failed(error, epoch) from error
            # A rollback on a lost connection: the server discards the transaction; the body's error stands.
        finally:
            await self._release()
            self.engine.current_transaction.reset(self.context)
        return exception is None

    async def _release(self) -> None:
        pool = self.engine.pool
        try:
            if pool is not None:
                await pool.release(self.connection)
            else:
                await self.connection.close()
        except Exception as error:  # a broken connection is dropped by the pool anyway
            log.debug("releasing a database connection failed", extra={"error": type(error).__name__})
