"""The columns every jobs table has: a plugin's table lists :class:`JobColumns` first among its bases."""

from __future__ import annotations

from piccolo.columns import UUID, Boolean, DoublePrecision, Integer, Text, Timestamptz, Varchar

__all__ = ["JobColumns"]


class JobColumns:
    """One row per job, the truth about it: queued -> running -> succeeded | failed | cancelled.

    ``inputs`` holds everything the job needs (encoded as JSON), so it can be re-run after a restart
    from this row alone. ``lease_owner`` / ``lease_expires_at`` say which process runs it and until
    when; a lapsed lease means that process died and the job is run again. A plugin adds its own
    columns next to these::

        class JobRow(JobColumns, Table, tablename="jobs"):
            paths = BigInt()
    """

    id = UUID(primary_key=True)
    owner_id = UUID(index=True)
    status = Varchar(length=16, index=True)
    progress = DoublePrecision(default=0.0)
    inputs = Text()
    request_hash = Varchar(length=64)
    idempotency_key = Varchar(length=200, null=True, default=None)
    error = Text(null=True, default=None)
    result = Text(null=True, default=None)
    cancel_requested = Boolean(default=False)
    lease_owner = Varchar(length=32, null=True, default=None)
    lease_expires_at = Timestamptz(null=True, default=None)
    attempts = Integer(default=0)
    created_at = Timestamptz()
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
