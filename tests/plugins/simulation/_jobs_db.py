"""The simulation jobs table on a real database of a test's own (SQLite file or PostgreSQL database), and rows in it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from framework._db import PluginDatabase, open_plugin_database
from generated.simulation.models import JobStatus
from plugins.simulation.engine import Asset, Problem
from plugins.simulation.tables import TABLES, JobRow
from tests._services import PostgresServer

__all__ = ["ENGINES", "SMALL", "insert_job", "job_row", "open_jobs_database"]

ENGINES = ["sqlite", "postgresql"]

SMALL = Problem(
    assets=(Asset("stocks", 1.0, 0.05, 0.15),),
    correlation=((1.0,),),
    initial_value=100.0,
    contribution=0.0,
    horizon_years=1.0,
    steps=12,
    paths=1_000,
    seed=3,
)


async def open_jobs_database(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> PluginDatabase:
    """A fresh, migrated simulation database on ``engine``, with the plugin's tables bound to it."""
    if engine == "sqlite":
        url = f"sqlite:///{tmp_path / 'var'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.create_database(f"simq_{uuid.uuid4().hex[:12]}")
    database = await open_plugin_database(url, "simulation", tmp_path / "var")
    database.bind(TABLES)
    await database.migrate(TABLES, [])
    return database


def job_row(owner: uuid.UUID, created_at: datetime, problem: Problem = SMALL, **changes: Any) -> dict[str, Any]:
    """A queued job's row as the service inserts it."""
    return {
        "id": uuid.uuid4(),
        "owner_id": owner,
        "status": JobStatus.queued.value,
        "progress": 0.0,
        "inputs": msgspec.json.encode(problem).decode(),
        "request_hash": "0" * 64,
        "idempotency_key": None,
        "seed": problem.seed,
        "paths": problem.paths,
        "steps": problem.steps,
        "cancel_requested": False,
        "attempts": 0,
        "created_at": created_at,
        **changes,
    }


async def insert_job(owner: uuid.UUID, seconds_ago: float, problem: Problem = SMALL, **changes: Any) -> uuid.UUID:
    """Insert a job created ``seconds_ago``; returns its id."""
    row = job_row(owner, datetime.now(UTC) - timedelta(seconds=seconds_ago), problem, **changes)
    await JobRow.insert(JobRow(**row)).run()
    job_id: uuid.UUID = row["id"]
    return job_id
