"""A job's state and the record of it read back from its row."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from framework._time import utc

__all__ = ["FINISHED", "JobRecord", "JobState"]


class JobState(StrEnum):
    """Where a job stands: queued -> running -> succeeded | failed | cancelled."""

    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


FINISHED = frozenset({JobState.succeeded, JobState.failed, JobState.cancelled})

# The columns every jobs table has (JobColumns); the rest of a row belongs to the plugin.
_COMMON = frozenset(
    {
        "id",
        "owner_id",
        "status",
        "progress",
        "inputs",
        "request_hash",
        "idempotency_key",
        "error",
        "result",
        "cancel_requested",
        "lease_owner",
        "lease_expires_at",
        "attempts",
        "created_at",
        "started_at",
        "finished_at",
    }
)


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))  # SQLite raw queries give text


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One job as its row says; ``columns`` holds the plugin's own columns, ``result`` the encoded result."""

    id: uuid.UUID
    owner_id: uuid.UUID
    state: JobState
    progress: float
    error: str | None
    cancel_requested: bool
    attempts: int
    idempotency_key: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    result: str | None
    columns: Mapping[str, Any]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> JobRecord:
        """The record of a row selected with every column."""
        return cls(
            id=_uuid(row["id"]),
            owner_id=_uuid(row["owner_id"]),
            state=JobState(row["status"]),
            progress=min(max(float(row["progress"] or 0.0), 0.0), 1.0),
            error=row["error"],
            cancel_requested=bool(row["cancel_requested"]),
            attempts=int(row["attempts"] or 0),
            idempotency_key=row["idempotency_key"],
            created_at=utc(row["created_at"]),
            started_at=utc(row["started_at"]),
            finished_at=utc(row["finished_at"]),
            result=row["result"],
            columns={key: value for key, value in row.items() if key not in _COMMON},
        )
