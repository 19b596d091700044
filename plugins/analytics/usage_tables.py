"""The usage statistics' tables: per-day rollups, and the keys of the events already counted.

Days are ``YYYY-MM-DD`` text (UTC): they sort as dates and compare the same on SQLite and
PostgreSQL. Rollup rows are found by a single unique ``key``, so an upsert needs no composite
constraint.
"""

from __future__ import annotations

from piccolo.columns import BigInt, Text, Varchar
from piccolo.table import Table

__all__ = ["USAGE_TABLES", "UsageDayRow", "UsagePluginDayRow", "UsageSeenRow", "UsageUserDayRow"]


class UsageSeenRow(Table, tablename="usage_seen"):
    """An event already counted (``report:<id>``, ``upload:<file id>``, ``simulation:<job id>``)."""

    key = Text(unique=True)
    day = Varchar(length=10)


class UsagePluginDayRow(Table, tablename="usage_plugin_days"):
    """Requests to one plugin on one day (``key`` is ``<day>|<plugin>``)."""

    key = Text(unique=True)
    day = Varchar(length=10, index=True)
    plugin = Text()
    requests = BigInt()
    errors = BigInt()
    client_errors = BigInt()


class UsageUserDayRow(Table, tablename="usage_user_days"):
    """A user seen on a day (``key`` is ``<day>|<subject>``); their count is the day's active users."""

    key = Text(unique=True)
    day = Varchar(length=10, index=True)
    subject = Text()


class UsageDayRow(Table, tablename="usage_days"):
    """The day's finished simulations and stored files."""

    day = Varchar(length=10, unique=True)
    simulations_run = BigInt()
    files_uploaded = BigInt()


USAGE_TABLES: list[type[Table]] = [UsageSeenRow, UsagePluginDayRow, UsageUserDayRow, UsageDayRow]
