"""Simulation's own table: one row per job, the truth about it."""

from __future__ import annotations

from piccolo.columns import BigInt, Integer, Varchar
from piccolo.table import Table

from framework.jobs import JobColumns

__all__ = ["TABLES", "JobRow"]


class JobRow(JobColumns, Table, tablename="jobs"):
    """A simulation job: the framework's job columns, and what a listing shows without reading ``inputs``.

    ``inputs`` holds the resolved problem (the CSV already read), so a job can be re-run after a
    restart without anything but this row.
    """

    seed = BigInt()
    paths = BigInt()
    steps = Integer()
    backend = Varchar(length=16, null=True, default=None)


TABLES: list[type[Table]] = [JobRow]
