"""The model registry over HTTP, in both placements: admin-only operations, uploads, activation."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.conftest import Account, assert_problem
from tests.plugins.inference._support import HOUSEHOLD, admin_login, constant_model, predict, upload_model


def _name() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def test_admin_only_operations_are_forbidden_to_users(http: httpx.Client, account: Account) -> None:
    assert_problem(http.get("/inference/models/financial-risk/versions", headers=account.auth), 403)
    assert_problem(upload_model(http, account.auth, _name(), constant_model(0.5)), 403)
    assert_problem(http.post("/inference/models/financial-risk/versions/1/activate", headers=account.auth), 403)
    assert_problem(http.get("/inference/models/financial-risk/versions"), 401)


def test_an_invalid_model_is_refused_and_nothing_is_kept(http: httpx.Client) -> None:
    admin = admin_login(http)
    name = _name()
    refused = assert_problem(upload_model(http, admin, name, b"not an onnx model"), 422)
    assert "onnxruntime cannot load it" in str(refused["detail"])
    assert_problem(http.get(f"/inference/models/{name}", headers=admin), 404)
    assert_problem(http.get(f"/inference/models/{name}/versions", headers=admin), 404)
    no_file = http.post(
        f"/inference/models/{name}/versions", content=b"x", headers={**admin, "Content-Type": "text/plain"}
    )
    assert_problem(no_file, 415)


def test_the_shipped_model_is_version_one(http: httpx.Client) -> None:
    admin = admin_login(http)
    response = http.get("/inference/models/financial-risk/versions", headers=admin)
    assert response.status_code == 200, response.text
    versions = response.json()["items"]
    assert versions[-1]["version"] == 1
    assert versions[-1]["file_id"] is None
    assert versions[-1]["size"] > 0


def test_upload_then_activate_switches_predictions(http: httpx.Client, account: Account) -> None:
    admin = admin_login(http)
    name = _name()
    first = upload_model(http, admin, name, constant_model(0.2, contributions=True))
    assert first.status_code == 201, first.text
    assert (first.json()["version"], first.json()["active"]) == (1, True)  # a new model's first version is active
    assert first.json()["file_id"] is not None
    second = upload_model(http, admin, name, constant_model(0.9))
    assert second.status_code == 201, second.text
    assert (second.json()["version"], second.json()["active"]) == (2, False)

    before = predict(http, account, HOUSEHOLD, model=name).json()
    assert (before["version"], before["label"]) == (1, "low")
    assert before["score"] == pytest.approx(0.2, abs=1e-6)
    assert [c["contribution"] for c in before["contributions"]] == [0.0] * 6

    activated = http.post(f"/inference/models/{name}/versions/2/activate", headers=admin)
    assert activated.status_code == 200, activated.text
    assert (activated.json()["version"], activated.json()["versions"]) == (2, 2)
    after = predict(http, account, HOUSEHOLD, model=name).json()
    assert (after["version"], after["label"], after["contributions"]) == (2, "high", [])
    assert after["score"] == pytest.approx(0.9, abs=1e-6)
    listed = http.get(f"/inference/models/{name}/versions", headers=admin).json()["items"]
    assert [(v["version"], v["active"]) for v in listed] == [(2, True), (1, False)]

    assert_problem(http.post(f"/inference/models/{name}/versions/3/activate", headers=admin), 404)
    assert_problem(http.post("/inference/models/no-such-model/versions/1/activate", headers=admin), 404)
    # The shipped model is untouched by it all.
    assert predict(http, account, HOUSEHOLD).json()["version"] == 1


def test_an_upload_with_other_features_is_checked_against_them(http: httpx.Client, account: Account) -> None:
    admin = admin_login(http)
    name = _name()
    created = upload_model(http, admin, name, constant_model(0.5, features=("age", "income")))
    assert created.status_code == 201, created.text
    assert created.json()["features"] == ["age", "income"]
    assert predict(http, account, {"age": 40, "income": 3000}, model=name).status_code == 200
    refused = assert_problem(predict(http, account, HOUSEHOLD, model=name), 422)
    assert len(refused["errors"]) == 8  # type: ignore[arg-type]  # two missing, six unknown
