"""Batch scoring as a framework job kind: rows scored chunk by chunk, each finished chunk kept, a CSV written back.

A chunk's scored lines are stored as soon as it is done, so a job re-run after a restart starts
from its first unfinished chunk. The result is a CSV file of the job's owner, written through the
files service; the stored chunks are dropped once it is.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping
from typing import Any

import msgspec
import numpy as np

from framework.jobs import JobCancelled, JobKind, JobLimits, RunningJob
from framework.runtime import Upload
from generated.files import FilesService
from plugins.inference.batch_csv import BatchRows, format_scores
from plugins.inference.config import InferenceConfig
from plugins.inference.registry import Registry, owner_context
from plugins.inference.tables import BatchChunkRow, BatchJobRow

__all__ = ["BatchInputs", "BatchResult", "batch_kind", "job_limits"]

log = logging.getLogger("turnout.inference")
_CHUNK_IDS = uuid.UUID("2d4c6e8a-1b3f-4a5c-9e7d-0f1a2b3c4d5e")
# Chunks this small run on the event loop; larger ones in a thread, so other calls are not held up.
_INLINE_ROWS = 256


class BatchInputs(msgspec.Struct, frozen=True, kw_only=True):
    """What a job scores, with the model version fixed when it was queued."""

    model: str
    version: int
    rows: BatchRows


class BatchResult(msgspec.Struct, frozen=True, kw_only=True):
    result_file_id: uuid.UUID
    rows: int


def _listed(inputs: BatchInputs) -> Mapping[str, Any]:
    return {"model": inputs.model, "version": inputs.version, "rows": len(inputs.rows.values)}


def _written(result: BatchResult) -> Mapping[str, Any]:
    return {"result_file_id": result.result_file_id}


def batch_kind(registry: Registry, files: FilesService, chunk_rows: int) -> JobKind[BatchInputs, BatchResult]:
    """The batch-score job kind: ``chunk_rows`` rows per kept chunk."""

    async def score(job: RunningJob[BatchInputs], start: int) -> str:
        """The CSV lines of the chunk of rows from ``start``."""
        model = await registry.model(job.inputs.model, job.inputs.version)
        rows = job.inputs.rows

        def lines() -> str:
            values = np.asarray(rows.values[start : start + chunk_rows], dtype=np.float64)
            scores = model.run(values)[0].tolist()
            return format_scores(start, rows.ids, scores, [model.label(s) for s in scores])

        return await asyncio.to_thread(lines) if chunk_rows > _INLINE_ROWS else lines()

    async def cancel_requested(job_id: uuid.UUID) -> bool:
        # Checked between chunks, so a cancel stops a job at once rather than at the runner's next heartbeat.
        row = await BatchJobRow.select(BatchJobRow.cancel_requested).where(BatchJobRow.id == job_id).first().run()
        return bool(row and row["cancel_requested"])

    async def run(job: RunningJob[BatchInputs]) -> BatchResult:
        rows = job.inputs.rows
        total = len(rows.values)
        count = max(1, -(-total // chunk_rows))
        kept: list[dict[str, Any]] = (
            await BatchChunkRow.select(BatchChunkRow.chunk, BatchChunkRow.lines)
            .where(BatchChunkRow.job_id == job.id)
            .run()
        )
        done = {row["chunk"]: row["lines"] for row in kept}
        if done:
            log.info(
                "batch_score job %s: %d of %d chunks were already scored; going on from there", job.id, len(done), count
            )
        for chunk in range(count):
            if chunk in done:
                continue
            job.raise_if_cancelled()
            lines = await score(job, chunk * chunk_rows)
            row = BatchChunkRow(id=uuid.uuid5(_CHUNK_IDS, f"{job.id}:{chunk}"), job_id=job.id, chunk=chunk, lines=lines)
            await BatchChunkRow.insert(row).on_conflict(action="DO NOTHING").run()
            done[chunk] = lines
            job.progress(len(done) / count)
            if await cancel_requested(job.id):
                raise JobCancelled
        job.raise_if_cancelled()
        text = "id,score,label\n" + "".join(done[chunk] for chunk in range(count))
        upload = Upload.from_bytes(text.encode(), filename=f"batch-score-{job.id}.csv", content_type="text/csv")
        stored = await files.upload_file(owner_context(job.owner_id), file=upload)
        await BatchChunkRow.delete().where(BatchChunkRow.job_id == job.id).run()
        return BatchResult(result_file_id=stored.id, rows=total)

    return JobKind(
        name="batch_score",
        table=BatchJobRow,
        inputs=BatchInputs,
        result=BatchResult,
        run=run,
        columns=_listed,
        result_columns=_written,
        noun="batch scoring job",
        logger_name="turnout.inference",
    )


def job_limits(config: InferenceConfig) -> JobLimits:
    """The ``[plugins.inference]`` keys that say how batch jobs run."""
    return JobLimits(
        workers=config.workers,
        lease_seconds=config.lease_seconds,
        poll_seconds=config.poll_seconds,
        max_queued_per_user=config.max_queued_per_user,
        max_running_per_user=config.max_running_per_user,
    )
