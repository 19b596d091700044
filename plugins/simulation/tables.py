"""Simulation's own table: one row per job, the truth about it."""

from __future__ import annotations

from piccolo.columns import (
    UUID,
    BigInt,
    Boolean,
    DoublePrecision,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

__all__ = ["TABLES", "JobRow"]


class JobRow(Table, tablename="jobs"):
    """A simulation job: queued -> running -> succeeded | failed | cancelled.

    ``inputs`` holds the resolved problem (the CSV already read), so a job can be re-run after a
    restart without anything but this row. ``lease_owner`` / ``lease_expires_at`` say which process
    runs it and until when; a lapsed lease means that process died and the job is run again.
    """

    id = UUID(primary_key=True)
    owner_id = UUID(index=True)
    status = Varchar(length=16, index=True)
    progress = DoublePrecision(default=0.0)
    inputs = Text()
    request_hash = Varchar(length=64)
    idempotency_key = Varchar(length=200, null=True, default=None)
    seed = BigInt()
    paths = BigInt()
    steps = Integer()
    backend = Varchar(length=16, null=True, default=None)
    error = Text(null=True, default=None)
    result = Text(null=True, default=None)
    cancel_requested = Boolean(default=False)
    lease_owner = Varchar(length=32, null=True, default=None)
    lease_expires_at = Timestamptz(null=True, default=None)
    attempts = Integer(default=0)
    created_at = Timestamptz()
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)


TABLES: list[type[Table]] = [JobRow]
