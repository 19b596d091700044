"""SimulationServiceImpl: accepts jobs and answers for them; the framework's Jobs run them."""

from __future__ import annotations

import dataclasses
import secrets
import uuid

from framework import (
    CallContext,
    Conflict,
    FieldError,
    NotFound,
    TooManyRequests,
    UnprocessableContent,
    require_user,
)
from framework.jobs import JobRecord, Jobs, JobState
from generated.files import FilesService
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
    SimulationRequest,
    SimulationResult,
)
from plugins.simulation.config import SimulationConfig
from plugins.simulation.engine import Asset, Problem, ProblemError, Result, validate
from plugins.simulation.inputs import Portfolio, parse_csv
from plugins.simulation.tables import JobRow
from plugins.simulation.user_limits import UserLimitsReader

__all__ = ["SimulationServiceImpl"]

_UNFINISHED = [JobState.queued.value, JobState.running.value]
# Retry-After when a user has as many unfinished simulations as their tier allows.
_RETRY_AFTER_SECONDS = 30


def _job(record: JobRecord) -> Job:
    return Job(
        id=record.id,
        status=JobStatus(record.state.value),
        progress=record.progress,
        paths=record.columns["paths"],
        steps=record.columns["steps"],
        seed=record.columns["seed"],
        backend=record.columns.get("backend"),
        error=record.error,
        cancel_requested=record.cancel_requested,
        created_at=record.created_at,
        started_at=record.started_at,
        finished_at=record.finished_at,
    )


class SimulationServiceImpl:
    """Implements SimulationService over the simulation Jobs and the files service."""

    def __init__(
        self, config: SimulationConfig, files: FilesService, jobs: Jobs[Problem, Result], limits: UserLimitsReader
    ) -> None:
        self.config = config
        self.files = files
        self.jobs = jobs
        self.limits = limits

    async def _visible(self, ctx: CallContext, job_id: uuid.UUID) -> JobRecord:
        caller, admin = require_user(ctx)
        record = await self.jobs.get(job_id)
        if record is None or (record.owner_id != caller and not admin):
            raise NotFound("no such simulation")
        return record

    async def create_simulation(
        self, ctx: CallContext, *, body: SimulationRequest, idempotency_key: str | None = None
    ) -> Job:
        owner, _ = require_user(ctx)
        # A repeat is answered before the inputs are resolved again (no second read of the inputs file).
        existing = await self.jobs.repeated(owner, idempotency_key, body)
        if existing is not None:
            return _job(existing)
        limits = await self.limits.of(ctx, owner)
        cap = self.config.max_path_steps if limits is None else limits.simulation_max_path_steps
        problem = await self._problem(ctx, body, cap)
        await self._check_unfinished(owner, limits.simulation_max_concurrent_jobs if limits is not None else None)
        return _job(await self.jobs.submit(owner, problem, idempotency_key=idempotency_key, request=body))

    async def _check_unfinished(self, owner: uuid.UUID, most: int | None) -> None:
        """429 when the owner has as many unfinished (queued or running) simulations as their tier allows.

        Counted before the job is queued: simultaneous submissions may pass the limit by a few. While admin
        cannot say the tier's limit, the configured ``max_queued_per_user`` alone applies (at admission).
        """
        if most is None:
            return
        unfinished = await JobRow.count().where((JobRow.owner_id == owner) & JobRow.status.is_in(_UNFINISHED)).run()
        if unfinished >= most:
            raise TooManyRequests(
                f"you have {unfinished} simulations queued or running, the most your plan allows ({most}); "
                "submit more once one has finished, or cancel one",
                retry_after=_RETRY_AFTER_SECONDS,
            )

    async def _problem(self, ctx: CallContext, body: SimulationRequest, cap: int) -> Problem:
        """The request resolved into the Problem a job runs: checked here, so a queued job can always start.

        ``cap`` is the most paths x steps the caller's tier allows.
        """
        if body.paths * body.steps > cap:
            raise UnprocessableContent(
                f"paths x steps is {body.paths * body.steps}; your plan's cap is {cap}",
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
        state = None if status == JobStatusFilter.any else JobState(status.value)
        page = await self.jobs.list(owner, limit=limit, cursor=cursor, state=state)
        return JobPage(items=[_job(r) for r in page.items], page=PageInfo(limit=limit, next_cursor=page.next_cursor))

    async def get_queue(self, ctx: CallContext) -> Queue:
        owner, _ = require_user(ctx)
        queued, running = await self.jobs.counts()
        positions = [
            QueuedJob(id=job_id, position=position) for job_id, position in await self.jobs.queue_positions(owner)
        ]
        return Queue(queued=queued, running=running, mine=positions)

    async def get_simulation(self, ctx: CallContext, *, job_id: uuid.UUID) -> Job:
        return _job(await self._visible(ctx, job_id))

    async def get_simulation_result(self, ctx: CallContext, *, job_id: uuid.UUID) -> SimulationResult:
        record = await self._visible(ctx, job_id)
        stored = self.jobs.result(record)
        if stored is None:
            detail = f"the simulation is {record.state.value}; its result exists once it has succeeded"
            if record.error:
                detail += f" ({record.error})"
            raise Conflict(detail)
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
        await self._visible(ctx, job_id)  # someone else's job is a 404, as if it did not exist
        return _job(await self.jobs.cancel(job_id, ctx))
