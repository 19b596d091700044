"""The CuPy backend: the closed form, determinism, and agreement with the NumPy backend (needs a usable GPU)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import pytest

from plugins.simulation.engine import Cancelled, CuPyBackend, NumPyBackend, Problem, Result, gpu_usable
from tests.plugins.simulation._problems import (
    HORIZON,
    MU,
    SIGMA,
    V0,
    exact_moments,
    hedged_pair,
    lognormal_quantile,
    quantile_standard_error,
    single_asset,
    three_assets,
)

pytestmark = pytest.mark.skipif(not gpu_usable()[0], reason=f"no usable GPU: {gpu_usable()[1]}")

BANDS = (("p5", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95))


@pytest.fixture(scope="module")
def closed_form() -> Result:
    return CuPyBackend().run(single_asset())


def test_bands_match_the_lognormal_at_every_report_point(closed_form: Result) -> None:
    assert closed_form.backend == "cupy"
    assert closed_form.times == [0.0, 2.5, 5.0, 7.5, 10.0]
    for index, t in enumerate(closed_form.times[1:], start=1):
        for name, q in BANDS:
            error = closed_form.bands[name][index] - lognormal_quantile(q, t)
            assert abs(error) < 4 * quantile_standard_error(q, t, closed_form.paths), (name, t)
    mean = V0 * math.exp(MU * HORIZON)
    std = mean * math.sqrt(math.exp(SIGMA**2 * HORIZON) - 1)
    assert abs(closed_form.mean_terminal - mean) < 4 * std / math.sqrt(closed_form.paths)
    assert sum(closed_form.terminal_histogram.counts) == closed_form.paths


def test_same_seed_same_result_and_another_seed_another(closed_form: Result) -> None:
    assert CuPyBackend().run(single_asset()) == closed_form
    other = CuPyBackend().run(single_asset(seed=12))
    assert other.bands["p50"] != closed_form.bands["p50"]


def test_agrees_with_numpy_on_three_assets_with_withdrawals() -> None:
    problem = three_assets(paths=200_000, contribution=-12.0)
    gpu, cpu = CuPyBackend().run(problem), NumPyBackend().run(problem)
    assert 0 < cpu.success_probability < 1
    ruin_se = math.sqrt(cpu.success_probability * (1 - cpu.success_probability) / problem.paths)
    assert abs(gpu.success_probability - cpu.success_probability) < 4 * math.sqrt(2) * ruin_se
    spread = cpu.std_terminal / math.sqrt(problem.paths)
    assert abs(gpu.mean_terminal - cpu.mean_terminal) < 4 * math.sqrt(2) * spread
    for name, _ in BANDS:
        for got, want in zip(gpu.bands[name], cpu.bands[name], strict=True):
            assert got == pytest.approx(want, rel=0.02, abs=1e-6)  # the two runs' difference: 0.5% at most (p5, T)
    for (level, var_gpu, cvar_gpu), (_, var_cpu, cvar_cpu) in zip(gpu.risk, cpu.risk, strict=True):
        assert var_gpu == pytest.approx(var_cpu, abs=0.01 * problem.initial_value), level
        assert cvar_gpu == pytest.approx(cvar_cpu, abs=0.01 * problem.initial_value), level


@pytest.mark.parametrize("make", [three_assets, hedged_pair], ids=["three-assets", "hedged-pair"])
def test_mean_and_spread_of_a_mix_match_its_exact_moments(make: Callable[[], Problem]) -> None:
    problem = make()
    mean, std = exact_moments(problem)
    result = CuPyBackend().run(problem)
    assert abs(result.mean_terminal - mean) < 4 * std / math.sqrt(problem.paths)
    assert result.std_terminal == pytest.approx(std, rel=0.015)


def test_progress_and_cancellation() -> None:
    seen: list[float] = []
    problem = single_asset(paths=3_000_000, steps=1000, report_points=None)
    with pytest.raises(Cancelled):
        CuPyBackend().run(problem, progress=seen.append, cancelled=lambda: len(seen) >= 1)
    assert len(seen) == 1
    assert 0 < seen[0] < 1
    finished: list[float] = []
    CuPyBackend().run(dataclasses.replace(problem, paths=600_000), progress=finished.append)
    assert finished[-1] == 1.0
    assert finished == sorted(finished)
