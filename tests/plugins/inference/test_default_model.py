"""The shipped model against an independent numpy computation of its documented formula; model checks."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import helper

from plugins.inference.default_model import build_default_model, main
from plugins.inference.onnx_model import InvalidModel, load_model
from plugins.inference.registry import SHIPPED_MODEL
from tests.plugins.inference._support import FEATURES, constant_model, random_households, reference_scores


def test_scores_and_contributions_match_the_formula_over_many_households() -> None:
    model = load_model(SHIPPED_MODEL.read_bytes())
    x = random_households(5000, seed=20261130)
    scores, contributions = model.run(x)
    expected_scores, expected_contributions = reference_scores(x)
    assert contributions is not None
    np.testing.assert_allclose(scores, expected_scores, rtol=0, atol=1e-5)
    np.testing.assert_allclose(contributions, expected_contributions, rtol=0, atol=1e-5 * 50)  # float32 log-odds
    # The contributions are exact: they add up to the score's log-odds less the reference's.
    logits = np.log(scores / (1 - scores))
    np.testing.assert_allclose(contributions.sum(axis=1), logits - math.log(0.3 / 0.7), atol=1e-3)


def test_the_reference_household_scores_point_three_with_no_contributions() -> None:
    model = load_model(SHIPPED_MODEL.read_bytes())
    scores, contributions = model.run(np.array([[4000.0, 3000.0, 9000.0, 15000.0, 0.3, 20000.0]]))
    assert abs(scores[0] - 0.3) < 1e-6
    assert contributions is not None
    assert np.abs(contributions).max() < 1e-6


def test_the_schema_is_read_from_the_model() -> None:
    schema = load_model(SHIPPED_MODEL.read_bytes()).schema
    assert schema.features == list(FEATURES)
    assert schema.ranges["credit_utilisation"] == (0.0, 1.0)
    assert schema.ranges["total_debt"] == (0.0, None)
    assert schema.label_thresholds == (0.33, 0.66)
    assert [(t.name, t.shape) for t in schema.inputs] == [("features", [None, 6])]
    assert [(t.name, t.shape) for t in schema.outputs] == [("score", [None]), ("contributions", [None, 6])]


def test_the_committed_model_is_the_scripts_output(tmp_path: Path) -> None:
    out = tmp_path / "model.onnx"
    assert main([str(out)]) == 0
    assert out.read_bytes() == build_default_model() == SHIPPED_MODEL.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "plugins.inference.default_model", "-"], capture_output=True, check=True, timeout=60
    )
    assert result.stdout == build_default_model()
    onnx.checker.check_model(onnx.load_from_string(result.stdout))


def _without_props(data: bytes) -> bytes:
    model = onnx.load_from_string(data)
    del model.metadata_props[:]
    out: bytes = model.SerializeToString()
    return out


def _with_props(data: bytes, props: dict[str, str]) -> bytes:
    model = onnx.load_from_string(data)
    helper.set_model_props(model, props)
    out: bytes = model.SerializeToString()
    return out


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not a model", "onnxruntime cannot load it"),
        (_without_props(constant_model(0.5)), "no feature_names"),
        (_with_props(constant_model(0.5), {"feature_names": "a,b"}), "float tensor [N, 2]"),
        (_with_props(constant_model(0.5), {"feature_names": "a,a,b,c,d,e"}), "twice"),
        (_with_props(constant_model(0.5), {"feature_names": ",".join(FEATURES), "label_thresholds": "0.9,0.1"}), "0 <"),
        (
            _with_props(constant_model(0.5), {"feature_names": ",".join(FEATURES), "feature_ranges": '{"x": [0, 1]}'}),
            "not among feature_names",
        ),
    ],
    ids=["garbage", "no-features", "wrong-width", "duplicate", "thresholds", "ranges"],
)
def test_a_model_that_cannot_be_served_is_refused_saying_why(data: bytes, reason: str) -> None:
    with pytest.raises(InvalidModel) as refused:
        load_model(data)
    assert reason in str(refused.value)


def test_a_model_with_a_score_output_of_n_by_one_is_served() -> None:
    model = load_model(constant_model(0.25))
    scores, contributions = model.run(np.zeros((3, 6)))
    np.testing.assert_allclose(scores, [0.25] * 3, atol=1e-6)
    assert contributions is None
    assert model.label(0.25) == "low"
