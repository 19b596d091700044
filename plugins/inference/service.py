"""InferenceServiceImpl: the model registry and scoring (being built; every operation answers 503 for now)."""

from __future__ import annotations

from uuid import UUID

from framework import CallContext, ServiceUnavailable
from framework.runtime import Upload
from generated.inference.models import (
    BatchJob,
    BatchJobPage,
    BatchScoreRequest,
    ModelInfo,
    ModelList,
    ModelVersion,
    ModelVersionList,
    Prediction,
    PredictRequest,
    WhatIfRequest,
    WhatIfResult,
)

__all__ = ["InferenceServiceImpl"]


def _later() -> ServiceUnavailable:
    return ServiceUnavailable("inference is not available yet")


class InferenceServiceImpl:
    """Implements InferenceService."""

    async def predict(self, ctx: CallContext, *, body: PredictRequest) -> Prediction:
        raise _later()

    async def what_if(self, ctx: CallContext, *, body: WhatIfRequest) -> WhatIfResult:
        raise _later()

    async def list_models(self, ctx: CallContext) -> ModelList:
        raise _later()

    async def get_model(self, ctx: CallContext, *, model_name: str) -> ModelInfo:
        raise _later()

    async def list_model_versions(self, ctx: CallContext, *, model_name: str) -> ModelVersionList:
        raise _later()

    async def upload_model_version(self, ctx: CallContext, *, model_name: str, file: Upload) -> ModelVersion:
        raise _later()

    async def activate_model_version(self, ctx: CallContext, *, model_name: str, version: int) -> ModelInfo:
        raise _later()

    async def list_batch_scores(self, ctx: CallContext, *, limit: int = 50, cursor: str | None = None) -> BatchJobPage:
        raise _later()

    async def create_batch_score(
        self, ctx: CallContext, *, body: BatchScoreRequest, idempotency_key: str | None = None
    ) -> BatchJob:
        raise _later()

    async def get_batch_score(self, ctx: CallContext, *, job_id: UUID) -> BatchJob:
        raise _later()

    async def cancel_batch_score(self, ctx: CallContext, *, job_id: UUID) -> BatchJob:
        raise _later()
