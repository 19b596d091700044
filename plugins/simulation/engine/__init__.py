"""Monte Carlo engine of the simulation plugin: a constant-mix portfolio as correlated GBM, on NumPy or CuPy.

A plain domain package: no framework imports. ``select_backend`` picks the backend, ``Backend.run`` simulates
a ``Problem`` (in the caller's thread) and returns a JSON-ready ``Result``.
"""

from plugins.simulation.engine._backend import Backend, BackendName, gpu_usable, select_backend
from plugins.simulation.engine._cupy import CuPyBackend
from plugins.simulation.engine._numpy import NumPyBackend
from plugins.simulation.engine._problem import Asset, Problem, ProblemError
from plugins.simulation.engine._result import Cancelled, Result, TerminalHistogram
from plugins.simulation.engine._validate import validate

__all__ = [
    "Asset",
    "Problem",
    "ProblemError",
    "validate",
    "Result",
    "TerminalHistogram",
    "Cancelled",
    "Backend",
    "BackendName",
    "select_backend",
    "gpu_usable",
    "NumPyBackend",
    "CuPyBackend",
]


def __dir__() -> list[str]:
    return list(__all__)
