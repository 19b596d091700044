"""The few SQL expressions that differ between SQLite and PostgreSQL, and values as each one takes them."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import date
from typing import Any

from piccolo.engine.sqlite import TransactionType

from framework import PluginDatabase
from generated.analytics.models import Period

__all__ = ["Dialect"]


class Dialect:
    """SQL text and argument values for one plugin database, whichever engine it is.

    SQLite keeps a date as ISO text and a UUID as text; PostgreSQL has both types.
    """

    def __init__(self, database: PluginDatabase) -> None:
        self.database = database
        self.postgres = database.is_postgres

    def bucket(self, column: str, period: Period) -> str:
        """The first day of the ``period`` holding ``column`` (weeks start on Monday), as a date."""
        if period is Period.day:
            return column
        if self.postgres:
            return f"CAST(date_trunc('{period.value}', {column}) AS date)"
        if period is Period.week:
            # strftime %w: 0 = Sunday; step back to Monday.
            return f"date({column}, '-' || ((CAST(strftime('%w', {column}) AS INTEGER) + 6) % 7) || ' days')"
        return f"strftime('%Y-%m-01', {column})"

    def days_between(self, later: str, earlier: str) -> str:
        """Whole days from ``earlier`` to ``later`` (two date columns)."""
        if self.postgres:
            return f"({later} - {earlier})"
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"

    def date_arg(self, value: date) -> Any:
        """A date as this database takes it as an argument."""
        return value if self.postgres else value.isoformat()

    def uuid_arg(self, value: uuid.UUID) -> Any:
        """A UUID as this database takes it as an argument (``fetch_one`` does not convert it)."""
        return value if self.postgres else str(value)

    @staticmethod
    def to_date(value: Any) -> date:
        """A date column's value as read back (ISO text on SQLite)."""
        return value if isinstance(value, date) else date.fromisoformat(str(value))

    @staticmethod
    def to_uuid(value: Any) -> uuid.UUID:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))

    async def fetch_in_transaction(self, sql: str, args: Sequence[Any]) -> list[Any]:
        """Rows of a statement with ``{}`` placeholders, on the current transaction's own connection.

        For bulk statements: thousands of arguments go straight to the driver, without Piccolo's
        per-argument query-string processing (which cost more than the INSERT itself).
        """
        engine: Any = self.database.engine
        transaction = engine.current_transaction.get()
        if transaction is None:
            raise RuntimeError("fetch_in_transaction runs inside atomic()")
        parts = sql.split("{}")
        if self.postgres:
            compiled = parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], start=1))
            return list(await transaction.connection.fetch(compiled, *args))
        return list(await transaction.connection.execute_fetchall("?".join(parts), args))

    @contextlib.asynccontextmanager
    async def atomic(self) -> AsyncIterator[None]:
        """One transaction: every statement inside commits together, or none does."""
        engine: Any = self.database.engine
        if self.postgres:
            async with engine.transaction():
                yield
        else:  # immediate: take the write lock up front, not halfway through an import
            async with engine.transaction(transaction_type=TransactionType.immediate):
                yield
