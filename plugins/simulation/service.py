"""SimulationServiceImpl: accepts jobs, answers for them; the JobRunner does the work."""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
import uuid
from typing import Any

import msgspec

from framework import (
    CallContext,
    Conflict,
    FieldError,
    NotFound,
    UnprocessableContent,
    keyset_page,
    require_user,
    utc,
    utcnow,
)
from generated.files import FilesService
from generated.simulation.events import CANCELLED
from generated.simulation.models import (
    Bands,
    Histogram,
    Job,
    JobPage,
    JobStatus,
    JobStatusFilter,
    PageInfo,
    Queue,
    QueuedJob,
    Risk,
    SimulationFinished,
    SimulationRequest,
    SimulationResult,
)
from plugins.simulation.config import SimulationConfig
from plugins.simulation.engine import Asset, Problem, ProblemError, Result, validate
from plugins.simulation.fair_queue import admit, queue_positions
from plugins.simulation.inputs import Portfolio, parse_csv
from plugins.simulation.jobs import JobRunner
from plugins.simulation.tables import JobRow

__all__ = ["SimulationServiceImpl"]

_IDEMPOTENT_IDS = uuid.UUID("0b7f6a52-3d1e-4c8a-9f0e-5a6b7c8d9e10")
_FINISHED = {JobStatus.succeeded.value, JobStatus.failed.value, JobStatus.cancelled.value}


def _job(row: dict[str, Any]) -> Job:
    return Job(
        id=row["id"],
        status=JobStatus(row["status"]),
        progress=min(max(float(row["progress"] or 0.0), 0.0), 1.0),
        paths=row["paths"],
        steps=row["steps"],
        seed=row["seed"],
        backend=row["backend"],
        error=row["error"],
        cancel_requested=bool(row["cancel_requested"]),
        created_at=utc(row["created_at"]),
        started_at=utc(row["started_at"]) if row["started_at"] else None,
        finished_at=utc(row["finished_at"]) if row["finished_at"] else None,
    )


class SimulationServiceImpl:
    """Implements SimulationService over the jobs table, the files service and a JobRunner."""

    def __init__(
        self,
        config: SimulationConfig,
        files: FilesService,
        runner: JobRunner,
    ) -> None:
        self.config = config
        self.files = files
        self.runner = runner

    async def _visible(self, ctx: CallContext, job_id: uuid.UUID) -> dict[str, Any]:
        caller, admin = require_user(ctx)
        row = await JobRow.select().where(JobRow.id == job_id).first().run()
        if row is None or (row["owner_id"] != caller and not admin):
            raise NotFound("no such simulation")
        return row

    async def create_simulation(
        self, ctx: CallContext, *, body: SimulationRequest, idempotency_key: str | None = None
    ) -> Job:
        owner, _ = require_user(ctx)
        request_hash = hashlib.sha256(msgspec.json.encode(body)).hexdigest()
        job_id = uuid.uuid5(_IDEMPOTENT_IDS, f"{owner}:{idempotency_key}") if idempotency_key else uuid.uuid4()
        if idempotency_key:
            existing = await JobRow.select().where(JobRow.id == job_id).first().run()
            if existing is not None:
                return self._repeat(existing, request_hash)
        problem = await self._problem(ctx, body)
        row: dict[str, Any] = {
            "id": job_id,
            "owner_id": owner,
            "status": JobStatus.queued.value,
            "progress": 0.0,
            "inputs": msgspec.json.encode(problem).decode(),
            "request_hash": request_hash,
            "idempotency_key": idempotency_key,
            "seed": problem.seed,
            "paths": problem.paths,
            "steps": problem.steps,
            "cancel_requested": False,
            "attempts": 0,
            "created_at": utcnow(),
        }
        inserted = await admit(owner, row, max_queued_per_user=self.config.max_queued_per_user)
        if not inserted:  # a concurrent request with the same key won the race
            existing = await JobRow.select().where(JobRow.id == job_id).first().run()
            assert existing is not None
            return self._repeat(existing, request_hash)
        self.runner.wake()
        return _job({**row, "backend": None, "error": None, "started_at": None, "finished_at": None})

    def _repeat(self, existing: dict[str, Any], request_hash: str) -> Job:
        if existing["request_hash"] != request_hash:
            raise Conflict("this Idempotency-Key was used for a different request; use a new key for a new job")
        return _job(existing)

    async def _problem(self, ctx: CallContext, body: SimulationRequest) -> Problem:
        """The request resolved into the Problem a job runs: checked here, so a queued job can always start."""
        cap = self.config.max_path_steps
        if body.paths * body.steps > cap:
            raise UnprocessableContent(
                f"paths x steps is {body.paths * body.steps}; this platform's cap is {cap}",
                errors=[FieldError(field="paths", message=f"paths x steps must not exceed {cap}")],
            )
        inline = isinstance(body.assets, list)
        from_file = isinstance(body.inputs_file_id, uuid.UUID)
        if inline == from_file:
            raise UnprocessableContent(
                "give the portfolio either inline (assets) or as a file (inputs_file_id), not both or neither",
                errors=[FieldError(field="assets", message="exactly one of assets and inputs_file_id")],
            )
        if isinstance(body.inputs_file_id, uuid.UUID):
            if isinstance(body.correlation, list):
                raise UnprocessableContent(
                    "with inputs_file_id the correlations come from the file",
                    errors=[FieldError(field="correlation", message="not allowed with inputs_file_id")],
                )
            portfolio = await self._read_inputs(ctx, body.inputs_file_id)
        else:
            assert isinstance(body.assets, list)
            portfolio = Portfolio(
                tuple(Asset(a.name, a.weight, a.expected_return, a.volatility) for a in body.assets),
                tuple(tuple(row) for row in body.correlation) if isinstance(body.correlation, list) else None,
            )
        problem = Problem(
            assets=portfolio.assets,
            correlation=portfolio.correlation_matrix(),
            initial_value=body.initial_value,
            contribution=body.contribution if isinstance(body.contribution, float | int) else 0.0,
            horizon_years=body.horizon_years,
            steps=body.steps,
            paths=body.paths,
            seed=body.seed if isinstance(body.seed, int) else secrets.randbits(63),
        )
        if isinstance(body.var_levels, list):  # otherwise the engine's default levels
            problem = dataclasses.replace(problem, var_levels=tuple(body.var_levels))
        try:
            validate(problem)
        except ProblemError as error:
            raise UnprocessableContent(
                f"{error.field}: {error.message}", errors=[FieldError(field=error.field, message=error.message)]
            ) from None
        return problem

    async def _read_inputs(self, ctx: CallContext, file_id: uuid.UUID) -> Portfolio:
        # Through the files service with the caller's own context: their access rules apply (404 if not theirs).
        download = await self.files.download_file(ctx, file_id=file_id)
        limit = self.config.max_input_file_bytes
        try:
            data = await download.read(limit=limit)
        except ValueError:
            raise UnprocessableContent(
                f"the inputs file is larger than {limit} bytes",
                errors=[FieldError(field="inputs_file_id", message=f"at most {limit} bytes")],
            ) from None
        return parse_csv(data)

    async def list_simulations(
        self,
        ctx: CallContext,
        *,
        limit: int = 50,
        cursor: str | None = None,
        status: JobStatusFilter = JobStatusFilter.any,
    ) -> JobPage:
        owner, _ = require_user(ctx)
        query = JobRow.select().where(JobRow.owner_id == owner)
        if status != JobStatusFilter.any:
            query = query.where(JobRow.status == status.value)
        rows, next_cursor = await keyset_page(query, JobRow.created_at, JobRow.id, limit=limit, cursor=cursor)
        return JobPage(items=[_job(r) for r in rows], page=PageInfo(limit=limit, next_cursor=next_cursor))

    async def get_queue(self, ctx: CallContext) -> Queue:
        owner, _ = require_user(ctx)
        queued = await JobRow.count().where(JobRow.status == JobStatus.queued.value).run()
        running = await JobRow.count().where(JobRow.status == JobStatus.running.value).run()
        positions = [QueuedJob(id=job_id, position=position) for job_id, position in await queue_positions(owner)]
        return Queue(queued=queued, running=running, mine=positions)

    async def get_simulation(self, ctx: CallContext, *, job_id: uuid.UUID) -> Job:
        return _job(await self._visible(ctx, job_id))

    async def get_simulation_result(self, ctx: CallContext, *, job_id: uuid.UUID) -> SimulationResult:
        row = await self._visible(ctx, job_id)
        if row["status"] != JobStatus.succeeded.value or row["result"] is None:
            detail = f"the simulation is {row['status']}; its result exists once it has succeeded"
            if row["error"]:
                detail += f" ({row['error']})"
            raise Conflict(detail)
        stored = msgspec.json.decode(row["result"], type=Result)
        return SimulationResult(
            job_id=job_id,
            times=stored.times,
            bands=Bands(**{k: stored.bands[k] for k in ("p5", "p25", "p50", "p75", "p95")}),
            terminal_histogram=Histogram(
                edges=stored.terminal_histogram.edges, counts=stored.terminal_histogram.counts
            ),
            risk=[Risk(level=level, var=var, cvar=cvar) for level, var, cvar in stored.risk],
            success_probability=stored.success_probability,
            mean_terminal=stored.mean_terminal,
            std_terminal=stored.std_terminal,
            seed=stored.seed,
            paths=stored.paths,
            steps=stored.steps,
            backend=stored.backend,
        )

    async def cancel_simulation(self, ctx: CallContext, *, job_id: uuid.UUID) -> Job:
        row = await self._visible(ctx, job_id)
        if row["status"] in _FINISHED:
            raise Conflict(f"the simulation already {'succeeded' if row['status'] == 'succeeded' else 'ended'}")
        cancelled = (
            await JobRow.update({JobRow.status: JobStatus.cancelled.value, JobRow.finished_at: utcnow()})
            .where((JobRow.id == job_id) & (JobRow.status == JobStatus.queued.value))
            .returning(*JobRow.all_columns())
            .run()
        )
        if cancelled:
            await self.runner.events.publish(
                CANCELLED,
                SimulationFinished(
                    job_id=job_id, owner_id=row["owner_id"], status=JobStatus.cancelled, occurred_at=utcnow()
                ),
                ctx,
            )
            return _job(cancelled[0])
        # Running (or claimed meanwhile): its worker sees the request at its next heartbeat and stops.
        requested = (
            await JobRow.update({JobRow.cancel_requested: True})
            .where((JobRow.id == job_id) & (JobRow.status == JobStatus.running.value))
            .returning(*JobRow.all_columns())
            .run()
        )
        if requested:
            return _job(requested[0])
        return _job(await self._visible(ctx, job_id))  # it finished in between: as it stands now
