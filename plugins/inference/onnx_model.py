"""An ONNX model loaded for scoring: its onnxruntime session and the schema read from it.

A model names its features in its metadata (``feature_names``, comma-separated, in input column
order), may bound them (``feature_ranges``, JSON ``{name: [min, max]}``, null for open) and set its
label thresholds (``label_thresholds``, ``"0.33,0.66"``). Its one input is a float tensor
``[N, features]``; its outputs are ``score`` (``[N]`` or ``[N, 1]``) and optionally ``contributions``
(``[N, features]``). Anything else is an :class:`InvalidModel` saying why.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from typing import Any

import msgspec
import numpy as np
import onnxruntime as ort

__all__ = ["DEFAULT_THRESHOLDS", "InvalidModel", "LoadedModel", "ModelSchema", "TensorSpec", "load_model"]

DEFAULT_THRESHOLDS = (0.33, 0.66)
_FEATURE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_FLOAT_TYPES: dict[str, type[np.floating[Any]]] = {"tensor(float)": np.float32, "tensor(double)": np.float64}
_MAX_FEATURES = 64


class InvalidModel(ValueError):
    """The bytes are not a model this plugin can serve; the message says why."""


class TensorSpec(msgspec.Struct, frozen=True, kw_only=True):
    """One input or output as onnxruntime reports it; a dimension of any size is None."""

    name: str
    type: str
    shape: list[int | None]


class ModelSchema(msgspec.Struct, frozen=True, kw_only=True):
    """What a version's row keeps about the model, read from the model itself."""

    features: list[str]
    ranges: dict[str, tuple[float | None, float | None]]
    label_thresholds: tuple[float, float]
    inputs: list[TensorSpec]
    outputs: list[TensorSpec]
    description: str


def _specs(nodes: list[Any]) -> list[TensorSpec]:
    return [
        TensorSpec(name=n.name, type=n.type, shape=[d if isinstance(d, int) else None for d in (n.shape or [])])
        for n in nodes
    ]


def _features(meta: dict[str, str]) -> list[str]:
    names = [n.strip() for n in meta.get("feature_names", "").split(",") if n.strip()]
    if not names:
        raise InvalidModel("its metadata has no feature_names (comma-separated, in input column order)")
    if len(names) > _MAX_FEATURES:
        raise InvalidModel(f"it has {len(names)} features; at most {_MAX_FEATURES} are supported")
    bad = [n for n in names if not _FEATURE_NAME.fullmatch(n)]
    if bad:
        raise InvalidModel(f"feature names must be identifiers of at most 64 characters: {', '.join(bad[:5])}")
    if len(set(names)) != len(names):
        raise InvalidModel("feature_names names a feature twice")
    return names


def _bound(value: Any, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidModel(f"feature_ranges: {what} must be a finite number or null")
    return float(value)


def _ranges(meta: dict[str, str], features: list[str]) -> dict[str, tuple[float | None, float | None]]:
    text = meta.get("feature_ranges")
    if text is None:
        return {}
    try:
        given = json.loads(text)
    except ValueError:
        raise InvalidModel("feature_ranges is not JSON") from None
    if not isinstance(given, dict):
        raise InvalidModel("feature_ranges must be a JSON object {name: [min, max]}")
    ranges: dict[str, tuple[float | None, float | None]] = {}
    for name, pair in given.items():
        if name not in features:
            raise InvalidModel(f"feature_ranges names {name!r}, which is not among feature_names")
        if not isinstance(pair, list) or len(pair) != 2:
            raise InvalidModel(f"feature_ranges: {name} must be [min, max]")
        low, high = _bound(pair[0], f"{name} min"), _bound(pair[1], f"{name} max")
        if low is not None and high is not None and low > high:
            raise InvalidModel(f"feature_ranges: {name} has min above max")
        ranges[name] = (low, high)
    return ranges


def _thresholds(meta: dict[str, str]) -> tuple[float, float]:
    text = meta.get("label_thresholds")
    if text is None:
        return DEFAULT_THRESHOLDS
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise InvalidModel("label_thresholds must be two numbers, 'medium,high' (e.g. '0.33,0.66')") from None
    if not 0 < low < high < 1:
        raise InvalidModel("label_thresholds must satisfy 0 < medium < high < 1")
    return low, high


def _output(session: ort.InferenceSession, name: str) -> Any:
    return next((o for o in session.get_outputs() if o.name == name), None)


@dataclass(frozen=True, slots=True)
class LoadedModel:
    """A model ready to score matrices of feature rows (``float64`` in, in the schema's feature order)."""

    schema: ModelSchema
    session: ort.InferenceSession
    input_name: str
    input_type: type[np.floating[Any]]
    outputs: tuple[str, ...]
    sha256: str
    size: int

    def run(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Scores ``[N]`` and, when the model gives them, contributions ``[N, features]``."""
        results = self.session.run(list(self.outputs), {self.input_name: rows.astype(self.input_type, copy=False)})
        scores = np.asarray(results[0], dtype=np.float64).reshape(-1)
        contributions = np.asarray(results[1], dtype=np.float64) if len(results) > 1 else None
        return scores, contributions

    def label(self, score: float) -> str:
        medium, high = self.schema.label_thresholds
        return "high" if score >= high else "medium" if score >= medium else "low"


def _trial(model: LoadedModel) -> None:
    """Score one row of in-range values, so a model that loads but cannot run is refused now."""
    row = [model.schema.ranges.get(name, (0.0, None))[0] or 0.0 for name in model.schema.features]
    try:
        scores, contributions = model.run(np.array([row], dtype=np.float64))
    except Exception as error:
        raise InvalidModel(f"it failed on a trial row: {str(error)[:300]}") from None
    if scores.shape != (1,):
        raise InvalidModel("its score output must hold one number per row ([N] or [N, 1])")
    if contributions is not None and contributions.shape != (1, len(model.schema.features)):
        raise InvalidModel("its contributions output must be [N, features]")


def load_model(data: bytes) -> LoadedModel:
    """Load and check a model's bytes (CPU); :class:`InvalidModel` when it cannot be served."""
    options = ort.SessionOptions()
    options.log_severity_level = 3  # a refused upload is the caller's business, not a log line
    options.intra_op_num_threads = 1  # rows are few per call; threads would cost more than they save
    try:
        session = ort.InferenceSession(data, sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as error:
        raise InvalidModel(f"onnxruntime cannot load it: {str(error)[:300]}") from None
    meta = session.get_modelmeta()
    props = dict(meta.custom_metadata_map)
    features = _features(props)
    inputs = session.get_inputs()
    if len(inputs) != 1:
        raise InvalidModel(f"it must have one input, a float tensor [N, {len(features)}]; it has {len(inputs)}")
    (given,) = inputs
    shape = given.shape or []
    width = shape[1] if len(shape) == 2 else -1
    if given.type not in _FLOAT_TYPES or not (width is None or isinstance(width, str) or width == len(features)):
        raise InvalidModel(f"its input must be a float tensor [N, {len(features)}] (one column per feature)")
    if _output(session, "score") is None:
        raise InvalidModel("it must have an output named score")
    outputs = ("score", "contributions") if _output(session, "contributions") is not None else ("score",)
    schema = ModelSchema(
        features=features,
        ranges=_ranges(props, features),
        label_thresholds=_thresholds(props),
        inputs=_specs(inputs),
        outputs=_specs(session.get_outputs()),
        description=(meta.description or "")[:2000],
    )
    model = LoadedModel(
        schema=schema,
        session=session,
        input_name=given.name,
        input_type=_FLOAT_TYPES[given.type],
        outputs=outputs,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
    _trial(model)
    return model
