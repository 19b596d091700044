"""What the inference tests share: sample features, the default model's formula in numpy, test models, admins."""

from __future__ import annotations

import math
import time
from typing import Any

import httpx
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Account

FEATURES = (
    "monthly_income",
    "monthly_expenses",
    "liquid_savings",
    "total_debt",
    "credit_utilisation",
    "investment_assets",
)
HOUSEHOLD: dict[str, float] = {
    "monthly_income": 4200,
    "monthly_expenses": 3900,
    "liquid_savings": 2500,
    "total_debt": 18000,
    "credit_utilisation": 0.62,
    "investment_assets": 5000,
}
FINISHED = {"succeeded", "failed", "cancelled"}

# The documented formula (contracts/inference.yaml), written out independently of the model builder.
_WEIGHTS = np.array([-1.2, 1.2, -0.6, 0.5, 2.5, -0.3])
_REFERENCE = np.array([4000.0, 3000.0, 9000.0, 15000.0, 0.3, 20000.0])
_IS_AMOUNT = np.array([True, True, True, True, False, True])


def _transform(x: np.ndarray) -> np.ndarray:
    return np.where(_IS_AMOUNT, np.log(1.0 + x / 1000.0), x)


def reference_scores(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scores and contributions of rows ``x`` ([N, 6], the features in order) by the documented formula."""
    contributions = _WEIGHTS * (_transform(x) - _transform(_REFERENCE))
    logit = math.log(0.3 / 0.7) + contributions.sum(axis=1)
    return 1.0 / (1.0 + np.exp(-logit)), contributions


def label_of(score: float) -> str:
    return "high" if score >= 0.66 else "medium" if score >= 0.33 else "low"


def random_households(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.column_stack(
        [
            rng.uniform(0, 20_000, n),
            rng.uniform(0, 15_000, n),
            rng.uniform(0, 200_000, n),
            rng.uniform(0, 500_000, n),
            rng.uniform(0, 1, n),
            rng.uniform(0, 1_000_000, n),
        ]
    )


def constant_model(score: float, *, features: tuple[str, ...] = FEATURES, contributions: bool = False) -> bytes:
    """An ONNX model that scores every row ``score`` (with zero contributions when asked for)."""
    n = len(features)
    nodes = [
        helper.make_node("MatMul", ["features", "zeros"], ["zero"]),  # [N, 1], all zero
        helper.make_node("Add", ["zero", "logit"], ["shifted"]),
        helper.make_node("Sigmoid", ["shifted"], ["score"]),
    ]
    outputs = [helper.make_tensor_value_info("score", TensorProto.FLOAT, [None, 1])]
    initializers = [
        numpy_helper.from_array(np.zeros((n, 1), dtype=np.float32), "zeros"),
        numpy_helper.from_array(np.array([math.log(score / (1 - score))], dtype=np.float32), "logit"),
    ]
    if contributions:
        nodes.append(helper.make_node("Mul", ["features", "nothing"], ["contributions"]))
        initializers.append(numpy_helper.from_array(np.zeros(n, dtype=np.float32), "nothing"))
        outputs.append(helper.make_tensor_value_info("contributions", TensorProto.FLOAT, [None, n]))
    graph = helper.make_graph(
        nodes,
        "constant",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [None, n])],
        outputs,
        initializer=initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 9
    helper.set_model_props(model, {"feature_names": ",".join(features)})
    data: bytes = model.SerializeToString()
    return data


def admin_login(http: httpx.Client) -> dict[str, str]:
    """The first admin's headers (created by the platform at first start)."""
    login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def upload_model(http: httpx.Client, headers: dict[str, str], name: str, data: bytes) -> httpx.Response:
    files = {"file": ("model.onnx", data, "application/octet-stream")}
    return http.post(f"/inference/models/{name}/versions", files=files, headers=headers)


def predict(http: httpx.Client, account: Account, features: dict[str, Any], model: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"features": features, **({"model": model} if model else {})}
    return http.post("/inference/predict", json=body, headers=account.auth)


def wait_finished(http: httpx.Client, account: Account, job_id: str, within: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        job: dict[str, Any] = http.get(f"/inference/batch-scores/{job_id}", headers=account.auth).json()
        assert 0.0 <= job["progress"] <= 1.0
        if job["status"] in FINISHED:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish within {within}s")


__all__ = [
    "FEATURES",
    "FINISHED",
    "HOUSEHOLD",
    "admin_login",
    "constant_model",
    "label_of",
    "predict",
    "random_households",
    "reference_scores",
    "upload_model",
    "wait_finished",
]
_ = onnx  # the helper API above is onnx's
