"""predict, what-if and the model's info over HTTP, in both placements; every wrong feature named in a 422."""

from __future__ import annotations

from typing import Any

import httpx
import numpy as np
import pytest

from tests.conftest import Account, assert_problem
from tests.plugins.inference._support import (
    FEATURES,
    HOUSEHOLD,
    label_of,
    predict,
    random_households,
    reference_scores,
)


def test_predict_matches_the_formula(http: httpx.Client, account: Account) -> None:
    households = random_households(25, seed=7)
    expected, contributions = reference_scores(households)
    for row, score, parts in zip(households, expected, contributions, strict=True):
        response = predict(http, account, dict(zip(FEATURES, row.tolist(), strict=True)))
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["model"], body["version"]) == ("financial-risk", 1)
        assert body["score"] == pytest.approx(score, abs=1e-5)
        assert body["label"] == label_of(body["score"])
        assert [c["feature"] for c in body["contributions"]] == list(FEATURES)
        assert [c["value"] for c in body["contributions"]] == pytest.approx(row.tolist(), rel=1e-12)
        assert [c["contribution"] for c in body["contributions"]] == pytest.approx(parts.tolist(), abs=5e-4)


def test_integers_are_numbers_and_the_model_may_be_named(http: httpx.Client, account: Account) -> None:
    response = predict(http, account, HOUSEHOLD, model="financial-risk")
    assert response.status_code == 200, response.text
    expected, _ = reference_scores(np.array([[HOUSEHOLD[f] for f in FEATURES]]))
    assert response.json()["score"] == pytest.approx(expected[0], abs=1e-5)
    assert response.json()["label"] == "high"


def _errors(response: httpx.Response) -> dict[str, str]:
    body = assert_problem(response, 422)
    errors = body["errors"]
    assert isinstance(errors, list)
    return {e["field"]: e["message"] for e in errors}


def test_wrong_missing_and_unknown_features_are_each_named(http: httpx.Client, account: Account) -> None:
    features: dict[str, Any] = {**HOUSEHOLD, "total_debt": "lots", "shoe_size": 44, "credit_utilisation": 1.5}
    del features["monthly_income"]
    features["liquid_savings"] = True
    errors = _errors(predict(http, account, features))
    assert set(errors) == {
        "features.monthly_income",
        "features.total_debt",
        "features.shoe_size",
        "features.credit_utilisation",
        "features.liquid_savings",
    }
    assert errors["features.monthly_income"] == "is required"
    assert errors["features.total_debt"] == "must be a number"
    assert errors["features.liquid_savings"] == "must be a number"
    assert "not a feature" in errors["features.shoe_size"]
    assert errors["features.credit_utilisation"] == "must be at most 1"
    assert _errors(predict(http, account, {**HOUSEHOLD, "total_debt": -1}))["features.total_debt"] == (
        "must be at least 0"
    )
    assert set(_errors(predict(http, account, {}))) == {f"features.{f}" for f in FEATURES}


def test_bad_requests_and_unknown_models(http: httpx.Client, account: Account) -> None:
    assert_problem(predict(http, account, HOUSEHOLD, model="no-such-model"), 404)
    assert_problem(http.post("/inference/predict", json={"features": [1, 2]}, headers=account.auth), 400)
    assert_problem(http.post("/inference/predict", json={"features": HOUSEHOLD, "x": 1}, headers=account.auth), 400)
    assert_problem(
        http.post("/inference/predict", json={"features": HOUSEHOLD, "model": "Bad Name"}, headers=account.auth), 400
    )
    assert_problem(http.post("/inference/predict", json={"features": HOUSEHOLD}), 401)
    assert_problem(http.get("/inference/models/no-such-model", headers=account.auth), 404)


def test_what_if_scores_each_scenario_against_the_base(http: httpx.Client, account: Account) -> None:
    scenarios = [
        {"name": "pay down the cards", "changes": {"credit_utilisation": 0.2, "total_debt": 12000}},
        {"name": "cut spending", "changes": {"monthly_expenses": 3300}},
        {"name": "no change", "changes": {}},
    ]
    response = http.post(
        "/inference/what-if", json={"base": {"features": HOUSEHOLD}, "scenarios": scenarios}, headers=account.auth
    )
    assert response.status_code == 200, response.text
    body = response.json()
    rows = [dict(HOUSEHOLD)] + [{**HOUSEHOLD, **s["changes"]} for s in scenarios]  # type: ignore[dict-item]
    expected, _ = reference_scores(np.array([[r[f] for f in FEATURES] for r in rows]))
    assert body["base"]["score"] == pytest.approx(expected[0], abs=1e-5)
    assert len(body["base"]["contributions"]) == 6
    assert [s["name"] for s in body["scenarios"]] == [s["name"] for s in scenarios]
    for result, score in zip(body["scenarios"], expected[1:], strict=True):
        assert result["score"] == pytest.approx(score, abs=1e-5)
        assert result["difference"] == pytest.approx(score - expected[0], abs=1e-5)
        assert result["label"] == label_of(result["score"])
    assert body["scenarios"][2]["difference"] == 0


def test_what_if_names_each_wrong_change(http: httpx.Client, account: Account) -> None:
    scenarios = [
        {"name": "ok", "changes": {"total_debt": 1}},
        {"name": "bad", "changes": {"salary": 1, "total_debt": None}},
    ]
    base = {k: v for k, v in HOUSEHOLD.items() if k != "investment_assets"}
    response = http.post(
        "/inference/what-if", json={"base": {"features": base}, "scenarios": scenarios}, headers=account.auth
    )
    assert set(_errors(response)) == {
        "base.features.investment_assets",
        "scenarios.1.changes.salary",
        "scenarios.1.changes.total_debt",
    }
    empty = http.post(
        "/inference/what-if", json={"base": {"features": HOUSEHOLD}, "scenarios": []}, headers=account.auth
    )
    assert_problem(empty, 400)


def test_model_info_reads_the_schema(http: httpx.Client, account: Account) -> None:
    response = http.get("/inference/models/financial-risk", headers=account.auth)
    assert response.status_code == 200, response.text
    info = response.json()
    assert info["features"] == list(FEATURES)
    assert info["label_thresholds"] == [0.33, 0.66]
    assert info["inputs"] == [{"name": "features", "type": "tensor(float)", "shape": [None, 6]}]
    assert [o["name"] for o in info["outputs"]] == ["score", "contributions"]
    listed = http.get("/inference/models", headers=account.auth).json()["items"]
    assert "financial-risk" in [m["name"] for m in listed]
