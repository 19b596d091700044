"""Log-spaced value bins: how wide they must be for a problem, and which slot a value falls in.

Both backends count paths per report point in one row of ``count + 3`` slots:
``[ruined (V = 0) | underflow (0 < V < lo) | count log-spaced bins from lo to hi | overflow (V >= hi)]``.

The range comes from the problem. Without cash flows, ln(V_t / V_0) of the rebalanced portfolio is close to
normal with mean g t and standard deviation s_p sqrt(t), where g = mu_p - s_p^2 / 2 is its log growth rate
(mu_p = sum w_i mu_i, s_p^2 = w' Sigma w). The bins cover, for every t in [0, T],

    ln V_0 + min(0, g T) - 8 s sqrt(T) - 0.5   up to   ln(V_0 + max(c, 0) * steps) + max(0, g T) + 8 s sqrt(T) + 0.5

with s = max_i sigma_i >= s_p (a heavy asset with a small weight can widen the tails beyond s_p). Eight
standard deviations leave a probability of about 1e-15 outside; contributions only add to a path, so the lower
end holds with them, and the upper end counts them as if all were invested at t=0. Withdrawals (c < 0) push
paths towards 0, so the lower end also goes down to |c| / 1000: a value below that is ruined at the next step
but for a growth of over 1000x, and the underflow slot interpolates linearly from 0 to lo for what is left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "HISTOGRAM_BINS",
    "SIGMAS",
    "MARGIN",
    "RUIN_FRACTION",
    "RUINED",
    "UNDERFLOW",
    "FIRST_BIN",
    "LogBins",
    "choose_bins",
]

HISTOGRAM_BINS = 16384
SIGMAS = 8.0
MARGIN = 0.5  # in ln units beyond the 8 sigma span, so a zero-volatility problem still gets a range
RUIN_FRACTION = 1e-3
RUINED = 0
UNDERFLOW = 1
FIRST_BIN = 2


@dataclass(frozen=True, slots=True)
class LogBins:
    """``count`` bins evenly spaced in ln V from ``log_lo`` to ``log_hi``, plus the three outer slots."""

    log_lo: float
    log_hi: float
    count: int = HISTOGRAM_BINS

    @property
    def width(self) -> float:
        """The width of one bin in ln V."""
        return (self.log_hi - self.log_lo) / self.count

    @property
    def slots(self) -> int:
        """Slots per row: ruined, underflow, the bins, overflow."""
        return self.count + 3

    @property
    def overflow(self) -> int:
        """The index of the overflow slot."""
        return self.count + FIRST_BIN

    def edge(self, index: float) -> float:
        """The value at ``index`` bins above lo (fractional indices interpolate in ln V)."""
        return math.exp(self.log_lo + index * self.width)

    def slot_of(self, values: NDArray[np.float64]) -> NDArray[np.int64]:
        """The slot of each value, computed in float64 (the reference the backends' float32 binning follows)."""
        positive = values > 0
        logs = np.log(np.where(positive, values, 1.0))
        position = np.floor((logs - self.log_lo) / self.width)
        slots = np.clip(position, -1, self.count).astype(np.int64) + FIRST_BIN
        return np.where(positive, slots, RUINED)


def choose_bins(
    weights: NDArray[np.float64],
    expected_returns: NDArray[np.float64],
    volatilities: NDArray[np.float64],
    factor: NDArray[np.float64],
    *,
    initial_value: float,
    contribution: float,
    horizon_years: float,
    steps: int,
) -> LogBins:
    """The bins for a problem, as the module docstring derives them."""
    loadings = factor.T @ (volatilities * weights)
    portfolio_variance = float(loadings @ loadings)
    growth = float(weights @ expected_returns) - portfolio_variance / 2
    spread = SIGMAS * float(volatilities.max()) * math.sqrt(horizon_years) + MARGIN
    log_lo = math.log(initial_value) + min(0.0, growth * horizon_years) - spread
    if contribution < 0:
        log_lo = min(log_lo, math.log(-contribution * RUIN_FRACTION))
    invested = initial_value + max(contribution, 0.0) * steps
    log_hi = math.log(invested) + max(0.0, growth * horizon_years) + spread
    return LogBins(log_lo, log_hi)
