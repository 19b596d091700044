"""Writing a user's data: transactions in bulk with their daily totals, and the generation every change bumps."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from plugins.analytics.dialect import Dialect
from plugins.analytics.rows import NewRow
from plugins.analytics.tables import AssetValueRow, DailyTotalRow, GenerationRow, TransactionRow

__all__ = ["Store"]

_COLUMNS = "(id, owner_id, external_id, date, amount_cents, description, merchant, category)"
_ROW = "({}, {}, {}, {}, {}, {}, {}, {})"
_DAY_ROW = "({}, {}, {}, {}, {})"


class Store:
    """Bulk inserts, daily totals and generation numbers over one plugin database."""

    def __init__(self, dialect: Dialect, chunk_rows: int) -> None:
        self.dialect = dialect
        self.database = dialect.database
        self.chunk_rows = chunk_rows
        self.transactions = self.database.table_name(TransactionRow)
        self.daily = self.database.table_name(DailyTotalRow)
        self.generations = self.database.table_name(GenerationRow)
        self._statements: dict[tuple[str, int], str] = {}

    def _insert(self, count: int) -> str:
        """A multi-row INSERT of ``count`` rows that skips (owner, external_id) pairs already stored."""
        key = ("transactions", count)
        if key not in self._statements:
            self._statements[key] = (
                f"INSERT INTO {self.transactions} {_COLUMNS} VALUES {', '.join([_ROW] * count)}"  # noqa: S608
                " ON CONFLICT (owner_id, external_id) DO NOTHING RETURNING date, amount_cents"
            )
        return self._statements[key]

    def _add_days(self, count: int) -> str:
        """A multi-row upsert adding to ``count`` days' totals."""
        key = ("daily", count)
        if key not in self._statements:
            self._statements[key] = (
                f"INSERT INTO {self.daily} AS d (id, owner_id, day, income_cents, expenses_cents)"  # noqa: S608
                f" VALUES {', '.join([_DAY_ROW] * count)} ON CONFLICT (owner_id, day) DO UPDATE SET"
                " income_cents = d.income_cents + EXCLUDED.income_cents,"
                " expenses_cents = d.expenses_cents + EXCLUDED.expenses_cents"
            )
        return self._statements[key]

    async def insert(self, owner: uuid.UUID, rows: Sequence[NewRow]) -> int:
        """Store ``rows`` of ``owner`` chunk by chunk, and add the new ones to their days' totals; how many were new.

        Runs inside the caller's transaction (``Dialect.atomic``). Rows repeating an external_id of the batch
        must be dropped before: one statement may not touch a row twice.
        """
        postgres = self.dialect.postgres
        owner_arg = self.dialect.uuid_arg(owner)
        date_arg = self.dialect.date_arg
        days: dict[date, list[int]] = {}
        new = 0
        for start in range(0, len(rows), self.chunk_rows):
            chunk = rows[start : start + self.chunk_rows]
            args: list[Any] = []
            for r in chunk:
                row_id = uuid.uuid4()
                args += (row_id if postgres else str(row_id), owner_arg, r.external_id, date_arg(r.date))
                args += (r.amount_cents, r.description, r.merchant, r.category)
            inserted = await self.dialect.fetch_in_transaction(self._insert(len(chunk)), args)
            new += len(inserted)
            for row in inserted:
                totals = days.setdefault(Dialect.to_date(row["date"]), [0, 0])
                cents = int(row["amount_cents"])
                totals[0 if cents > 0 else 1] += abs(cents)
        await self._add_to_days(owner_arg, days)
        return new

    async def _add_to_days(self, owner_arg: Any, days: dict[date, list[int]]) -> None:
        items = sorted(days.items())
        step = 1000  # 5 arguments each
        for start in range(0, len(items), step):
            part = items[start : start + step]
            args: list[Any] = []
            for day, (income, expenses) in part:
                row_id = uuid.uuid4()
                args += (row_id if self.dialect.postgres else str(row_id), owner_arg, self.dialect.date_arg(day))
                args += (income, expenses)
            await self.dialect.fetch_in_transaction(self._add_days(len(part)), args)

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
            # Covers the metrics' range scans (amount, category, merchant) so they never read the rows themselves.
            f"CREATE INDEX IF NOT EXISTS transactions_owner_date"
            f" ON {self.transactions} (owner_id, date, amount_cents, category, merchant)",
            f"CREATE UNIQUE INDEX IF NOT EXISTS daily_totals_owner_day ON {self.daily} (owner_id, day)",
            f"CREATE UNIQUE INDEX IF NOT EXISTS asset_values_asset_date ON {values} (asset_id, as_of)",
        ):
            await self.database.query(statement)
