"""``[plugins.simulation]`` settings."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from msgspec import Meta

from framework import PluginConfig

__all__ = ["SimulationConfig"]

AtLeastOne = Annotated[int, Meta(ge=1)]
Seconds = Annotated[float, Meta(gt=0)]


class SimulationConfig(PluginConfig):
    """Decoded strictly from ``[plugins.simulation]``; every key has a safe default."""

    # An admin may change these at run time (read from the config on every submission).
    changeable: ClassVar[frozenset[str]] = frozenset({"max_path_steps", "max_input_file_bytes"})

    # auto: CuPy when a GPU is usable here, else NumPy (the log says which).
    backend: Literal["auto", "cupy", "numpy"] = "auto"
    # paths x steps of one job; beyond it a request is refused with 422 naming the cap.
    # Used only while the admin service cannot say the user's tier cap (simulation_max_path_steps).
    max_path_steps: AtLeastOne = 2_000_000_000
    # How long a user's tier limits are kept before admin is asked again: a tier change applies within it.
    limits_cache_seconds: Annotated[float, Meta(ge=0)] = 5.0
    # Jobs one process runs at the same time.
    workers: AtLeastOne = 1
    # A running job's claim lasts this long unless renewed; a job whose claim lapsed (its process died) is re-run.
    lease_seconds: Seconds = 15.0
    # How often an idle worker looks for queued jobs another process accepted.
    poll_seconds: Seconds = 1.0
    # At most one simulation.progress event per job this often.
    progress_event_seconds: Seconds = 1.0
    # Largest CSV of inputs read through the files service.
    max_input_file_bytes: AtLeastOne = 1024 * 1024
    # Jobs one user may have waiting; one more is refused with 429 (Retry-After) until one starts or is cancelled.
    max_queued_per_user: AtLeastOne = 20
    # Jobs of one user running at the same time, across every worker and replica; the rest wait their turn.
    max_running_per_user: AtLeastOne = 2
