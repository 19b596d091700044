"""Simulation's schema history, applied in order on start and recorded in ``turnout_migrations``."""

from __future__ import annotations

from typing import Any

from piccolo.engine.base import Engine

from framework import Migration
from plugins.simulation.tables import TABLES

__all__ = ["MIGRATIONS"]


async def _initial(engine: Engine[Any]) -> None:
    for table in TABLES:
        await table.create_table(if_not_exists=True).run()  # type: ignore[no-untyped-call]  # piccolo's run() is untyped


MIGRATIONS = [Migration("0001_initial", _initial)]
