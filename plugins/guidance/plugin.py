"""The guidance Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from pathlib import Path

from framework import ConfigError, Plugin, PluginContext
from generated.analytics import CONTRACT as ANALYTICS
from generated.guidance import CONTRACT
from generated.inference import CONTRACT as INFERENCE
from generated.simulation import CONTRACT as SIMULATION
from plugins.guidance.config import GuidanceConfig
from plugins.guidance.rules import DEFAULT_RULES, RulesError, load_rules
from plugins.guidance.service import GuidanceServiceImpl
from plugins.guidance.tables import TABLES

__all__ = ["plugin"]


async def _create(ctx: PluginContext[GuidanceConfig]) -> GuidanceServiceImpl:
    path = Path(ctx.config.rules_file) if ctx.config.rules_file else DEFAULT_RULES
    try:
        rules = load_rules(path)
    except (RulesError, OSError) as error:  # a broken rules file stops the start, naming the key
        raise ConfigError(ctx.platform.source, "plugins.guidance.rules_file", str(error)) from None
    ctx.logger.info("guidance rules %s loaded from %s (%d rules)", rules.version, path, len(rules.rules))
    # Inference only enriches an analysis: its client is bound at start, and a call to it may fail at any time.
    return GuidanceServiceImpl(
        ctx.config, rules, ctx.service(ANALYTICS), ctx.service(INFERENCE), ctx.service(SIMULATION)
    )


plugin = Plugin(
    name="guidance",
    contract=CONTRACT,
    config_type=GuidanceConfig,
    create_service=_create,
    tables=TABLES,
    calls=(ANALYTICS, INFERENCE, SIMULATION),
    description="Recommendations from versioned rules over the user's analytics, with risk scores and FIRE figures.",
)
