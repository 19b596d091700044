"""Service errors and their RFC 9457 problem details form."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

import msgspec

__all__ = [
    "BadRequest",
    "Conflict",
    "FieldError",
    "Forbidden",
    "NotFound",
    "PayloadTooLarge",
    "Problem",
    "ServiceError",
    "ServiceUnavailable",
    "TooManyRequests",
    "Unauthorized",
    "UnprocessableContent",
    "UnsupportedMediaType",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One invalid field of a request; ``pointer`` is its JSON pointer (RFC 6901) into the body."""

    message: str
    field: str | None = None
    pointer: str | None = None


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem details document."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    correlation_id: str | None = None
    errors: list[FieldError] | None = None


# Error classes by the problem they send, so a remote error comes back as the class that was raised:
# a class with its own problem ``type`` under that type; the standard ones here by their status.
_BY_TYPE: dict[str, type[ServiceError]] = {}
_BY_STATUS: dict[int, type[ServiceError]] = {}


class ServiceError(Exception):
    """An error a service reports to its caller; it becomes problem+json with ``status``.

    Raised anywhere in a service implementation, it reaches the HTTP caller with the same
    status and body whether the service is colocated or remote. A subclass that names its own
    problem ``type`` is registered under it when its module is imported, so a caller that imports
    it gets that class back from a remote service too (``except QuotaExceeded:`` works split).
    """

    status: int = 500
    type: str = "about:blank"

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        own_type = cls.__dict__.get("type")
        if isinstance(own_type, str) and own_type != "about:blank":
            _BY_TYPE.setdefault(own_type, cls)
        elif cls.__module__ == __name__ and "status" in cls.__dict__ and cls.type == "about:blank":
            _BY_STATUS.setdefault(cls.status, cls)

    def __init__(
        self,
        detail: str | None = None,
        *,
        status: int | None = None,
        title: str | None = None,
        type: str | None = None,
        errors: list[FieldError] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if status is not None:
            self.status = status
        if type is not None:
            self.type = type
        self.title = title or HTTPStatus(self.status).phrase
        self.detail = detail
        self.errors = errors
        self.headers = dict(headers or {})
        super().__init__(detail or self.title)

    def to_problem(self, correlation_id: str | None = None) -> Problem:
        """The problem details document for this error."""
        return Problem(
            type=self.type,
            title=self.title,
            status=self.status,
            detail=self.detail,
            correlation_id=correlation_id,
            errors=self.errors,
        )

    @classmethod
    def from_problem(cls, problem: Problem, headers: Mapping[str, str] | None = None) -> ServiceError:
        """Rebuild an error from a problem document received from a remote service.

        The result is the registered class of the problem's type (else the standard class of its
        status, else ServiceError) with the same fields; ``retry_after`` comes from Retry-After.

        >>> error = ServiceError.from_problem(Problem(type="about:blank", title="Not Found", status=404))
        >>> type(error).__name__, error.status
        ('NotFound', 404)
        """
        error_class = _BY_TYPE.get(problem.type) or (
            _BY_STATUS.get(problem.status, ServiceError) if problem.type == "about:blank" else ServiceError
        )
        if error_class.status != problem.status:
            error_class = ServiceError  # a class that does not send this status cannot be what was raised
        # Subclasses take their own constructor arguments: fill the fields without calling them.
        error = error_class.__new__(error_class)
        ServiceError.__init__(
            error,
            problem.detail,
            status=problem.status,
            title=problem.title,
            type=problem.type,
            errors=problem.errors,
            headers=headers,
        )
        retry_after = {k.lower(): v for k, v in error.headers.items()}.get("retry-after", "")
        if retry_after.isdigit() and hasattr(error_class, "retry_after"):
            error.retry_after = int(retry_after)  # type: ignore[attr-defined]  # the classes that carry it
        return error


class BadRequest(ServiceError):
    status = 400


class Unauthorized(ServiceError):
    status = 401


class Forbidden(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409


class PayloadTooLarge(ServiceError):
    status = 413


class UnprocessableContent(ServiceError):
    status = 422


class TooManyRequests(ServiceError):
    status = 429
    retry_after: int = 0

    def __init__(self, detail: str | None = None, *, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(retry_after, 0))})
        self.retry_after = retry_after


class ServiceUnavailable(ServiceError):
    status = 503
    retry_after: int | None = None  # seconds, when the answer said (Retry-After)


class DatabaseUnavailable(ServiceUnavailable):
    """A plugin's database cannot be reached (stopped, restarting, out of connections): 503 with Retry-After."""

    retry_after: int = 5

    def __init__(self, detail: str | None = None, *, retry_after: int = 5) -> None:
        super().__init__(
            detail or "the database is unavailable; try again shortly",
            headers={"Retry-After": str(max(retry_after, 0))},
        )
        self.retry_after = retry_after


class UnsupportedMediaType(ServiceError):
    status = 415
