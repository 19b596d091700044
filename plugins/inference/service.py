"""InferenceServiceImpl: scoring with a model's active version, the registry for admins, batch jobs."""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Sequence
from typing import Any

import numpy as np

from framework import (
    CallContext,
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    UnprocessableContent,
    require_user,
)
from framework.jobs import JobRecord, Jobs
from framework.runtime import Upload
from generated.files import FilesService
from generated.inference.models import (
    BatchJob,
    BatchJobPage,
    BatchScoreRequest,
    Contribution,
    JobStatus,
    Label,
    ModelInfo,
    ModelList,
    ModelVersion,
    ModelVersionList,
    PageInfo,
    Prediction,
    PredictRequest,
    ScenarioResult,
    WhatIfRequest,
    WhatIfResult,
)
from plugins.inference.batch import BatchInputs, BatchResult
from plugins.inference.batch_csv import BatchRows, rows_from_csv, rows_from_request
from plugins.inference.config import InferenceConfig
from plugins.inference.features import check_changes, check_features
from plugins.inference.onnx_model import InvalidModel, LoadedModel
from plugins.inference.registry import MODEL_NAME, Registry

__all__ = ["InferenceServiceImpl"]


def _model_name(given: object) -> str:
    return given if isinstance(given, str) else MODEL_NAME  # msgspec fills the default; UNSET never stays


def _refuse(errors: list[FieldError]) -> UnprocessableContent:
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return UnprocessableContent(f"{first.field} {first.message}{more}", errors=errors)


def _matrix(model: LoadedModel, feature_sets: Sequence[dict[str, Any]]) -> np.ndarray:
    return np.array([[float(f[name]) for name in model.schema.features] for f in feature_sets], dtype=np.float64)


def _score(raw: float) -> float:
    """A model's score held to 0..1; a model that gives no number for these features is the request's 422."""
    if not math.isfinite(raw):
        raise UnprocessableContent(
            "the model gives no score for these features",
            errors=[FieldError(pointer="/features", field="features", message="the model's score is not a number")],
        )
    return min(max(raw, 0.0), 1.0)


def _job(record: JobRecord) -> BatchJob:
    return BatchJob(
        id=record.id,
        status=JobStatus(record.state.value),
        progress=record.progress,
        model=record.columns["model"],
        version=record.columns["version"],
        rows=record.columns["rows"],
        result_file_id=record.columns.get("result_file_id"),
        error=record.error,
        cancel_requested=record.cancel_requested,
        created_at=record.created_at,
        started_at=record.started_at,
        finished_at=record.finished_at,
    )


def _require_admin(ctx: CallContext) -> None:
    # The routes check roles already; a call from another plugin over NATS is held to the same rule.
    _, admin = require_user(ctx)
    if not admin:
        raise Forbidden("this operation needs the role admin")


class InferenceServiceImpl:
    """Implements InferenceService over the registry, the files service and the batch Jobs."""

    def __init__(
        self,
        config: InferenceConfig,
        registry: Registry,
        files: FilesService,
        jobs: Jobs[BatchInputs, BatchResult],
    ) -> None:
        self.config = config
        self.registry = registry
        self.files = files
        self.jobs = jobs

    async def predict(self, ctx: CallContext, *, body: PredictRequest) -> Prediction:
        require_user(ctx)
        name = _model_name(body.model)
        version, model = await self.registry.current(name)
        errors = check_features(model.schema, body.features, "features")
        if errors:
            raise _refuse(errors)
        values = _matrix(model, [body.features])
        scores, contributions = model.run(values)
        return self._prediction(name, version, model, values[0], float(scores[0]), contributions)

    @staticmethod
    def _prediction(
        name: str, version: int, model: LoadedModel, values: np.ndarray, score: float, contributions: np.ndarray | None
    ) -> Prediction:
        parts = (
            [
                Contribution(feature=f, value=float(v), contribution=float(c))
                for f, v, c in zip(model.schema.features, values, contributions[0], strict=True)
            ]
            if contributions is not None
            else []
        )
        score = _score(score)
        return Prediction(
            model=name, version=version, score=score, label=Label(model.label(score)), contributions=parts
        )

    async def what_if(self, ctx: CallContext, *, body: WhatIfRequest) -> WhatIfResult:
        require_user(ctx)
        name = _model_name(body.model)
        version, model = await self.registry.current(name)
        errors = check_features(model.schema, body.base.features, "base.features")
        for i, scenario in enumerate(body.scenarios):
            errors += check_changes(model.schema, scenario.changes, f"scenarios.{i}.changes")
        if errors:
            raise _refuse(errors)
        sets = [body.base.features] + [{**body.base.features, **s.changes} for s in body.scenarios]
        values = _matrix(model, sets)
        scores, contributions = model.run(values)  # the base and every scenario in one run
        base = self._prediction(
            name, version, model, values[0], float(scores[0]), None if contributions is None else contributions[:1]
        )
        results = []
        for scenario, raw in zip(body.scenarios, scores[1:], strict=True):
            score = _score(float(raw))
            results.append(
                ScenarioResult(
                    name=scenario.name, score=score, label=Label(model.label(score)), difference=score - base.score
                )
            )
        return WhatIfResult(base=base, scenarios=results)

    async def list_models(self, ctx: CallContext) -> ModelList:
        require_user(ctx)
        return ModelList(items=await self.registry.infos())

    async def get_model(self, ctx: CallContext, *, model_name: str) -> ModelInfo:
        require_user(ctx)
        return await self.registry.info(model_name)

    async def list_model_versions(self, ctx: CallContext, *, model_name: str) -> ModelVersionList:
        _require_admin(ctx)
        return ModelVersionList(items=await self.registry.versions(model_name))

    async def upload_model_version(self, ctx: CallContext, *, model_name: str, file: Upload) -> ModelVersion:
        _require_admin(ctx)
        limit = self.config.max_model_bytes
        if (
            file.length_hint is not None and file.length_hint > limit + 64 * 1024
        ):  # the hint counts the multipart framing
            await file.aclose()
            raise PayloadTooLarge(f"a model may be at most {limit} bytes")
        parts: list[bytes] = []
        size = 0
        async for chunk in file:
            size += len(chunk)
            if size > limit:
                await file.aclose()
                raise PayloadTooLarge(f"a model may be at most {limit} bytes")
            parts.append(chunk)
        try:
            return await self.registry.add_version(ctx, model_name, b"".join(parts))
        except InvalidModel as error:
            raise UnprocessableContent(
                f"the file is not a model this platform can serve: {error}",
                errors=[FieldError(pointer="/file", field="file", message=str(error))],
            ) from None

    async def activate_model_version(self, ctx: CallContext, *, model_name: str, version: int) -> ModelInfo:
        _require_admin(ctx)
        return await self.registry.activate(model_name, version)

    async def _visible(self, ctx: CallContext, job_id: uuid.UUID) -> JobRecord:
        caller, admin = require_user(ctx)
        record = await self.jobs.get(job_id)
        if record is None or (record.owner_id != caller and not admin):
            raise NotFound("no such batch scoring job")
        return record

    async def list_batch_scores(self, ctx: CallContext, *, limit: int = 50, cursor: str | None = None) -> BatchJobPage:
        owner, _ = require_user(ctx)
        page = await self.jobs.list(owner, limit=limit, cursor=cursor)
        return BatchJobPage(
            items=[_job(r) for r in page.items], page=PageInfo(limit=limit, next_cursor=page.next_cursor)
        )

    async def create_batch_score(
        self, ctx: CallContext, *, body: BatchScoreRequest, idempotency_key: str | None = None
    ) -> BatchJob:
        owner, _ = require_user(ctx)
        # A repeat is answered before the rows are read again (no second read of the file).
        existing = await self.jobs.repeated(owner, idempotency_key, body)
        if existing is not None:
            return _job(existing)
        name = _model_name(body.model)
        version, model = await self.registry.current(name)
        rows = await self._rows(ctx, body, model)
        inputs = BatchInputs(model=name, version=version, rows=rows)
        return _job(await self.jobs.submit(owner, inputs, idempotency_key=idempotency_key, request=body))

    async def _rows(self, ctx: CallContext, body: BatchScoreRequest, model: LoadedModel) -> BatchRows:
        inline = isinstance(body.rows, list)
        if inline == isinstance(body.file_id, uuid.UUID):
            raise UnprocessableContent(
                "give the rows either inline (rows) or as a CSV file (file_id), not both or neither",
                errors=[FieldError(pointer="/rows", field="rows", message="exactly one of rows and file_id")],
            )
        if isinstance(body.rows, list):
            return rows_from_request(body.rows, model.schema)
        assert isinstance(body.file_id, uuid.UUID)
        # Through the files service with the caller's own context: their access rules apply (404 if not theirs).
        download = await self.files.download_file(ctx, file_id=body.file_id)
        limit = self.config.max_batch_file_bytes
        try:
            data = await download.read(limit=limit)
        except ValueError:
            raise UnprocessableContent(
                f"the file is larger than {limit} bytes",
                errors=[FieldError(pointer="/file_id", field="file_id", message=f"at most {limit} bytes")],
            ) from None
        # A large file takes a while to check: in a thread, so other calls are not held up meanwhile.
        return await asyncio.to_thread(rows_from_csv, data, model.schema, max_rows=self.config.max_batch_rows)

    async def get_batch_score(self, ctx: CallContext, *, job_id: uuid.UUID) -> BatchJob:
        return _job(await self._visible(ctx, job_id))

    async def cancel_batch_score(self, ctx: CallContext, *, job_id: uuid.UUID) -> BatchJob:
        await self._visible(ctx, job_id)  # someone else's job is a 404, as if it did not exist
        return _job(await self.jobs.cancel(job_id, ctx))
