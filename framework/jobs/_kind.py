"""What a plugin declares about a kind of job: its table, inputs, result, handler and limits."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

import msgspec
from piccolo.table import Table

from framework._context import CallContext
from framework._errors import JobCancelled
from framework.jobs._columns import JobColumns
from framework.jobs._state import JobState

__all__ = ["JobCancelled", "JobEvents", "JobKind", "JobLimits", "RunningJob"]

In = TypeVar("In")
Out = TypeVar("Out")


class JobLimits(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How a plugin's jobs run; a plugin fills it from its own config section."""

    # Jobs one process runs at the same time.
    workers: int = 1
    # A running job's claim lasts this long unless renewed; a job whose claim lapsed (its process died) is re-run.
    lease_seconds: float = 15.0
    # How often an idle worker looks for queued jobs another process accepted.
    poll_seconds: float = 1.0
    # At most one progress event per job this often.
    progress_event_seconds: float = 1.0
    # Jobs one user may have waiting; one more is refused with 429 (Retry-After) until one starts or is cancelled.
    max_queued_per_user: int = 20
    # Jobs of one user running at the same time, across every worker and replica; the rest wait their turn.
    max_running_per_user: int = 2
    # Retry-After of a refused submission: about how long a short job takes to make room.
    retry_after_seconds: int = 30

    def __post_init__(self) -> None:
        for name in ("lease_seconds", "poll_seconds", "progress_event_seconds"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be a positive number of seconds")
        for name in ("workers", "max_queued_per_user", "max_running_per_user", "retry_after_seconds"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")


@dataclass(slots=True, eq=False)  # identity: the runner keeps its running jobs in a set
class RunningJob(Generic[In]):
    """What a handler gets: the job's inputs, a place to report progress, and whether to stop.

    ``progress`` and ``cancelled`` may be called from the handler's own thread.
    """

    id: uuid.UUID
    owner_id: uuid.UUID
    inputs: In
    attempt: int
    _stop: threading.Event = field(default_factory=threading.Event)
    _progress: float = 0.0

    def progress(self, fraction: float) -> None:
        """Report how far the job got, 0..1; stored with the next lease renewal."""
        self._progress = min(max(float(fraction), 0.0), 1.0)

    def cancelled(self) -> bool:
        """True once the job was cancelled, its process is stopping, or another process took it over."""
        return self._stop.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise :class:`JobCancelled` when the handler should stop."""
        if self._stop.is_set():
            raise JobCancelled


@dataclass(frozen=True, slots=True)
class JobKind(Generic[In, Out]):
    """A kind of job of one plugin.

    Give exactly one handler: ``run`` (async, on the event loop) or ``run_in_thread`` (sync, for
    CPU work; it should call ``job.cancelled()`` now and then and raise :class:`JobCancelled`).
    ``table`` subclasses :class:`JobColumns`; ``columns`` fills the plugin's own columns of a new
    row from its inputs, ``result_columns`` those set when a job succeeds. ``inputs`` and
    ``result`` are stored as JSON, so both must be types msgspec encodes and decodes.
    """

    name: str
    table: type[Table]
    inputs: type[In]
    result: type[Out]
    run: Callable[[RunningJob[In]], Awaitable[Out]] | None = None
    run_in_thread: Callable[[RunningJob[In]], Out] | None = None
    columns: Callable[[In], Mapping[str, Any]] | None = None
    result_columns: Callable[[Out], Mapping[str, Any]] | None = None
    # What users read it called ("simulation": "you have 3 simulations waiting"); defaults to "<name> job".
    noun: str | None = None
    # Where the runner logs; defaults to turnout.jobs.<name>.
    logger_name: str | None = None

    @property
    def called(self) -> str:
        """The noun users read for one job of this kind."""
        return self.noun or f"{self.name} job"

    def __post_init__(self) -> None:
        if (self.run is None) == (self.run_in_thread is None):
            raise TypeError(f"job kind {self.name!r}: give exactly one of run and run_in_thread")
        if not issubclass(self.table, JobColumns):
            raise TypeError(f"job kind {self.name!r}: its table must list JobColumns among its bases")


class JobEvents(Protocol):
    """How a plugin tells the world about its jobs (typically: publishing its own contract's events)."""

    async def progress(self, job_id: uuid.UUID, owner_id: uuid.UUID, fraction: float, ctx: CallContext) -> None:
        """A job started (fraction 0.0) or moved on; at most one call per job per progress interval."""

    async def finished(
        self, job_id: uuid.UUID, owner_id: uuid.UUID, state: JobState, error: str | None, ctx: CallContext
    ) -> None:
        """A job ended: succeeded, failed (``error`` says why) or cancelled."""
