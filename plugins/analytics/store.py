"""Writing a user's data: transactions in bulk, and the per-user generation every change bumps."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from plugins.analytics.dialect import Dialect
from plugins.analytics.rows import NewRow
from plugins.analytics.tables import AssetValueRow, GenerationRow, TransactionRow

__all__ = ["Store"]

_COLUMNS = "(id, owner_id, external_id, date, amount_cents, description, merchant, category)"
_ROW = "({}, {}, {}, {}, {}, {}, {}, {})"


class Store:
    """Bulk inserts and generation numbers over one plugin database."""

    def __init__(self, dialect: Dialect, chunk_rows: int) -> None:
        self.dialect = dialect
        self.database = dialect.database
        self.chunk_rows = chunk_rows
        self.transactions = self.database.table_name(TransactionRow)
        self.generations = self.database.table_name(GenerationRow)
        self._statements: dict[int, str] = {}

    def _insert(self, count: int) -> str:
        """A multi-row INSERT of ``count`` rows that skips (owner, external_id) pairs already stored."""
        statement = self._statements.get(count)
        if statement is None:
            values = ", ".join([_ROW] * count)
            statement = (
                f"INSERT INTO {self.transactions} {_COLUMNS} VALUES {values}"  # noqa: S608  # our table, {} arguments
                " ON CONFLICT (owner_id, external_id) DO NOTHING RETURNING id"
            )
            self._statements[count] = statement
        return statement

    async def insert(self, owner: uuid.UUID, rows: Sequence[NewRow]) -> int:
        """Store ``rows`` of ``owner`` in one transaction (the caller's), chunk by chunk; how many were new.

        Rows repeating an external_id of the batch must be dropped before: a statement may not touch a row twice.
        """
        owner_arg = self.dialect.uuid_arg(owner)
        date_arg = self.dialect.date_arg
        new = 0
        for start in range(0, len(rows), self.chunk_rows):
            chunk = rows[start : start + self.chunk_rows]
            args: list[Any] = []
            for r in chunk:
                args += (str(uuid.uuid4()), owner_arg, r.external_id, date_arg(r.date), r.amount_cents)
                args += (r.description, r.merchant, r.category)
            if self.dialect.postgres:  # asyncpg wants the uuid type for a uuid column
                args[0::8] = [uuid.UUID(a) for a in args[0::8]]
            new += len(await self.database.query(self._insert(len(chunk)), *args))
        return new

    async def bump(self, owner: uuid.UUID) -> None:
        """Mark ``owner``'s data changed: every replica's cached metrics of theirs are stale from now on."""
        await self.database.query(
            f"INSERT INTO {self.generations} AS g (owner_id, generation) VALUES ({{}}, 1)"  # noqa: S608
            " ON CONFLICT (owner_id) DO UPDATE SET generation = g.generation + 1",
            owner,
        )

    async def generation(self, owner: uuid.UUID) -> int:
        """``owner``'s generation now (0 before their first change): one primary-key read."""
        row = await self.database.fetch_one(
            f"SELECT generation FROM {self.generations} WHERE owner_id = {{}}",  # noqa: S608
            self.dialect.uuid_arg(owner),
        )
        return int(row["generation"]) if row is not None else 0

    async def ensure_indexes(self) -> None:
        """The unique and lookup indexes the tables' definitions cannot state (composite ones)."""
        values = self.database.table_name(AssetValueRow)
        for statement in (
            f"CREATE UNIQUE INDEX IF NOT EXISTS transactions_owner_external"
            f" ON {self.transactions} (owner_id, external_id)",
            f"CREATE INDEX IF NOT EXISTS transactions_owner_date ON {self.transactions} (owner_id, date)",
            f"CREATE UNIQUE INDEX IF NOT EXISTS asset_values_asset_date ON {values} (asset_id, as_of)",
        ):
            await self.database.query(statement)
