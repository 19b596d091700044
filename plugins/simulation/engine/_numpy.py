"""The NumPy backend: chunks of paths in turn, each binned at every report point, nothing kept per path."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from plugins.simulation.engine._bins import FIRST_BIN, RUINED, UNDERFLOW
from plugins.simulation.engine._paths import Workspace, simulate_chunk
from plugins.simulation.engine._plan import Plan, make_plan
from plugins.simulation.engine._problem import Problem
from plugins.simulation.engine._result import Cancelled, Result
from plugins.simulation.engine._summary import summarize

__all__ = ["DEFAULT_CHUNK_PATHS", "Histograms", "NumPyBackend"]

DEFAULT_CHUNK_PATHS = 1 << 16  # 256 KiB a float32 buffer: cache-sized, and Python's per-call cost stays ~3%


class Histograms:
    """Slot counts per report point after t=0, and the exact sums of V_T, accumulated chunk by chunk."""

    def __init__(self, plan: Plan, size: int) -> None:
        bins = plan.bins
        self.counts = np.zeros((len(plan.report_steps) - 1, bins.slots), dtype=np.int64)
        self.total = 0.0
        self.total_squares = 0.0
        self._slots_per_row = bins.slots
        self._overflow = bins.overflow
        self._scale = np.float32(1 / bins.width)
        self._offset = np.float32(bins.log_lo / bins.width - FIRST_BIN)
        self._can_ruin = plan.problem.contribution < 0
        self._logs = np.empty(size, dtype=np.float32)
        self._slots = np.empty(size, dtype=np.int32)

    def observe(self, report: int, values: NDArray[np.float32]) -> None:
        """Count ``values`` into the row of report point ``report`` (1 is the first after t=0)."""
        logs, slots = self._logs[: len(values)], self._slots[: len(values)]
        with np.errstate(divide="ignore"):  # ruined paths: ln 0 = -inf lands in underflow, moved out below
            np.log(values, out=logs)
        np.multiply(logs, self._scale, out=logs)
        np.subtract(logs, self._offset, out=logs)
        np.clip(logs, UNDERFLOW, self._overflow, out=logs)
        np.copyto(slots, logs, casting="unsafe")  # truncation is floor: every value is >= 1 here
        row = self.counts[report - 1]
        row += np.bincount(slots, minlength=self._slots_per_row)
        if self._can_ruin:
            ruined = len(values) - np.count_nonzero(values)
            row[UNDERFLOW] -= ruined
            row[RUINED] += ruined

    def add_terminal(self, values: NDArray[np.float32]) -> None:
        """Add the chunk's terminal values to the running sums (in float64)."""
        wide = values.astype(np.float64)
        self.total += float(wide.sum())
        self.total_squares += float(wide @ wide)


class NumPyBackend:
    """Runs on the CPU, one core, in chunks of ``chunk_paths`` paths; deterministic for a seed and chunk size."""

    name: str = "numpy"

    def __init__(self, *, chunk_paths: int = DEFAULT_CHUNK_PATHS) -> None:
        if chunk_paths < 1:
            raise ValueError(f"chunk_paths must be positive, got {chunk_paths}")
        self.chunk_paths = chunk_paths

    def run(
        self,
        problem: Problem,
        *,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Result:
        """Simulate ``problem``; ``progress`` gets the fraction done after each chunk, ``cancelled`` is polled."""
        plan = make_plan(problem)
        size = min(self.chunk_paths, problem.paths)
        workspace = Workspace(plan.n_assets, size)
        histograms = Histograms(plan, size)
        done = 0
        for chunk in range(-(-problem.paths // self.chunk_paths)):
            if cancelled is not None and cancelled():
                raise Cancelled
            count = min(self.chunk_paths, problem.paths - done)
            terminal = simulate_chunk(plan, chunk, count, workspace, histograms.observe, cancelled)
            histograms.add_terminal(terminal)
            done += count
            if progress is not None:
                progress(done / problem.paths)
        return summarize(plan, histograms.counts, histograms.total, histograms.total_squares, self.name)
