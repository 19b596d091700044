"""The NumPy backend against closed forms, exact statistics of its own paths, and its promises on memory."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import tracemalloc
from collections.abc import Callable

import msgspec
import numpy as np
import pytest

from plugins.simulation.engine import Asset, Cancelled, NumPyBackend, Problem, Result
from tests.plugins.simulation._problems import (
    HORIZON,
    MU,
    SIGMA,
    V0,
    exact_moments,
    exact_paths,
    hedged_pair,
    lognormal_quantile,
    quantile_standard_error,
    single_asset,
    three_assets,
)

BANDS = (("p5", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95))


@pytest.fixture(scope="module")
def closed_form() -> Result:
    """The single-asset problem: 1e5 paths, 40 steps, bands at t = 0, 2.5, 5, 7.5, 10."""
    return NumPyBackend().run(single_asset())


def test_bands_match_the_lognormal_at_every_report_point(closed_form: Result) -> None:
    assert closed_form.times == [0.0, 2.5, 5.0, 7.5, 10.0]
    assert all(closed_form.bands[name][0] == V0 for name, _ in BANDS)
    for index, t in enumerate(closed_form.times[1:], start=1):
        for name, q in BANDS:
            error = closed_form.bands[name][index] - lognormal_quantile(q, t)
            assert abs(error) < 4 * quantile_standard_error(q, t, closed_form.paths), (name, t)


def test_mean_and_spread_match_the_lognormal(closed_form: Result) -> None:
    mean = V0 * math.exp(MU * HORIZON)
    std = mean * math.sqrt(math.exp(SIGMA**2 * HORIZON) - 1)
    assert abs(closed_form.mean_terminal - mean) < 4 * std / math.sqrt(closed_form.paths)
    assert closed_form.std_terminal == pytest.approx(std, rel=0.04)
    assert closed_form.success_probability == 1.0
    assert (closed_form.seed, closed_form.paths, closed_form.steps, closed_form.backend) == (11, 100_000, 40, "numpy")


def test_terminal_histogram_counts_every_path_in_increasing_log_bins(closed_form: Result) -> None:
    histogram = closed_form.terminal_histogram
    assert len(histogram.edges) == 51
    assert len(histogram.counts) == 50
    assert sum(histogram.counts) == closed_form.paths
    ratios = np.diff(np.log(histogram.edges))
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-9)
    assert histogram.edges[0] < lognormal_quantile(1e-4, HORIZON)
    assert histogram.edges[-1] > lognormal_quantile(1 - 1e-4, HORIZON)
    assert histogram.counts[0] > 0
    assert histogram.counts[-1] > 0


def test_binned_percentiles_are_far_inside_monte_carlo_error() -> None:
    problem = single_asset()
    seen = exact_paths(problem)
    result = NumPyBackend(chunk_paths=problem.paths).run(problem)  # one chunk: the very paths of exact_paths
    for index, t in enumerate(result.times[1:], start=1):
        for name, q in BANDS:
            exact = float(np.quantile(seen[index], q))
            assert abs(result.bands[name][index] - exact) < 0.1 * quantile_standard_error(q, t, problem.paths)


def test_var_and_cvar_match_the_exact_tail_of_the_same_paths() -> None:
    problem = three_assets(paths=20_000, var_levels=(0.9, 0.95, 0.99))
    terminal = exact_paths(problem)[6].astype(np.float64)
    result = NumPyBackend().run(problem)
    assert [level for level, _, _ in result.risk] == [0.9, 0.95, 0.99]
    for level, var, cvar in result.risk:
        cutoff = float(np.quantile(terminal, 1 - level))
        tail = float(terminal[terminal <= cutoff].mean())
        assert var == pytest.approx(problem.initial_value - cutoff, abs=1e-3 * problem.initial_value)
        assert cvar == pytest.approx(problem.initial_value - tail, abs=1e-3 * problem.initial_value)
        assert cvar > var
    assert result.mean_terminal == pytest.approx(float(terminal.mean()), rel=1e-6)
    assert result.std_terminal == pytest.approx(float(terminal.std(ddof=1)), rel=1e-5)


def test_same_seed_same_result_and_another_seed_another() -> None:
    problem = three_assets(paths=5_000)
    first, again = NumPyBackend().run(problem), NumPyBackend().run(problem)
    other = NumPyBackend().run(dataclasses.replace(problem, seed=6))
    assert first == again
    assert other.bands["p50"][-1] != first.bands["p50"][-1]
    assert other.mean_terminal != first.mean_terminal


def test_chunk_size_changes_the_draws_not_the_distribution(closed_form: Result) -> None:
    chunked = NumPyBackend(chunk_paths=4096).run(single_asset())
    assert chunked.bands["p50"] != closed_form.bands["p50"]
    for name, q in BANDS:
        error = chunked.bands[name][-1] - closed_form.bands[name][-1]
        assert abs(error) < 4 * math.sqrt(2) * quantile_standard_error(q, HORIZON, chunked.paths)


def test_withdrawals_ruin_some_paths_and_ruin_is_absorbing() -> None:
    problem = single_asset(
        assets=(Asset("equity", 1.0, 0.05, 0.15),), horizon_years=30.0, steps=360, paths=20_000, contribution=-0.5
    )
    seen = exact_paths(problem)
    result = NumPyBackend().run(problem)
    assert 0.2 < result.success_probability < 0.7
    assert result.success_probability == float(np.mean(seen[4] > 0))
    ruined_midway = seen[2] == 0
    assert ruined_midway.any()
    assert (seen[4][ruined_midway] == 0).all()  # once at 0, always at 0
    assert result.bands["p5"][-1] == 0.0
    assert sum(result.terminal_histogram.counts) == round(result.success_probability * problem.paths)
    heavier = NumPyBackend().run(dataclasses.replace(problem, contribution=-0.7))
    assert heavier.success_probability < result.success_probability


def test_certain_ruin_and_certain_survival() -> None:
    flat = (Asset("cash", 1.0, 0.0, 0.0),)
    doomed = NumPyBackend().run(single_asset(assets=flat, paths=1000, contribution=-2 * V0 / 40))
    safe = NumPyBackend().run(single_asset(assets=flat, paths=1000, contribution=-0.5 * V0 / 40))
    assert doomed.success_probability == 0.0
    assert doomed.bands["p95"][-1] == 0.0
    assert doomed.risk[0][1] == V0
    assert safe.success_probability == 1.0


def test_contributions_follow_the_annuity_without_volatility() -> None:
    rate, contribution, steps = 0.05, 10.0, 40
    growth = math.exp(rate * HORIZON / steps)
    expected = V0 * growth**steps + contribution * sum(growth**k for k in range(steps))
    result = NumPyBackend().run(
        single_asset(assets=(Asset("bond", 1.0, rate, 0.0),), paths=1000, contribution=contribution)
    )
    assert result.mean_terminal == pytest.approx(expected, rel=1e-5)
    for name, _ in BANDS:
        assert result.bands[name][-1] == pytest.approx(expected, rel=1e-3)  # one bin is 1e-3 wide in ln V


def test_contributions_raise_the_median(closed_form: Result) -> None:
    boosted = NumPyBackend().run(single_asset(contribution=1.0))
    assert boosted.bands["p50"][-1] > closed_form.bands["p50"][-1] + 40
    assert boosted.mean_terminal > closed_form.mean_terminal + 40


@pytest.mark.parametrize("make", [three_assets, hedged_pair], ids=["three-assets", "hedged-pair"])
def test_mean_and_spread_of_a_mix_match_its_exact_moments(make: Callable[[], Problem]) -> None:
    problem = make()
    mean, std = exact_moments(problem)
    result = NumPyBackend().run(problem)
    assert abs(result.mean_terminal - mean) < 4 * std / math.sqrt(problem.paths)
    assert result.std_terminal == pytest.approx(std, rel=0.015)  # 4 standard errors of a sample std here


def test_perfectly_correlated_twins_behave_as_one_asset(closed_form: Result) -> None:
    twins = single_asset(
        assets=(Asset("a", 0.5, MU, SIGMA), Asset("b", 0.5, MU, SIGMA)), correlation=((1.0, 1.0), (1.0, 1.0))
    )
    result = NumPyBackend().run(twins)
    for name, q in BANDS:
        error = result.bands[name][-1] - lognormal_quantile(q, HORIZON)
        assert abs(error) < 4 * quantile_standard_error(q, HORIZON, result.paths)


def test_progress_rises_to_exactly_one() -> None:
    seen: list[float] = []
    NumPyBackend(chunk_paths=4096).run(three_assets(paths=20_000), progress=seen.append)
    assert len(seen) == 5
    assert all(a < b for a, b in itertools.pairwise(seen))
    assert seen[-1] == 1.0
    assert 0 < seen[0] < 1


def test_cancellation_between_chunks_raises() -> None:
    seen: list[float] = []
    with pytest.raises(Cancelled):
        NumPyBackend(chunk_paths=4096).run(
            three_assets(paths=20_000), progress=seen.append, cancelled=lambda: len(seen) >= 2
        )
    assert len(seen) == 2


def test_cancellation_inside_a_long_chunk_raises() -> None:
    polls = 0

    def cancelled() -> bool:
        nonlocal polls
        polls += 1
        return polls > 1  # the poll before the first chunk says no; the next, 64 steps in, says yes

    with pytest.raises(Cancelled):
        NumPyBackend().run(single_asset(steps=10_000, paths=1000, report_points=None), cancelled=cancelled)
    assert polls == 2


def _peak_bytes(paths: int) -> int:
    tracemalloc.start()
    try:
        NumPyBackend().run(three_assets(paths=paths, steps=3, report_points=None))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_paths() -> None:
    small, large = _peak_bytes(200_000), _peak_bytes(1_000_000)
    assert large < 32 * 2**20
    assert large < small * 1.1 + 2**16


def test_result_encodes_to_json() -> None:
    result = NumPyBackend().run(three_assets(paths=500))
    plain = json.loads(json.dumps(dataclasses.asdict(result)))
    assert plain["bands"]["p50"] == result.bands["p50"]
    assert plain["terminal_histogram"]["counts"] == result.terminal_histogram.counts
    assert msgspec.json.decode(msgspec.json.encode(result))["risk"][0] == list(result.risk[0])
