"""Usage statistics in: the events analytics counts, each once, into per-day rollups.

- ``turnout.usage`` (the HTTP edge's report): requests and errors per plugin, and the users
  seen, on the day the report's window started;
- ``files.uploaded``: a file stored, on the day it was stored;
- ``simulation.completed``: a simulation that ran to its result. A failed one gave nothing to
  use and a cancelled one may never have run: "simulations run" counts neither.

Events arrive at least once. Each has a key (the report's id, the file's, the job's) written in
the same transaction as the counts it adds; a key already there means the event was counted,
and the redelivery changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from framework import USAGE, CallContext, PluginContext, PluginDatabase, UsageReport, utc
from generated.files.events import UPLOADED
from generated.files.models import FileUploaded
from generated.simulation.events import COMPLETED
from generated.simulation.models import SimulationFinished
from plugins.analytics.usage_tables import UsageDayRow, UsagePluginDayRow, UsageSeenRow, UsageUserDayRow

__all__ = ["USAGE_EVENTS", "UsageRecorder", "day_of", "subscribe_usage"]

USAGE_EVENTS = (USAGE, UPLOADED, COMPLETED)
"""The events the usage statistics consume (the plugin's ``consumes``)."""


def day_of(moment: datetime) -> str:
    """The UTC day of ``moment``, as the rollups key it."""
    return utc(moment).astimezone(UTC).date().isoformat()


class UsageRecorder:
    """Adds each event's counts to the rollups, once per event."""

    def __init__(self, database: PluginDatabase) -> None:
        self.database = database
        self.seen = database.table_name(UsageSeenRow)
        self.plugin_days = database.table_name(UsagePluginDayRow)
        self.user_days = database.table_name(UsageUserDayRow)
        self.days = database.table_name(UsageDayRow)

    async def _first_time(self, key: str, day: str) -> bool:
        """Record ``key``; False when it was recorded before (the event was counted already)."""
        sql = f"INSERT INTO {self.seen} (key, day) VALUES ({{}}, {{}}) ON CONFLICT (key) DO NOTHING RETURNING key"  # noqa: S608 - our own table
        return bool(await self.database.query(sql, key, day))

    async def report(self, ctx: CallContext, report: UsageReport) -> None:
        day = day_of(report.window_start)
        async with self.database.engine.transaction():
            if not await self._first_time(f"report:{report.id}", day):
                return
            add = (
                f"INSERT INTO {self.plugin_days} AS t (key, day, plugin, requests, errors, client_errors)"  # noqa: S608
                " VALUES ({}, {}, {}, {}, {}, {}) ON CONFLICT (key) DO UPDATE SET"
                " requests = t.requests + excluded.requests, errors = t.errors + excluded.errors,"
                " client_errors = t.client_errors + excluded.client_errors"
            )
            for usage in report.plugins:
                key = f"{day}|{usage.plugin}"
                await self.database.query(
                    add, key, day, usage.plugin, usage.requests, usage.errors, usage.client_errors
                )
            seen = (
                f"INSERT INTO {self.user_days} (key, day, subject) VALUES ({{}}, {{}}, {{}})"  # noqa: S608 - our own table
                " ON CONFLICT (key) DO NOTHING"
            )
            for subject in report.active_users:
                await self.database.query(seen, f"{day}|{subject}", day, subject)

    async def _count(self, key: str, day: str, column: str) -> None:
        async with self.database.engine.transaction():
            if not await self._first_time(key, day):
                return
            simulations, files = (1, 0) if column == "simulations_run" else (0, 1)
            add = (
                f"INSERT INTO {self.days} AS t (day, simulations_run, files_uploaded) VALUES ({{}}, {{}}, {{}})"  # noqa: S608
                f" ON CONFLICT (day) DO UPDATE SET {column} = t.{column} + 1"
            )
            await self.database.query(add, day, simulations, files)

    async def upload(self, ctx: CallContext, event: FileUploaded) -> None:
        await self._count(f"upload:{event.file_id}", day_of(event.occurred_at), "files_uploaded")

    async def simulation(self, ctx: CallContext, event: SimulationFinished) -> None:
        await self._count(f"simulation:{event.job_id}", day_of(event.occurred_at), "simulations_run")


def subscribe_usage(ctx: PluginContext[Any]) -> UsageRecorder:
    """Subscribe the usage rollups to :data:`USAGE_EVENTS` in ``ctx``; the recorder they write with."""
    recorder = UsageRecorder(ctx.database)
    ctx.subscribe(USAGE, recorder.report)
    ctx.subscribe(UPLOADED, recorder.upload)
    ctx.subscribe(COMPLETED, recorder.simulation)
    return recorder
