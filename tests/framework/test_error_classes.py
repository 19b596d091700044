"""A remote error comes back as the class that was raised, with the same fields (NATS reply and HTTP)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import httpx
import msgspec
import pytest

import framework
from framework import (
    BadRequest,
    Conflict,
    DatabaseUnavailable,
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ServiceError,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    UnprocessableContent,
    UnsupportedMediaType,
)
from framework._errors import PROBLEM_MEDIA_TYPE, BodyTimeout, GatewayTimeout, StreamBroken
from framework.transports._http import _error
from framework.transports._wire import error_from_reply, error_reply
from plugins.files.service import IntegrityCheckFailed, QuotaExceeded


class _Custom(ServiceError):
    """A plugin's own problem type, registered when its module is imported."""

    status = 409
    type = "https://example.test/problems/custom"


class _WithFields(ServiceError):
    """A plugin's own problem type with fields of its own, sent as extension members."""

    status = 402
    type = "https://example.test/problems/with-fields"
    extensions = ("budget", "currency")

    def __init__(self, detail: str, *, budget: int, currency: str) -> None:
        super().__init__(detail)
        self.budget = budget
        self.currency = currency


RAISED = [
    BadRequest("bad", errors=[FieldError(message="too long", field="name")]),
    Unauthorized("who are you"),
    Forbidden("not yours"),
    NotFound("no such thing"),
    Conflict("taken"),
    PayloadTooLarge("too big"),
    UnsupportedMediaType("send JSON"),
    UnprocessableContent("does not add up"),
    TooManyRequests("slow down", retry_after=7),
    ServiceUnavailable("later", headers={"Retry-After": "3"}),
    QuotaExceeded("over quota"),
    IntegrityCheckFailed("tampered"),
    _Custom("a plugin's own"),
]


def _over_nats(error: ServiceError) -> ServiceError:
    body, headers = error_reply(error, "corr-1")
    return error_from_reply(body, headers)


def _over_http(error: ServiceError) -> ServiceError:
    headers = {"content-type": PROBLEM_MEDIA_TYPE, **error.headers}
    response = httpx.Response(error.status, headers=headers, content=error_reply(error, "corr-1")[0])
    return _error(response)


@pytest.mark.parametrize("carry", [_over_nats, _over_http], ids=["nats", "http"])
@pytest.mark.parametrize("raised", RAISED, ids=lambda e: type(e).__name__)
def test_the_class_and_fields_survive_the_trip(raised: ServiceError, carry: object) -> None:
    got = carry(raised)  # type: ignore[operator]
    assert type(got) is type(raised)
    assert (got.status, got.title, got.detail, got.type) == (raised.status, raised.title, raised.detail, raised.type)
    assert got.errors == raised.errors
    if "Retry-After" in raised.headers:
        assert got.headers["Retry-After"] == raised.headers["Retry-After"]
        assert got.retry_after == int(raised.headers["Retry-After"])  # type: ignore[attr-defined]


@pytest.mark.parametrize("carry", [_over_nats, _over_http], ids=["nats", "http"])
def test_extension_members_come_back_as_the_fields_of_the_class(carry: object) -> None:
    got = carry(_WithFields("over budget", budget=42, currency="EUR"))  # type: ignore[operator]
    assert type(got) is _WithFields
    assert (got.budget, got.currency, got.detail) == (42, "EUR", "over budget")


def test_extension_members_are_top_level_and_never_replace_standard_members() -> None:
    class _Clashing(_WithFields):
        extensions = ("budget", "status")  # a clash with a standard member: the standard one wins

    body, _ = error_reply(_Clashing("over budget", budget=7, currency="EUR"), "corr-1")
    assert msgspec.json.decode(body) == {
        "type": _WithFields.type,
        "title": "Payment Required",
        "status": 402,
        "detail": "over budget",
        "correlation_id": "corr-1",
        "budget": 7,
    }


def test_service_unavailable_raised_with_retry_after_carries_it_where_raised() -> None:
    # Colocated, the caller catches the error as raised: it must carry what a remote caller gets.
    assert ServiceUnavailable("later", headers={"Retry-After": "3"}).retry_after == 3
    assert ServiceUnavailable("later").retry_after is None


def test_a_subclass_without_its_own_type_comes_back_as_its_standard_parent() -> None:
    got = _over_nats(DatabaseUnavailable(retry_after=9))
    assert isinstance(got, ServiceUnavailable)
    assert got.retry_after == 9
    with pytest.raises(ServiceUnavailable):
        raise got


def test_unknown_types_and_statuses_come_back_as_plain_service_errors() -> None:
    unknown_type = ServiceError("odd", status=404, type="https://example.test/problems/never-registered")
    got = _over_nats(unknown_type)
    assert type(got) is ServiceError
    assert (got.status, got.type) == (404, unknown_type.type)
    teapot = _over_nats(ServiceError("short and stout", status=418))
    assert type(teapot) is ServiceError
    assert teapot.status == 418


def test_a_registered_type_with_another_status_is_not_trusted_to_be_that_class() -> None:
    forged = ServiceError("not really", status=500, type=QuotaExceeded.type)
    got = _over_nats(forged)
    assert type(got) is ServiceError
    assert got.status == 500


@pytest.mark.parametrize("raised", [BodyTimeout(), StreamBroken("gone")], ids=lambda e: type(e).__name__)
def test_edge_errors_from_afar_are_plain_service_errors(raised: ServiceError) -> None:
    got = _over_nats(raised)
    assert type(got) is ServiceError
    assert got.status == raised.status


def test_a_deadline_passed_afar_is_the_same_gateway_timeout() -> None:
    got = _over_nats(GatewayTimeout("late"))
    assert type(got) is GatewayTimeout  # caught by type wherever the callee ran
    assert got.detail == "late"


def test_every_public_error_class_of_the_framework_lives_in_framework_errors() -> None:
    elsewhere = []
    for module_info in pkgutil.walk_packages(framework.__path__, "framework."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            defined_here = inspect.isclass(value) and value.__module__ == module.__name__
            if defined_here and issubclass(value, Exception) and not name.startswith("_"):
                elsewhere.append(f"{module.__name__}.{name}")
    assert [name for name in elsewhere if not name.startswith("framework._errors.")] == []
    assert "framework._errors.ConfigError" in elsewhere
