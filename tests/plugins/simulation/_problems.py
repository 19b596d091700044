"""Problems the engine tests share, and the closed form of the one-asset case."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from plugins.simulation.engine import Asset, Problem
from plugins.simulation.engine._paths import Workspace, simulate_chunk
from plugins.simulation.engine._plan import make_plan

__all__ = [
    "MU",
    "SIGMA",
    "HORIZON",
    "V0",
    "single_asset",
    "three_assets",
    "lognormal_quantile",
    "quantile_standard_error",
    "exact_paths",
    "hedged_pair",
    "exact_moments",
]

MU, SIGMA, HORIZON, V0 = 0.07, 0.2, 10.0, 100.0
_NORMAL = NormalDist()


def single_asset(**changes: object) -> Problem:
    """One asset, mu = 0.07, sigma = 0.2, 10 years: ln(V_T / V_0) ~ N((mu - sigma^2 / 2) T, sigma^2 T)."""
    fields: dict[str, object] = {
        "assets": (Asset("equity", 1.0, MU, SIGMA),),
        "correlation": ((1.0,),),
        "initial_value": V0,
        "contribution": 0.0,
        "horizon_years": HORIZON,
        "steps": 40,
        "paths": 100_000,
        "seed": 11,
        "report_points": 5,
    }
    fields.update(changes)
    return Problem(**fields)  # type: ignore[arg-type]  # the test chooses the fields' values


def three_assets(**changes: object) -> Problem:
    """Three correlated assets, rebalanced monthly over 5 years."""
    fields: dict[str, object] = {
        "assets": (
            Asset("stocks", 0.6, 0.08, 0.18),
            Asset("bonds", 0.3, 0.03, 0.06),
            Asset("gold", 0.1, 0.04, 0.15),
        ),
        "correlation": ((1.0, -0.2, 0.1), (-0.2, 1.0, 0.3), (0.1, 0.3, 1.0)),
        "initial_value": 1000.0,
        "contribution": 0.0,
        "horizon_years": 5.0,
        "steps": 60,
        "paths": 60_000,
        "seed": 5,
        "report_points": 7,
    }
    fields.update(changes)
    return Problem(**fields)  # type: ignore[arg-type]  # the test chooses the fields' values


def lognormal_quantile(q: float, t: float) -> float:
    """The exact q-quantile of V_t for the single-asset problem."""
    return V0 * math.exp((MU - SIGMA**2 / 2) * t + SIGMA * math.sqrt(t) * _NORMAL.inv_cdf(q))


def quantile_standard_error(q: float, t: float, paths: int) -> float:
    """The Monte Carlo standard error of the sample q-quantile of V_t with ``paths`` paths."""
    z = _NORMAL.inv_cdf(q)
    return lognormal_quantile(q, t) * SIGMA * math.sqrt(t) * math.sqrt(q * (1 - q) / paths) / _NORMAL.pdf(z)


def exact_paths(problem: Problem) -> dict[int, NDArray[np.float32]]:
    """Every path's value at each report point after t=0, as the NumPy backend draws them in one chunk."""
    plan = make_plan(problem)
    seen: dict[int, NDArray[np.float32]] = {}
    simulate_chunk(
        plan, 0, problem.paths, Workspace(plan.n_assets, problem.paths), lambda r, v: seen.update({r: v.copy()})
    )
    return seen


def hedged_pair(**changes: object) -> Problem:
    """Two equally weighted volatile assets with correlation -0.8: the mix is far calmer than either."""
    fields: dict[str, object] = {
        "assets": (Asset("long", 0.5, 0.06, 0.3), Asset("short", 0.5, 0.06, 0.3)),
        "correlation": ((1.0, -0.8), (-0.8, 1.0)),
    }
    fields.update(changes)
    return single_asset(**fields)


def exact_moments(problem: Problem) -> tuple[float, float]:
    """Mean and standard deviation of V_T without cash flows: the steps' growth factors are i.i.d.

    E[g] = sum_i w_i e^(mu_i dt), E[g^2] = sum_ij w_i w_j e^((mu_i + mu_j) dt + sigma_i sigma_j rho_ij dt).
    """
    weights = np.array([a.weight for a in problem.assets])
    returns = np.array([a.expected_return for a in problem.assets])
    vols = np.array([a.volatility for a in problem.assets])
    dt = problem.horizon_years / problem.steps
    first = float(weights @ np.exp(returns * dt))
    exponent = (returns[:, None] + returns[None, :]) * dt + np.outer(vols, vols) * np.array(problem.correlation) * dt
    second = float(weights @ np.exp(exponent) @ weights)
    mean = problem.initial_value * first**problem.steps
    return mean, math.sqrt(problem.initial_value**2 * second**problem.steps - mean**2)
