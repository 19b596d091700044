"""The inference Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from framework import Plugin, PluginContext
from generated.files import CONTRACT as FILES
from generated.inference import CONTRACT
from plugins.inference.config import InferenceConfig
from plugins.inference.service import InferenceServiceImpl
from plugins.inference.tables import TABLES

__all__ = ["plugin"]


async def _create(ctx: PluginContext[InferenceConfig]) -> InferenceServiceImpl:
    return InferenceServiceImpl()


plugin = Plugin(
    name="inference",
    contract=CONTRACT,
    config_type=InferenceConfig,
    create_service=_create,
    tables=TABLES,
    calls=(FILES,),
    description="ONNX model registry and serving: predict, what-if, batch scoring.",
)
