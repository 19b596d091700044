"""``[plugins.inference]`` settings."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from framework import PluginConfig

__all__ = ["InferenceConfig"]

AtLeastOne = Annotated[int, Meta(ge=1)]
Seconds = Annotated[float, Meta(gt=0)]


class InferenceConfig(PluginConfig):
    """Decoded strictly from ``[plugins.inference]``; every key has a safe default."""

    # Largest ONNX model an admin may upload; a larger one is refused with 413.
    max_model_bytes: AtLeastOne = 16 * 1024 * 1024
    # Largest CSV a batch job reads through the files service; a larger one is refused with 422.
    max_batch_file_bytes: AtLeastOne = 16 * 1024 * 1024
    # Rows one batch job scores; more is refused with 422.
    max_batch_rows: AtLeastOne = 200_000
    # Rows per chunk of a batch job: a restarted job goes on from its first unfinished chunk.
    batch_chunk_rows: AtLeastOne = 5_000
    # Batch jobs one process runs at the same time.
    workers: AtLeastOne = 1
    # A running job's claim lasts this long unless renewed; a job whose claim lapsed (its process died) is re-run.
    lease_seconds: Seconds = 15.0
    # How often an idle worker looks for queued jobs another process accepted.
    poll_seconds: Seconds = 1.0
    # Batch jobs one user may have waiting; one more is refused with 429 (Retry-After).
    max_queued_per_user: AtLeastOne = 20
    # Batch jobs of one user running at the same time, across every worker and replica.
    max_running_per_user: AtLeastOne = 2
