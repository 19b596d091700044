"""The model the platform ships, ``financial-risk``: a logistic risk score built with the ``onnx`` helper API.

Each feature ``x_i`` goes through its own transform, ``t_i(x) = ln(1 + x / 1000)`` for an amount
and ``t_i(x) = x`` for ``credit_utilisation``, and contributes ``c_i = w_i * (t_i(x_i) - t_i(ref_i))``
log-odds against a reference household. The score is ``sigmoid(logit(0.3) + sum_i c_i)``: the
reference household scores 0.3, and the contributions are exact (they sum to the score's log-odds
less the reference's). Income and expenses carry opposite weights of the same size, so together
they weigh as ``ln`` of their ratio does. Nothing is downloaded or trained.

``python -m plugins.inference.default_model OUT.onnx`` writes the model's bytes; the platform serves
them from ``plugins/inference/financial-risk.onnx`` (``just inference-model`` writes it, a test checks
it is this script's output), so ``onnx`` itself is never imported where models are served.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

__all__ = [
    "BIAS",
    "FEATURES",
    "LABEL_THRESHOLDS",
    "LINEAR",
    "MODEL_NAME",
    "REFERENCE",
    "SCALE",
    "WEIGHTS",
    "build_default_model",
    "main",
]

MODEL_NAME = "financial-risk"
FEATURES = (
    "monthly_income",
    "monthly_expenses",
    "liquid_savings",
    "total_debt",
    "credit_utilisation",
    "investment_assets",
)
WEIGHTS = (-1.2, 1.2, -0.6, 0.5, 2.5, -0.3)
REFERENCE = (4000.0, 3000.0, 9000.0, 15000.0, 0.3, 20000.0)
# Amounts are transformed by ln(1 + x / SCALE); the linear features (utilisation) are used as they are.
SCALE = 1000.0
LINEAR = (False, False, False, False, True, False)
BIAS = math.log(0.3 / 0.7)  # the reference household's log-odds
LABEL_THRESHOLDS = (0.33, 0.66)
# Amounts are never negative; utilisation is a share.
RANGES = {name: (0.0, 1.0 if linear else None) for name, linear in zip(FEATURES, LINEAR, strict=True)}


def _transform(values: np.ndarray) -> np.ndarray:
    """The per-feature transform, the same as the graph's (used for the reference household)."""
    linear = np.array(LINEAR)
    return np.where(linear, values, np.log1p(values / SCALE))


def build_default_model() -> bytes:
    """The ONNX model's bytes; the same bytes every time."""
    n = len(FEATURES)
    linear = np.array(LINEAR, dtype=np.float32)
    reference = _transform(np.array(REFERENCE, dtype=np.float64)).astype(np.float32)
    constants = {
        "inv_scale": np.full(n, 1.0 / SCALE, dtype=np.float32),
        "one": np.array(1.0, dtype=np.float32),
        "log_mask": 1.0 - linear,
        "linear_mask": linear,
        "reference": reference,
        "weights": np.array(WEIGHTS, dtype=np.float32),
        "bias": np.array([BIAS], dtype=np.float32),
        "axis": np.array([1], dtype=np.int64),
    }
    nodes = [
        # t = log_mask * ln(1 + x / scale) + linear_mask * x
        helper.make_node("Mul", ["features", "inv_scale"], ["scaled"]),
        helper.make_node("Add", ["scaled", "one"], ["shifted"]),
        helper.make_node("Log", ["shifted"], ["logged"]),
        helper.make_node("Mul", ["logged", "log_mask"], ["log_part"]),
        helper.make_node("Mul", ["features", "linear_mask"], ["linear_part"]),
        helper.make_node("Add", ["log_part", "linear_part"], ["transformed"]),
        # c = w * (t - t_ref); score = sigmoid(bias + sum(c))
        helper.make_node("Sub", ["transformed", "reference"], ["centred"]),
        helper.make_node("Mul", ["centred", "weights"], ["contributions"]),
        helper.make_node("ReduceSum", ["contributions", "axis"], ["total"], keepdims=0),
        helper.make_node("Add", ["total", "bias"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["score"]),
    ]
    graph = helper.make_graph(
        nodes,
        "financial_risk",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [None, n])],
        [
            helper.make_tensor_value_info("score", TensorProto.FLOAT, [None]),
            helper.make_tensor_value_info("contributions", TensorProto.FLOAT, [None, n]),
        ],
        initializer=[numpy_helper.from_array(value, name) for name, value in constants.items()],
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17)],
        producer_name="turnout",
        doc_string="Financial risk: a logistic score over six household features (higher is riskier).",
    )
    model.ir_version = 9  # what the CPU runtime reads
    ranges = ", ".join(f'"{k}": [{lo}, {"null" if hi is None else hi}]' for k, (lo, hi) in RANGES.items())
    helper.set_model_props(
        model,
        {
            "feature_names": ",".join(FEATURES),
            "feature_ranges": "{" + ranges + "}",
            "label_thresholds": ",".join(str(t) for t in LABEL_THRESHOLDS),
        },
    )
    onnx.checker.check_model(model)
    data: bytes = model.SerializeToString(deterministic=True)
    return data


def main(argv: list[str] | None = None) -> int:
    """Write the default model to the path given (``-`` for standard output)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m plugins.inference.default_model OUT.onnx", file=sys.stderr)
        return 2
    data = build_default_model()
    if args[0] == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args[0]).write_bytes(data)
        print(f"wrote {args[0]} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
