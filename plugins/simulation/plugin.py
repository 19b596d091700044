"""The simulation Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from framework import Plugin, PluginContext
from generated.files import CONTRACT as FILES
from generated.simulation import CONTRACT, SimulationService
from plugins.simulation.config import SimulationConfig
from plugins.simulation.migrations import MIGRATIONS
from plugins.simulation.tables import TABLES

if TYPE_CHECKING:
    from plugins.simulation.service import SimulationServiceImpl

__all__ = ["plugin"]


async def _create(ctx: PluginContext[SimulationConfig]) -> SimulationServiceImpl:
    # The engine (NumPy, maybe CuPy) loads only where simulation runs, not in every process that calls it.
    from plugins.simulation.engine import gpu_usable, select_backend
    from plugins.simulation.jobs import simulation_jobs
    from plugins.simulation.service import SimulationServiceImpl

    marked = [
        name for name, service in ctx.platform.services.items() if "simulation" in service.plugins and service.gpu
    ]
    if marked:
        usable, why = gpu_usable()
        if not usable:
            ctx.logger.warning(
                "service %s is marked gpu = true but no GPU is usable here (%s): simulations run on NumPy",
                marked[0],
                why,
            )
    backend = select_backend(ctx.config.backend, ctx.logger)
    jobs = simulation_jobs(ctx.config, backend, ctx.events)
    service = SimulationServiceImpl(ctx.config, ctx.service(FILES), jobs)
    _conforms: SimulationService = service  # mypy checks the implementation against the contract here
    return service


async def _startup(service: SimulationServiceImpl) -> None:
    service.jobs.start()


async def _shutdown(service: SimulationServiceImpl) -> None:
    await service.jobs.stop()


plugin: Plugin[SimulationConfig, SimulationServiceImpl] = Plugin(
    name="simulation",
    contract=CONTRACT,
    config_type=SimulationConfig,
    create_service=_create,
    tables=TABLES,
    migrations=MIGRATIONS,
    calls=(FILES,),
    on_startup=_startup,
    on_shutdown=_shutdown,
    description="Monte Carlo portfolio simulations as jobs, on CuPy or NumPy.",
)
