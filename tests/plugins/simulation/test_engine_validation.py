"""validate() names the field at fault for every kind of bad problem, and factors what it accepts."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from plugins.simulation.engine import Asset, Problem, ProblemError, validate
from tests.plugins.simulation._problems import single_asset, three_assets


def _assets(*changes: dict[str, object]) -> tuple[Asset, ...]:
    base = three_assets().assets
    return tuple(dataclasses.replace(asset, **change) for asset, change in zip(base, changes, strict=True))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        pytest.param({"correlation": ((1.0, 0.0), (0.0, 1.0))}, "correlation", "3 x 3", id="not-square-n"),
        pytest.param(
            {"correlation": ((1.0, 0.1, 0.0), (0.1, 1.0), (0.0, 0.0, 1.0))}, "correlation", "3 x 3", id="ragged"
        ),
        pytest.param(
            {"correlation": ((1.0, 0.2, 0.0), (0.1, 1.0, 0.0), (0.0, 0.0, 1.0))},
            "correlation[1][0]",
            "not symmetric",
            id="asymmetric",
        ),
        pytest.param(
            {"correlation": ((1.0, 0.0, 0.0), (0.0, 0.9, 0.0), (0.0, 0.0, 1.0))},
            "correlation[1][1]",
            "diagonal must be 1",
            id="diagonal",
        ),
        pytest.param(
            {"correlation": ((1.0, 1.5, 0.0), (1.5, 1.0, 0.0), (0.0, 0.0, 1.0))},
            "correlation[0][1]",
            "between -1 and 1",
            id="out-of-range",
        ),
        pytest.param(
            {"correlation": ((1.0, float("nan"), 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))},
            "correlation[0][1]",
            "finite",
            id="nan-entry",
        ),
        pytest.param(
            {"assets": _assets({"weight": -0.1}, {"weight": 1.0}, {})},
            "assets[0].weight",
            "negative",
            id="negative-weight",
        ),
        pytest.param({"assets": _assets({}, {"weight": 0.2}, {})}, "assets", "sum to 0.9", id="weights-sum"),
        pytest.param(
            {"assets": _assets({}, {}, {"volatility": -0.01})}, "assets[2].volatility", "negative", id="negative-vol"
        ),
        pytest.param(
            {"assets": _assets({}, {"expected_return": float("inf")}, {})},
            "assets[1].expected_return",
            "finite",
            id="infinite-return",
        ),
        pytest.param(
            {"assets": _assets({}, {"name": "stocks"}, {})}, "assets[1].name", "duplicate", id="duplicate-name"
        ),
        pytest.param({"assets": ()}, "assets", "1 to 16", id="no-assets"),
        pytest.param({"steps": 0}, "steps", "between 1", id="no-steps"),
        pytest.param({"paths": 0}, "paths", "between 1", id="no-paths"),
        pytest.param({"paths": 10.5}, "paths", "integer", id="fractional-paths"),
        pytest.param({"horizon_years": 0.0}, "horizon_years", "positive", id="zero-horizon"),
        pytest.param({"horizon_years": -1.0}, "horizon_years", "positive", id="negative-horizon"),
        pytest.param({"initial_value": float("nan")}, "initial_value", "finite", id="nan-initial"),
        pytest.param({"initial_value": 0.0}, "initial_value", "positive", id="zero-initial"),
        pytest.param({"contribution": float("inf")}, "contribution", "finite", id="infinite-contribution"),
        pytest.param({"var_levels": (0.95, 1.0)}, "var_levels[1]", "between 0 and 1", id="var-level-one"),
        pytest.param({"var_levels": (0.0,)}, "var_levels[0]", "between 0 and 1", id="var-level-zero"),
        pytest.param({"seed": -1}, "seed", "between 0", id="negative-seed"),
        pytest.param({"report_points": 1}, "report_points", "between 2", id="one-report-point"),
        pytest.param({"report_points": 62}, "report_points", "and 61", id="more-points-than-steps"),
        pytest.param({"terminal_bins": 0}, "terminal_bins", "between 1", id="no-terminal-bins"),
        pytest.param(
            {"horizon_years": 400.0, "assets": _assets({"volatility": 3.0}, {}, {})},
            "horizon_years",
            "float32",
            id="beyond-float32",
        ),
    ],
)
def test_bad_problem_names_its_field(changes: dict[str, object], field: str, words: str) -> None:
    problem = dataclasses.replace(three_assets(), **changes)  # type: ignore[arg-type]
    with pytest.raises(ProblemError) as caught:
        validate(problem)
    assert caught.value.field == field
    assert words in caught.value.message
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == f"{field}: {caught.value.message}"


def test_not_positive_semi_definite_gives_the_smallest_eigenvalue() -> None:
    matrix = ((1.0, 0.9, -0.9), (0.9, 1.0, 0.9), (-0.9, 0.9, 1.0))
    smallest = float(np.linalg.eigvalsh(np.array(matrix))[0])
    with pytest.raises(ProblemError) as caught:
        validate(three_assets(correlation=matrix))
    assert caught.value.field == "correlation"
    assert "not positive semi-definite" in caught.value.message
    assert f"{smallest:.6g}" in caught.value.message
    assert smallest < -0.5


@pytest.mark.parametrize(
    "matrix",
    [
        pytest.param(((1.0, 1.0, 0.0), (1.0, 1.0, 0.0), (0.0, 0.0, 1.0)), id="two-perfectly-correlated"),
        pytest.param(((1.0, -1.0, 1.0), (-1.0, 1.0, -1.0), (1.0, -1.0, 1.0)), id="rank-one"),
        pytest.param(((1.0, 0.5, 0.5), (0.5, 1.0, 0.5), (0.5, 0.5, 1.0)), id="positive-definite"),
    ],
)
def test_positive_semi_definite_matrices_get_a_factor(matrix: tuple[tuple[float, ...], ...]) -> None:
    factor = validate(three_assets(correlation=matrix))
    assert factor.shape == (3, 3)
    np.testing.assert_allclose(factor @ factor.T, np.array(matrix), atol=1e-12)


def test_default_report_points_and_a_valid_single_asset() -> None:
    problem = single_asset(report_points=None, steps=252)
    assert problem.report_point_count == 101
    assert single_asset(report_points=None, steps=12).report_point_count == 13
    np.testing.assert_allclose(validate(problem), [[1.0]])


def test_weights_within_tolerance_pass() -> None:
    problem = three_assets(assets=_assets({"weight": 0.6 + 5e-7}, {}, {}))
    assert validate(problem).shape == (3, 3)
    with pytest.raises(ProblemError, match="must be an Asset"):
        validate(dataclasses.replace(problem, assets=({"name": "x"},)))  # type: ignore[arg-type]


def test_a_problem_is_frozen() -> None:
    problem: Problem = single_asset()
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.paths = 3  # type: ignore[misc]
