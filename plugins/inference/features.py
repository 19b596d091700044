"""A feature set checked against a model: every unknown, missing, non-numeric or out-of-range value named."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from framework import FieldError
from plugins.inference.onnx_model import ModelSchema

__all__ = ["check_changes", "check_features", "number_problem"]


def number_problem(value: Any, bounds: tuple[float | None, float | None] | None) -> str | None:
    """Why ``value`` is not a usable feature value, or None when it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    if not math.isfinite(value):
        return "must be a finite number"
    if bounds is not None:
        low, high = bounds
        if low is not None and value < low:
            return f"must be at least {low:g}"
        if high is not None and value > high:
            return f"must be at most {high:g}"
    return None


def _error(where: str, name: str, message: str) -> FieldError:
    field = f"{where}.{name}"
    return FieldError(pointer="/" + field.replace(".", "/"), field=field, message=message)


def check_changes(schema: ModelSchema, given: Mapping[str, Any], where: str) -> list[FieldError]:
    """What is wrong with ``given`` as values of some of the model's features (nothing missing)."""
    errors = []
    known = set(schema.features)
    for name, value in given.items():
        if name not in known:
            errors.append(_error(where, name, f"is not a feature of this model ({', '.join(schema.features)})"))
            continue
        problem = number_problem(value, schema.ranges.get(name))
        if problem is not None:
            errors.append(_error(where, name, problem))
    return errors


def check_features(schema: ModelSchema, given: Mapping[str, Any], where: str) -> list[FieldError]:
    """What is wrong with ``given`` as a full feature set of the model: also every missing feature."""
    missing = [_error(where, name, "is required") for name in schema.features if name not in given]
    return missing + check_changes(schema, given, where)
