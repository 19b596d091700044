"""The CuPy backend: one fused CUDA kernel (``kernels/gbm.cu``), one thread per path, launched in chunks.

CuPy is optional: it is imported when a run starts, never when this module is imported.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from plugins.simulation.engine._plan import Plan, make_plan
from plugins.simulation.engine._problem import Problem
from plugins.simulation.engine._result import Cancelled, Result
from plugins.simulation.engine._summary import summarize

__all__ = ["KERNEL_PATH", "KERNEL_NAME", "BLOCK", "kernel_options", "chunk_paths", "import_cupy", "CuPyBackend"]

KERNEL_PATH = Path(__file__).resolve().parent / "kernels" / "gbm.cu"
KERNEL_NAME = "gbm_paths"
BLOCK = 256
_CHUNK_PATH_STEPS = 2**31  # about 10 ms of kernel at 2e11 path-steps/s: progress and cancellation stay prompt
_MIN_CHUNK = 1 << 18  # enough threads to fill an H100 (132 SMs x 2048)
_MAX_CHUNK = 1 << 24

_kernels: dict[int, Any] = {}
_kernels_lock = threading.Lock()


def kernel_options(n_assets: int, block: int = BLOCK) -> tuple[str, ...]:
    """The compiler options of the kernel for ``n_assets`` (NVRTC here, nvcc in the tests)."""
    return ("-std=c++17", f"-DN_ASSETS={n_assets}", f"-DBLOCK={block}")


def chunk_paths(steps: int, n_assets: int) -> int:
    """Paths per launch: about 2^31 path-steps, a multiple of the block, within [2^18, 2^24]."""
    paths = _CHUNK_PATH_STEPS // (steps * n_assets)
    return max(_MIN_CHUNK, min(_MAX_CHUNK, paths // BLOCK * BLOCK))


def import_cupy() -> ModuleType:
    """CuPy, imported by name: it is optional and has no type stubs, so it types as a plain module."""
    return importlib.import_module("cupy")


def _kernel(cupy: ModuleType, n_assets: int) -> Any:
    with _kernels_lock:
        if n_assets not in _kernels:
            source = KERNEL_PATH.read_text(encoding="utf-8")
            _kernels[n_assets] = cupy.RawKernel(source, KERNEL_NAME, options=kernel_options(n_assets))
        return _kernels[n_assets]


class CuPyBackend:
    """Runs on CUDA device ``device``; the same counts for a seed however the paths are split into launches."""

    name: str = "cupy"

    def __init__(self, *, device: int = 0) -> None:
        self.device = device

    def run(
        self,
        problem: Problem,
        *,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Result:
        """Simulate ``problem``; ``progress`` gets the fraction done after each launch, ``cancelled`` is polled."""
        plan = make_plan(problem)
        cupy = import_cupy()
        with cupy.cuda.Device(self.device):
            histograms, total, total_squares = self._launch(cupy, plan, progress, cancelled)
        return summarize(plan, histograms, total, total_squares, self.name)

    def _launch(
        self,
        cupy: ModuleType,
        plan: Plan,
        progress: Callable[[float], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> tuple[np.ndarray[Any, np.dtype[np.int64]], float, float]:
        problem, bins = plan.problem, plan.bins
        kernel = _kernel(cupy, plan.n_assets)
        coefficients = cupy.asarray(plan.coefficients())
        reports = cupy.asarray(plan.report_steps[1:].astype(np.int32))
        histograms = cupy.zeros((len(reports), bins.slots), dtype=cupy.uint64)
        sums = cupy.zeros(2, dtype=cupy.float64)
        chunk = chunk_paths(problem.steps, plan.n_assets)
        stream = cupy.cuda.get_current_stream()
        for start in range(0, problem.paths, chunk):
            if cancelled is not None and cancelled():
                raise Cancelled
            count = min(chunk, problem.paths - start)
            blocks = -(-count // BLOCK)
            partials = cupy.empty((blocks, 2), dtype=cupy.float64)
            arguments = (
                coefficients,
                reports,
                np.int32(len(reports)),
                np.int32(problem.steps),
                np.float32(problem.initial_value),
                np.float32(problem.contribution),
                np.float32(bins.log_lo),
                np.float32(1 / bins.width),
                np.int32(bins.count),
                np.uint64(problem.seed),
                np.uint64(start),
                np.uint64(count),
                histograms,
                partials,
            )
            kernel((blocks,), (BLOCK,), arguments)
            sums += partials.sum(axis=0)
            stream.synchronize()
            if progress is not None:
                progress((start + count) / problem.paths)
        total, total_squares = (float(x) for x in cupy.asnumpy(sums))
        return cupy.asnumpy(histograms).astype(np.int64), total, total_squares
