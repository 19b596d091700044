"""Request and error rates: the HTTP edge's usage reports (``turnout.usage``), kept for a day.

Each report adds one row per plugin, keyed by the report's id, so a redelivered report changes
nothing. The dashboard sums the rows of its window.
"""

from __future__ import annotations

import time
from typing import Any

import msgspec
from piccolo.columns import BigInt, DoublePrecision, Text
from piccolo.table import Table

from framework import CallContext, PluginDatabase, UsageReport

__all__ = ["KEEP_SECONDS", "PluginRates", "UsageReportRow", "UsageWindows"]

KEEP_SECONDS = 24 * 3600.0  # longer than any dashboard window


class UsageReportRow(Table, tablename="usage_reports"):
    """One plugin's counts in one usage report (``key`` is ``<report id>|<plugin>``)."""

    key = Text(unique=True)
    window_end = DoublePrecision(index=True)  # seconds since the epoch
    plugin = Text()
    requests = BigInt()
    errors = BigInt()
    client_errors = BigInt()


class PluginRates(msgspec.Struct, frozen=True, kw_only=True):
    """One plugin's requests in a window."""

    requests: int = 0
    errors: int = 0
    client_errors: int = 0


class UsageWindows:
    """Records usage reports once each and sums them over a window."""

    def __init__(self, database: PluginDatabase) -> None:
        self.database = database
        self.table = database.table_name(UsageReportRow)

    async def record(self, ctx: CallContext, report: UsageReport) -> None:
        end = report.window_end.timestamp()
        insert = (
            f"INSERT INTO {self.table} (key, window_end, plugin, requests, errors, client_errors)"  # noqa: S608 - our own table
            " VALUES ({}, {}, {}, {}, {}, {}) ON CONFLICT (key) DO NOTHING"
        )
        async with self.database.engine.transaction():
            for usage in report.plugins:
                key = f"{report.id}|{usage.plugin}"
                await self.database.query(
                    insert, key, end, usage.plugin, usage.requests, usage.errors, usage.client_errors
                )
            # Old rows go as new ones come: no timer, and a quiet platform keeps what it has.
            await self.database.query(f"DELETE FROM {self.table} WHERE window_end < {{}}", end - KEEP_SECONDS)  # noqa: S608

    async def rates(self, window_seconds: float) -> dict[str, PluginRates]:
        """Each plugin's counts in the reports that ended in the last ``window_seconds``."""
        rows: list[dict[str, Any]] = await self.database.query(
            f"SELECT plugin, SUM(requests) AS requests, SUM(errors) AS errors,"  # noqa: S608 - our own table
            f" SUM(client_errors) AS client_errors FROM {self.table} WHERE window_end >= {{}} GROUP BY plugin",
            time.time() - window_seconds,
        )
        return {
            row["plugin"]: PluginRates(
                requests=int(row["requests"] or 0),
                errors=int(row["errors"] or 0),
                client_errors=int(row["client_errors"] or 0),
            )
            for row in rows
        }
