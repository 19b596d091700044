"""What a backend is, whether a GPU can be used, and which backend a service gets."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Literal, Protocol

from plugins.simulation.engine._cupy import CuPyBackend, import_cupy
from plugins.simulation.engine._numpy import NumPyBackend
from plugins.simulation.engine._problem import Problem
from plugins.simulation.engine._result import Result

__all__ = ["Backend", "BackendName", "gpu_usable", "select_backend"]

BackendName = Literal["auto", "cupy", "numpy"]


class Backend(Protocol):
    """Simulates a Problem, synchronously (the caller runs it in a thread)."""

    name: str

    def run(
        self,
        problem: Problem,
        *,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Result:
        """Raise ProblemError for a bad problem and Cancelled when ``cancelled()`` turns true between chunks."""
        ...


@functools.cache
def gpu_usable() -> tuple[bool, str]:
    """Whether CuPy can run on a CUDA device here, and why (probed once per process)."""
    try:
        cupy = import_cupy()
    except Exception as error:  # not installed, or its CUDA libraries fail to load
        return False, f"cupy cannot be imported ({type(error).__name__}: {error})"
    try:
        count = int(cupy.cuda.runtime.getDeviceCount())
        if count < 1:
            return False, "cupy is installed but CUDA reports no device"
        # a first real call: allocates, compiles and runs a small kernel through NVRTC
        if int(cupy.arange(4, dtype=cupy.int32).sum()) != 6:
            return False, "a first CUDA call gave a wrong answer"
        name = cupy.cuda.runtime.getDeviceProperties(0)["name"]
    except Exception as error:  # CUDARuntimeError (a RuntimeError) and friends when no GPU is reachable
        return False, f"cupy is installed but CUDA is not usable ({type(error).__name__}: {error})"
    label = name.decode(errors="replace") if isinstance(name, bytes) else str(name)
    return True, f"{count} CUDA device(s), device 0 is {label}"


def select_backend(name: BackendName, log: logging.Logger) -> Backend:
    """The backend for ``name``: "auto" takes CuPy when a GPU is usable; "cupy" without one falls back to NumPy."""
    if name == "numpy":
        log.info("simulation backend: numpy (configured)")
        return NumPyBackend()
    if name not in ("auto", "cupy"):
        raise ValueError(f"unknown simulation backend {name!r}; expected 'auto', 'cupy' or 'numpy'")
    usable, reason = gpu_usable()
    if usable:
        log.info("simulation backend: cupy (%s: %s)", name, reason)
        return CuPyBackend()
    if name == "cupy":
        log.warning("simulation backend: cupy was configured but no GPU is usable (%s); falling back to numpy", reason)
    else:
        log.info("simulation backend: numpy (auto: no GPU is usable: %s)", reason)
    return NumPyBackend()
