"""From per-report-point slot counts and the exact sums of V_T to a Result, the same for both backends.

A quantile's rank k = q * N (N paths) falls in one slot; inside it the value is interpolated: 0 for the ruined
slot, linearly from 0 to lo in the underflow slot, linearly in ln V inside a bin (log-linear), and hi in the
overflow slot (which the range keeps negligible). The tail mean behind CVaR weighs each bin by its geometric
centre, and the partly covered bin by the centre of the covered part.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from plugins.simulation.engine._bins import FIRST_BIN, RUINED, UNDERFLOW, LogBins
from plugins.simulation.engine._plan import Plan
from plugins.simulation.engine._result import BANDS, Result, TerminalHistogram

__all__ = ["quantile", "tail_mean", "terminal_histogram", "summarize"]


def _locate(row: NDArray[np.int64], rank: float, cumulative: NDArray[np.float64] | None = None) -> tuple[int, float]:
    """The slot holding ``rank`` (0 < rank <= total) and the fraction of that slot's paths below it."""
    if cumulative is None:
        cumulative = np.cumsum(row, dtype=np.float64)
    slot = min(int(np.searchsorted(cumulative, rank, side="left")), len(row) - 1)
    below = float(cumulative[slot] - row[slot])
    return slot, (rank - below) / float(row[slot]) if row[slot] else 1.0


def _value_at(bins: LogBins, slot: int, fraction: float) -> float:
    if slot == RUINED:
        return 0.0
    if slot == UNDERFLOW:
        return fraction * bins.edge(0)
    if slot == bins.overflow:
        return bins.edge(bins.count)
    return bins.edge(slot - FIRST_BIN + fraction)


def quantile(row: NDArray[np.int64], bins: LogBins, q: float, cumulative: NDArray[np.float64] | None = None) -> float:
    """The q-quantile (0 < q < 1) of the values counted in ``row`` (``cumulative``: its running sum, if known)."""
    if cumulative is None:
        cumulative = np.cumsum(row, dtype=np.float64)
    slot, fraction = _locate(row, q * float(cumulative[-1]), cumulative)
    return _value_at(bins, slot, fraction)


def _centres(bins: LogBins) -> NDArray[np.float64]:
    centres = np.empty(bins.slots)
    centres[RUINED] = 0.0
    centres[UNDERFLOW] = bins.edge(0) / 2
    centres[FIRST_BIN : bins.overflow] = np.exp(bins.log_lo + (np.arange(bins.count) + 0.5) * bins.width)
    centres[bins.overflow] = bins.edge(bins.count)
    return centres


def tail_mean(row: NDArray[np.int64], bins: LogBins, q: float) -> float:
    """E[V | V <= q-quantile]: the mean of the lowest ``q * N`` values counted in ``row``."""
    rank = q * float(row.sum())
    slot, fraction = _locate(row, rank)
    centres = _centres(bins)
    whole = float(row[:slot] @ centres[:slot])
    # the covered part of the last slot has its centre halfway in (in ln V for a bin, linearly for underflow)
    partial = (rank - float(row[:slot].sum())) * _value_at(bins, slot, fraction / 2)
    return (whole + partial) / rank


def terminal_histogram(row: NDArray[np.int64], bins: LogBins, count: int) -> TerminalHistogram:
    """``count`` bins, evenly spaced in ln V, over the surviving terminal values (fine bins merged whole)."""
    fine = row[FIRST_BIN : bins.overflow]
    occupied = np.flatnonzero(fine)
    first, last = (int(occupied[0]), int(occupied[-1])) if len(occupied) else (0, bins.count - 1)
    span = last - first + 1
    merge = -(-span // count)  # fine bins per coarse bin
    start = first - (merge * count - span) // 2  # centre the occupied span
    padded = np.zeros(merge * count, dtype=np.int64)
    low, high = max(start, 0), min(start + merge * count, bins.count)
    padded[low - start : high - start] = fine[low:high]
    counts = padded.reshape(count, merge).sum(axis=1)
    counts[0] += row[UNDERFLOW]  # below lo: negligible by the choice of range, kept so every survivor counts
    counts[-1] += row[bins.overflow]
    edges = [bins.edge(start + merge * k) for k in range(count + 1)]
    return TerminalHistogram(edges=edges, counts=[int(c) for c in counts])


def summarize(plan: Plan, histograms: NDArray[np.int64], total: float, total_squares: float, backend: str) -> Result:
    """The Result of a run: ``histograms`` has one row of slot counts per report point after t=0."""
    problem = plan.problem
    bins = plan.bins
    initial = float(problem.initial_value)
    # running sums once per report point, shared by every band, and in float64 as the ranks are (exact below 2^53
    # paths): searchsorted would otherwise convert a 16k-slot row on every call
    cumulative = np.cumsum(histograms, axis=1).astype(np.float64)
    bands = {
        name: [initial] + [quantile(row, bins, q, running) for row, running in zip(histograms, cumulative, strict=True)]
        for name, q in BANDS
    }
    terminal = histograms[-1]
    risk = [
        (
            float(level),
            initial - quantile(terminal, bins, 1 - float(level)),
            initial - tail_mean(terminal, bins, 1 - float(level)),
        )
        for level in problem.var_levels
    ]
    paths = problem.paths
    mean = total / paths
    variance = max(total_squares / paths - mean * mean, 0.0) * paths / max(paths - 1, 1)
    return Result(
        times=plan.times,
        bands=bands,
        terminal_histogram=terminal_histogram(terminal, bins, problem.terminal_bins),
        risk=risk,
        success_probability=(paths - int(terminal[RUINED])) / paths,
        mean_terminal=mean,
        std_terminal=math.sqrt(variance),
        seed=int(problem.seed),
        paths=paths,
        steps=problem.steps,
        backend=backend,
    )
