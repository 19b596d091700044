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
    """One invalid field of a request."""

    message: str
    field: str | None = None


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem details document."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    correlation_id: str | None = None
    errors: list[FieldError] | None = None


class ServiceError(Exception):
    """An error a service reports to its caller; it becomes problem+json with ``status``.

    Raised anywhere in a service implementation, it reaches the HTTP caller with the same
    status and body whether the service is colocated or remote.
    """

    status: int = 500
    type: str = "about:blank"

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
        """Rebuild an error from a problem document received from a remote service."""
        return cls(
            problem.detail,
            status=problem.status,
            title=problem.title,
            type=problem.type,
            errors=problem.errors,
            headers=headers,
        )


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

    def __init__(self, detail: str | None = None, *, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(retry_after, 0))})
        self.retry_after = retry_after


class ServiceUnavailable(ServiceError):
    status = 503


class DatabaseUnavailable(ServiceUnavailable):
    """A plugin's database cannot be reached (stopped, restarting, out of connections): 503 with Retry-After."""

    def __init__(self, detail: str | None = None, *, retry_after: int = 5) -> None:
        super().__init__(
            detail or "the database is unavailable; try again shortly",
            headers={"Retry-After": str(max(retry_after, 0))},
        )
        self.retry_after = retry_after


class UnsupportedMediaType(ServiceError):
    status = 415
