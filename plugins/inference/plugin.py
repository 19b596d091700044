"""The inference Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from framework import Plugin, PluginContext
from generated.files import CONTRACT as FILES
from generated.inference import CONTRACT
from plugins.inference.config import InferenceConfig
from plugins.inference.tables import TABLES

if TYPE_CHECKING:
    from plugins.inference.service import InferenceServiceImpl

__all__ = ["plugin"]


async def _create(ctx: PluginContext[InferenceConfig]) -> InferenceServiceImpl:
    # onnxruntime loads only where inference runs, not in every process that calls it.
    from plugins.inference.batch import batch_kind, job_limits
    from plugins.inference.registry import Registry
    from plugins.inference.service import InferenceServiceImpl

    files = ctx.service(FILES)
    registry = Registry(ctx.database, files)
    jobs = ctx.jobs(batch_kind(registry, files, ctx.config.batch_chunk_rows), job_limits(ctx.config))
    # Before the workers start (start hooks run in order): a queued job may need the shipped model.
    ctx.start_hooks.insert(0, registry.ensure_default)
    return InferenceServiceImpl(ctx.config, registry, files, jobs)


plugin = Plugin(
    name="inference",
    contract=CONTRACT,
    config_type=InferenceConfig,
    create_service=_create,
    tables=TABLES,
    calls=(FILES,),
    description="ONNX model registry and serving: predict, what-if, batch scoring.",
)
