"""The constants both backends derive from a validated Problem: per-step coefficients, report steps, bins."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from plugins.simulation.engine._bins import LogBins
from plugins.simulation.engine._problem import Problem
from plugins.simulation.engine._validate import check

__all__ = ["Plan", "make_plan", "report_steps"]


@dataclass(frozen=True, slots=True)
class Plan:
    """One step of every path is ``V <- max(V * sum_i w_i exp(x_i) + c, 0)`` with ``x = drift + loadings @ eps``.

    ``drift_i = (mu_i - sigma_i^2 / 2) dt`` and ``loadings = diag(sigma sqrt(dt)) @ L``; the weights are scaled to
    sum exactly to 1, so ``sum_i w_i exp(x_i) = 1 + R``. Clamping at 0 makes ruin absorbing when c < 0 (0 times
    anything plus a withdrawal is clamped to 0 again); with c >= 0 a path cannot reach 0.
    """

    problem: Problem
    dt: float
    report_steps: NDArray[np.int64]
    drift: NDArray[np.float64]
    loadings: NDArray[np.float64]
    weights: NDArray[np.float64]
    bins: LogBins

    @property
    def n_assets(self) -> int:
        """How many assets the portfolio holds."""
        return len(self.drift)

    @property
    def times(self) -> list[float]:
        """The report points in years, t=0 first."""
        return [float(step * self.dt) for step in self.report_steps]

    def coefficients(self) -> NDArray[np.float32]:
        """``[drift (n) | loadings row by row (n * n) | weights (n)]`` as float32, the GPU kernel's layout."""
        packed = np.concatenate([self.drift, self.loadings.ravel(), self.weights])
        return packed.astype(np.float32)


def report_steps(steps: int, points: int) -> NDArray[np.int64]:
    """``points`` step indices from 0 to ``steps``, evenly spaced and rounded half up, all distinct."""
    k = np.arange(points, dtype=np.int64)
    # integer arithmetic: round(k * steps / (points - 1)) without float ties; distinct as steps >= points - 1
    return (2 * k * steps + (points - 1)) // (2 * (points - 1))


def make_plan(problem: Problem) -> Plan:
    """Validate ``problem`` (raising ProblemError) and derive what a backend needs to simulate it."""
    checked = check(problem)
    dt = float(problem.horizon_years) / problem.steps
    volatilities = checked.volatilities
    return Plan(
        problem=problem,
        dt=dt,
        report_steps=report_steps(problem.steps, problem.report_point_count),
        drift=(checked.expected_returns - volatilities**2 / 2) * dt,
        loadings=(volatilities * math.sqrt(dt))[:, None] * checked.factor,
        weights=checked.weights,
        bins=checked.bins,
    )
