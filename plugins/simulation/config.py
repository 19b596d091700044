"""``[plugins.simulation]`` settings."""

from __future__ import annotations

from typing import Literal

import msgspec

__all__ = ["SimulationConfig"]


class SimulationConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Decoded strictly from ``[plugins.simulation]``; every key has a safe default."""

    # auto: CuPy when a GPU is usable here, else NumPy (the log says which).
    backend: Literal["auto", "cupy", "numpy"] = "auto"
    # paths x steps of one job; beyond it a request is refused with 422 naming the cap.
    max_path_steps: int = 2_000_000_000
    # Jobs one process runs at the same time.
    workers: int = 1
    # A running job's claim lasts this long unless renewed; a job whose claim lapsed (its process died) is re-run.
    lease_seconds: float = 15.0
    # How often an idle worker looks for queued jobs another process accepted.
    poll_seconds: float = 1.0
    # At most one simulation.progress event per job this often.
    progress_event_seconds: float = 1.0
    # Largest CSV of inputs read through the files service.
    max_input_file_bytes: int = 1024 * 1024
    # Jobs one user may have waiting; one more is refused with 429 (Retry-After) until one starts or is cancelled.
    max_queued_per_user: int = 20
    # Jobs of one user running at the same time, across every worker and replica; the rest wait their turn.
    max_running_per_user: int = 2

    def __post_init__(self) -> None:
        if self.max_path_steps < 1:
            raise ValueError("max_path_steps must be at least 1")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        for name in ("lease_seconds", "poll_seconds", "progress_event_seconds"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be a positive number of seconds")
        for name in ("max_input_file_bytes", "max_queued_per_user", "max_running_per_user"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
