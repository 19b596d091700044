"""What a simulation is asked: the portfolio, its cash flows, the horizon and how finely to sample it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_ASSETS", "DEFAULT_REPORT_POINTS", "Asset", "Problem", "ProblemError"]

MAX_ASSETS = 16
DEFAULT_REPORT_POINTS = 100  # intervals; the bands get min(steps, 100) + 1 points


@dataclass(frozen=True, slots=True)
class Asset:
    """One holding: its share of the portfolio and its annual return model (GBM drift and volatility)."""

    name: str
    weight: float
    expected_return: float
    volatility: float


@dataclass(frozen=True, slots=True)
class Problem:
    """A constant-mix portfolio simulated as correlated geometric Brownian motion.

    ``contribution`` is added after every step (negative: a withdrawal). ``report_points`` is the number of
    evenly spaced times, t=0 and t=T included, at which percentile bands are reported; None means
    ``min(steps, 100) + 1``.
    """

    assets: tuple[Asset, ...]
    correlation: tuple[tuple[float, ...], ...]
    initial_value: float
    contribution: float
    horizon_years: float
    steps: int
    paths: int
    seed: int
    var_levels: tuple[float, ...] = (0.95, 0.99)
    report_points: int | None = None
    terminal_bins: int = 50

    @property
    def report_point_count(self) -> int:
        """The number of report points, t=0 and t=T included, with the default filled in."""
        if self.report_points is None:
            return min(self.steps, DEFAULT_REPORT_POINTS) + 1
        return self.report_points


class ProblemError(ValueError):
    """A Problem the engine cannot simulate; ``field`` is a dotted path such as ``assets[2].weight``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
