"""Durable jobs: the row is the truth (queued -> running -> succeeded | failed | cancelled).

A plugin declares a :class:`JobKind` (its table with :class:`JobColumns`, inputs, result, handler),
builds :class:`Jobs` from it with :class:`JobLimits` from its config, and starts and stops it with
its service. The framework gives idempotent submission, a fair queue across users with per-user
limits, leases with heartbeats, progress, cancellation, resume after a crash, requeue on shutdown
and quiet backoff through a database outage.
"""

from framework.jobs._columns import JobColumns
from framework.jobs._jobs import JobList, Jobs, request_hash
from framework.jobs._kind import JobCancelled, JobEvents, JobKind, JobLimits, RunningJob
from framework.jobs._outage import FailureStreak, database_unreachable
from framework.jobs._queue import FairQueue
from framework.jobs._runner import JobRunner
from framework.jobs._state import FINISHED, JobRecord, JobState

__all__ = [
    "JobKind",
    "JobLimits",
    "JobColumns",
    "JobEvents",
    "RunningJob",
    "JobCancelled",
    "Jobs",
    "JobList",
    "JobRecord",
    "JobState",
    "FINISHED",
    "request_hash",
    "FairQueue",
    "JobRunner",
    "FailureStreak",
    "database_unreachable",
]


def __dir__() -> list[str]:
    return list(__all__)
