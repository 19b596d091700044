"""The simulation Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from framework import Plugin, PluginContext
from generated.admin import CONTRACT as ADMIN
from generated.files import CONTRACT as FILES
from generated.simulation import CONTRACT
from plugins.simulation.config import SimulationConfig
from plugins.simulation.tables import TABLES

if TYPE_CHECKING:
    from plugins.simulation.service import SimulationServiceImpl

__all__ = ["plugin"]


async def _create(ctx: PluginContext[SimulationConfig]) -> SimulationServiceImpl:
    # The engine (NumPy, maybe CuPy) loads only where simulation runs, not in every process that calls it.
    from framework import metrics
    from plugins.simulation.engine import gpu_usable, select_backend
    from plugins.simulation.jobs import SimulationEvents, job_limits, simulation_kind
    from plugins.simulation.service import SimulationServiceImpl
    from plugins.simulation.user_limits import UserLimitsReader

    if ctx.placement.gpu:  # only where the operator means a GPU to be
        usable, why = gpu_usable()
        if not usable:
            ctx.logger.warning(
                "service %s is marked gpu = true but no GPU is usable here (%s): simulations run on NumPy",
                ctx.placement.service,
                why,
            )
    backend = select_backend(ctx.config.backend, ctx.logger)
    metrics.info("turnout_simulation_backend", "The backend simulations run on in this process", backend=backend.name)
    jobs = ctx.jobs(simulation_kind(backend), job_limits(ctx.config), SimulationEvents(ctx.events))
    limits = UserLimitsReader(ctx.service(ADMIN), ctx.config.limits_cache_seconds, ctx.logger)
    return SimulationServiceImpl(ctx.config, ctx.service(FILES), jobs, limits)


plugin = Plugin(
    name="simulation",
    contract=CONTRACT,
    config_type=SimulationConfig,
    create_service=_create,
    tables=TABLES,
    calls=(FILES, ADMIN),
    description="Monte Carlo portfolio simulations as jobs, on CuPy or NumPy.",
)
