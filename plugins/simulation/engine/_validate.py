"""Every check on a Problem, before any path is drawn, and the factor of its correlation matrix."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from plugins.simulation.engine._bins import LogBins, choose_bins
from plugins.simulation.engine._problem import MAX_ASSETS, Asset, Problem, ProblemError

__all__ = [
    "WEIGHT_TOLERANCE",
    "SYMMETRY_TOLERANCE",
    "EIGENVALUE_TOLERANCE",
    "MAX_STEPS",
    "MAX_PATHS",
    "MAX_MONEY",
    "MAX_TERMINAL_BINS",
    "LOG_FLOAT32_LIMIT",
    "Checked",
    "validate",
    "check",
    "correlation_factor",
]

WEIGHT_TOLERANCE = 1e-6
SYMMETRY_TOLERANCE = 1e-9
EIGENVALUE_TOLERANCE = 1e-9  # rounding leaves about -1e-16 on a singular matrix; a real violation is far larger
MAX_STEPS = 2**31 - 1  # steps are int32 in the GPU kernel
MAX_PATHS = 2**62
MAX_MONEY = 1e15
MAX_TERMINAL_BINS = 1024
LOG_FLOAT32_LIMIT = 80.0  # paths are float32 (largest about e^88.7); keep the value range well inside


class Checked(NamedTuple):
    """A validated problem's numbers: weights scaled to sum exactly to 1, the correlation factor, the bins."""

    weights: NDArray[np.float64]
    expected_returns: NDArray[np.float64]
    volatilities: NDArray[np.float64]
    factor: NDArray[np.float64]
    bins: LogBins


def validate(problem: Problem) -> NDArray[np.float64]:
    """Check every field of ``problem``; return the factor L with L @ L.T equal to its correlation matrix.

    Raises ProblemError naming the first field at fault.
    """
    return check(problem).factor


def check(problem: Problem) -> Checked:
    """``validate``, keeping the numbers it read for the backends."""
    _check_scalars(problem)
    weights, returns, volatilities = _check_assets(problem.assets)
    matrix = _check_correlation(problem.correlation, len(problem.assets))
    factor = correlation_factor(matrix)
    bins = choose_bins(
        weights,
        returns,
        volatilities,
        factor,
        initial_value=float(problem.initial_value),
        contribution=float(problem.contribution),
        horizon_years=float(problem.horizon_years),
        steps=int(problem.steps),
    )
    if max(abs(bins.log_lo), abs(bins.log_hi)) > LOG_FLOAT32_LIMIT:
        raise ProblemError(
            "horizon_years",
            f"the values would span e^{bins.log_lo:.1f} to e^{bins.log_hi:.1f}, beyond the float32 range of the"
            f" paths (e^{LOG_FLOAT32_LIMIT:.0f}); shorten the horizon or lower the returns and volatilities",
        )
    return Checked(weights, returns, volatilities, factor, bins)


def correlation_factor(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """L with L @ L.T == matrix for a positive semi-definite matrix, singular ones included.

    Cholesky when the matrix is positive definite; otherwise (correlation exactly 1, say) the eigenvectors
    scaled by the square roots of the eigenvalues clipped at 0.
    """
    factor: NDArray[np.float64]
    try:
        factor = np.linalg.cholesky(matrix).astype(np.float64)
    except np.linalg.LinAlgError:
        values, vectors = np.linalg.eigh(matrix)
        factor = vectors * np.sqrt(np.clip(values, 0.0, None))
    return factor


def _number(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ProblemError(field, f"must be a number, got {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise ProblemError(field, f"must be finite, got {value!r}")
    return result


def _integer(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ProblemError(field, f"must be an integer, got {value!r}")
    result = int(value)
    if not low <= result <= high:
        raise ProblemError(field, f"must be between {low} and {high}, got {result}")
    return result


def _check_scalars(problem: Problem) -> None:
    initial = _number(problem.initial_value, "initial_value")
    if not 0 < initial <= MAX_MONEY:
        raise ProblemError("initial_value", f"must be positive and at most {MAX_MONEY:g}, got {initial!r}")
    if abs(_number(problem.contribution, "contribution")) > MAX_MONEY:
        raise ProblemError("contribution", f"must be at most {MAX_MONEY:g} in size")
    if _number(problem.horizon_years, "horizon_years") <= 0:
        raise ProblemError("horizon_years", f"must be positive, got {problem.horizon_years!r}")
    steps = _integer(problem.steps, "steps", 1, MAX_STEPS)
    _integer(problem.paths, "paths", 1, MAX_PATHS)
    _integer(problem.seed, "seed", 0, 2**64 - 1)
    _integer(problem.terminal_bins, "terminal_bins", 1, MAX_TERMINAL_BINS)
    if problem.report_points is not None:
        _integer(problem.report_points, "report_points", 2, steps + 1)
    if not isinstance(problem.var_levels, Sequence):
        raise ProblemError("var_levels", "must be a sequence of levels")
    for index, level in enumerate(problem.var_levels):
        if not 0 < _number(level, f"var_levels[{index}]") < 1:
            raise ProblemError(f"var_levels[{index}]", f"must be strictly between 0 and 1, got {level!r}")


def _check_assets(
    assets: Sequence[Asset],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    if not isinstance(assets, Sequence) or not 1 <= len(assets) <= MAX_ASSETS:
        raise ProblemError("assets", f"must hold 1 to {MAX_ASSETS} assets")
    names: set[str] = set()
    weights, returns, volatilities = [], [], []
    for index, asset in enumerate(assets):
        field = f"assets[{index}]"
        if not isinstance(asset, Asset):
            raise ProblemError(field, f"must be an Asset, got {type(asset).__name__}")
        if not isinstance(asset.name, str) or not asset.name:
            raise ProblemError(f"{field}.name", "must be a non-empty string")
        if asset.name in names:
            raise ProblemError(f"{field}.name", f"duplicate name {asset.name!r}")
        names.add(asset.name)
        weight = _number(asset.weight, f"{field}.weight")
        if weight < 0:
            raise ProblemError(f"{field}.weight", f"must not be negative, got {weight!r}")
        volatility = _number(asset.volatility, f"{field}.volatility")
        if volatility < 0:
            raise ProblemError(f"{field}.volatility", f"must not be negative, got {volatility!r}")
        weights.append(weight)
        returns.append(_number(asset.expected_return, f"{field}.expected_return"))
        volatilities.append(volatility)
    total = math.fsum(weights)
    if abs(total - 1) > WEIGHT_TOLERANCE:
        raise ProblemError("assets", f"weights sum to {total!r}; they must sum to 1 (within {WEIGHT_TOLERANCE:g})")
    return np.array(weights) / total, np.array(returns), np.array(volatilities)


def _check_correlation(rows: Sequence[Sequence[float]], n: int) -> NDArray[np.float64]:
    shape_error = ProblemError("correlation", f"must be a {n} x {n} matrix (one row and column per asset)")
    if not isinstance(rows, Sequence) or len(rows) != n:
        raise shape_error
    matrix = np.empty((n, n))
    for i, row in enumerate(rows):
        if not isinstance(row, Sequence) or len(row) != n:
            raise shape_error
        for j, entry in enumerate(row):
            value = _number(entry, f"correlation[{i}][{j}]")
            if not -1 <= value <= 1:
                raise ProblemError(f"correlation[{i}][{j}]", f"must be between -1 and 1, got {value!r}")
            matrix[i, j] = value
    for i in range(n):
        if abs(matrix[i, i] - 1) > SYMMETRY_TOLERANCE:
            raise ProblemError(f"correlation[{i}][{i}]", f"the diagonal must be 1, got {matrix[i, i]!r}")
        for j in range(i):
            if abs(matrix[i, j] - matrix[j, i]) > SYMMETRY_TOLERANCE:
                raise ProblemError(
                    f"correlation[{i}][{j}]",
                    f"not symmetric: {matrix[i, j]!r} here, {matrix[j, i]!r} at correlation[{j}][{i}]",
                )
    smallest = float(np.linalg.eigvalsh(matrix)[0])
    if smallest < -EIGENVALUE_TOLERANCE:
        raise ProblemError("correlation", f"not positive semi-definite: smallest eigenvalue {smallest:.6g}")
    symmetric: NDArray[np.float64] = (matrix + matrix.T) / 2
    return symmetric
