"""An error a plugin catches from another: the same class (by ``except``) and fields in both placements."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from framework import ServiceError
from framework._errors import UNEXPECTED_DETAIL
from tests.invariance.generated.target.models import ErrorKind
from tests.invariance.plugins.target import RAISED


def _expected(kind: ErrorKind) -> dict[str, Any]:
    """What the probe reports when it catches what target raises for ``kind``, as if raised beside it."""
    raised = RAISED[kind]()
    if not isinstance(raised, ServiceError):  # a bug in the callee is a 500 problem to its caller
        raised = ServiceError(UNEXPECTED_DETAIL, status=500)
    expected: dict[str, Any] = {
        "caught_by": type(raised).__name__,
        "class_name": type(raised).__name__,
        "status": raised.status,
        "title": raised.title,
        "type": raised.type,
        "detail": raised.detail,
        "retry_after": getattr(raised, "retry_after", None),
        "errors": [{"message": e.message, **({"field": e.field} if e.field else {})} for e in raised.errors]
        if raised.errors
        else None,
        "budget": getattr(raised, "budget", None),
    }
    return expected


@pytest.mark.parametrize("kind", list(ErrorKind), ids=lambda kind: kind.value)
def test_the_caught_error_is_the_raised_one(pair: httpx.Client, kind: ErrorKind) -> None:
    response = pair.get(f"/probe/errors/{kind.value}")
    assert response.status_code == 200, response.text
    assert response.json() == _expected(kind)


def test_the_expectations_say_something() -> None:
    # The table above is not vacuous: retry_after, field errors and the plugin's own field all appear.
    assert _expected(ErrorKind.too_many_requests)["retry_after"] == 7
    assert _expected(ErrorKind.service_unavailable)["retry_after"] == 3
    assert _expected(ErrorKind.unprocessable_content)["errors"] == [
        {"message": "must be positive", "field": "amount"},
        {"message": "no field named"},
    ]
    assert _expected(ErrorKind.plugin_defined)["budget"] == 42
    assert _expected(ErrorKind.plugin_defined)["class_name"] == "OverBudget"
    assert _expected(ErrorKind.unexpected)["status"] == 500
