"""The usage rollups on a real database of their own (SQLite file and PostgreSQL): each event counted once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from framework import CallContext, FieldError, Forbidden, Principal, UnprocessableContent, UsageReport
from framework import PluginUsage as Seen
from framework._db import PluginDatabase, open_plugin_database
from generated.analytics.models import PluginRequests
from generated.files.models import FileUploaded
from generated.simulation.models import JobStatus, SimulationFinished
from plugins.analytics.usage import UsageRecorder, day_of
from plugins.analytics.usage_query import read_usage
from plugins.analytics.usage_tables import USAGE_TABLES
from tests._services import PostgresServer

ENGINES = ["sqlite", "postgresql"]
ADMIN = CallContext(correlation_id="test", principal=Principal(subject=str(uuid.uuid4()), roles=("admin",)))
USER = CallContext(correlation_id="test", principal=Principal(subject=str(uuid.uuid4()), roles=("user",)))
DAY = date(2026, 3, 14)


@pytest.fixture(params=ENGINES)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[PluginDatabase]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'var'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.create_database(f"usage_{uuid.uuid4().hex[:12]}")
    db = await open_plugin_database(url, "analytics", tmp_path / "var")
    db.bind(USAGE_TABLES)
    await db.migrate(USAGE_TABLES, [])
    try:
        yield db
    finally:
        await db.close()


def _at(hour: int) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, tzinfo=UTC)


def _report(*plugins: Seen, users: list[str], hour: int = 9) -> UsageReport:
    return UsageReport(_at(hour), _at(hour + 1), "edge:1", list(plugins), users)


async def test_each_event_counts_once_per_day(database: PluginDatabase) -> None:
    recorder = UsageRecorder(database)
    first = _report(Seen("files", 5, 1, 2), Seen("auth", 3, 0, 0), users=["u1", "u2"])
    second = _report(Seen("files", 2, 0, 1), users=["u2", "u3"], hour=15)
    for report in (first, second, first):  # the first again: a redelivery
        await recorder.report(CallContext.system(), report)
    upload = FileUploaded(
        file_id=uuid.uuid4(),
        owner_id=uuid.uuid4(),
        filename="a.csv",
        content_type="text/csv",
        size=1,
        sha256="0" * 64,
        occurred_at=_at(10),
    )
    finished = SimulationFinished(
        job_id=uuid.uuid4(), owner_id=uuid.uuid4(), status=JobStatus.succeeded, occurred_at=_at(11)
    )
    other = SimulationFinished(
        job_id=uuid.uuid4(), owner_id=uuid.uuid4(), status=JobStatus.succeeded, occurred_at=_at(12)
    )
    for _ in range(2):
        await recorder.upload(CallContext.system(), upload)
        await recorder.simulation(CallContext.system(), finished)
        await recorder.simulation(CallContext.system(), other)

    usage = await read_usage(database, ADMIN, start=date(2026, 3, 13), end=DAY)
    assert [day.date for day in usage.days] == [date(2026, 3, 13), DAY]
    quiet, busy = usage.days
    assert (quiet.requests_by_plugin, quiet.active_users, quiet.simulations_run, quiet.files_uploaded) == ([], 0, 0, 0)
    assert busy.requests_by_plugin == [
        PluginRequests(plugin="auth", requests=3, errors=0, client_errors=0),
        PluginRequests(plugin="files", requests=7, errors=1, client_errors=3),
    ]
    assert (busy.active_users, busy.simulations_run, busy.files_uploaded) == (3, 2, 1)


async def test_usage_is_for_admins_and_a_bad_range_is_422(database: PluginDatabase) -> None:
    with pytest.raises(Forbidden):
        await read_usage(database, USER, start=None, end=None)
    with pytest.raises(UnprocessableContent) as reversed_range:
        await read_usage(database, ADMIN, start=DAY, end=date(2026, 3, 1))
    assert reversed_range.value.errors == [FieldError(field="start", message="must not be after end")]
    with pytest.raises(UnprocessableContent):
        await read_usage(database, ADMIN, start=date(2025, 1, 1), end=DAY)
    default = await read_usage(database, ADMIN, start=None, end=None)
    assert len(default.days) == 30
    assert default.end == datetime.now(UTC).date()


def test_a_report_counts_on_the_utc_day_its_window_started() -> None:
    assert day_of(datetime(2026, 3, 14, 23, 59, tzinfo=UTC)) == "2026-03-14"
    assert day_of(datetime.fromisoformat("2026-03-15T00:30:00+02:00")) == "2026-03-14"
