"""What a simulation answers, in plain Python types so it encodes to JSON as it is."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BANDS", "TerminalHistogram", "Result", "Cancelled"]

BANDS = (("p5", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95))


@dataclass(frozen=True, slots=True)
class TerminalHistogram:
    """Paths by terminal value: ``len(edges) == len(counts) + 1``, edges evenly spaced in ln V.

    Ruined paths (V_T = 0) are not counted here (``1 - success_probability`` of them); the edges span the
    surviving paths, so ``sum(counts)`` is the number of paths never ruined.
    """

    edges: list[float]
    counts: list[int]


@dataclass(frozen=True, slots=True)
class Result:
    """Percentile bands over time, the terminal distribution and its risk measures.

    ``bands`` maps "p5", "p25", "p50", "p75", "p95" to one value per entry of ``times`` (years, t=0 first).
    ``risk`` holds ``(level, var, cvar)`` per requested level: VaR = V_0 - q_{1-level}(V_T) and
    CVaR = V_0 - E[V_T | V_T <= q_{1-level}], so a positive figure is a loss.
    """

    times: list[float]
    bands: dict[str, list[float]]
    terminal_histogram: TerminalHistogram
    risk: list[tuple[float, float, float]]
    success_probability: float
    mean_terminal: float
    std_terminal: float
    seed: int
    paths: int
    steps: int
    backend: str


class Cancelled(Exception):
    """The caller's ``cancelled()`` returned true; the run stopped between chunks."""
