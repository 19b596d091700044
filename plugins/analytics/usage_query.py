"""getUsage: the usage rollups per day over a range, for admins."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from framework import CallContext, FieldError, Forbidden, PluginDatabase, UnprocessableContent, require_user, utcnow
from generated.analytics.models import PluginRequests, Usage, UsageDay
from plugins.analytics.usage_tables import UsageDayRow, UsagePluginDayRow, UsageUserDayRow

__all__ = ["DEFAULT_DAYS", "MAX_DAYS", "read_usage"]

DEFAULT_DAYS = 30
MAX_DAYS = 366


def _range(start: date | None, end: date | None) -> tuple[date, date]:
    """The inclusive range asked for, defaults filled; 422 when it is reversed or too long."""
    end = end if end is not None else (start + timedelta(days=DEFAULT_DAYS - 1) if start else utcnow().date())
    start = start if start is not None else end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise UnprocessableContent(
            "start is after end", errors=[FieldError(field="start", message="must not be after end")]
        )
    if (end - start).days + 1 > MAX_DAYS:
        message = f"the range may span at most {MAX_DAYS} days"
        raise UnprocessableContent(message, errors=[FieldError(field="end", message=message)])
    return start, end


async def read_usage(database: PluginDatabase, ctx: CallContext, *, start: date | None, end: date | None) -> Usage:
    """Every day of [start, end] with its requests per plugin, active users, simulations and uploads."""
    _, admin = require_user(ctx)
    if not admin:  # the edge refuses users already; a call from inside the platform is checked too
        raise Forbidden("usage statistics are for admins")
    start, end = _range(start, end)
    bounds = (start.isoformat(), end.isoformat())
    where = "WHERE day >= {} AND day <= {}"
    # Our own tables' names; the values travel as arguments.
    tables = (UsagePluginDayRow, UsageUserDayRow, UsageDayRow)
    plugin_days, user_days, days_table = (database.table_name(table) for table in tables)
    plugins = await database.query(
        f"SELECT day, plugin, requests, errors, client_errors FROM {plugin_days} {where} ORDER BY day, plugin",  # noqa: S608
        *bounds,
    )
    users = await database.query(f"SELECT day, COUNT(*) AS users FROM {user_days} {where} GROUP BY day", *bounds)  # noqa: S608
    counts = await database.query(f"SELECT day, simulations_run, files_uploaded FROM {days_table} {where}", *bounds)  # noqa: S608
    by_day: defaultdict[str, list[PluginRequests]] = defaultdict(list)
    for row in plugins:
        requests = PluginRequests(
            plugin=row["plugin"],
            requests=int(row["requests"]),
            errors=int(row["errors"]),
            client_errors=int(row["client_errors"]),
        )
        by_day[row["day"]].append(requests)
    active = {row["day"]: int(row["users"]) for row in users}
    finished = {row["day"]: (int(row["simulations_run"]), int(row["files_uploaded"])) for row in counts}
    days = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        key = day.isoformat()
        simulations, files = finished.get(key, (0, 0))
        days.append(
            UsageDay(
                date=day,
                requests_by_plugin=by_day.get(key, []),
                active_users=active.get(key, 0),
                simulations_run=simulations,
                files_uploaded=files,
            )
        )
    return Usage(start=start, end=end, days=days)
