"""Every error class of the framework: the ServiceError family (RFC 9457 problems) and start-up errors."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from pathlib import Path
from typing import Any, ClassVar

import msgspec

__all__ = [
    "BODY_TIMEOUT_DETAIL",
    "PROBLEM_MEDIA_TYPE",
    "BadRequest",
    "JobCancelled",
    "BodyTimeout",
    "ConfigError",
    "Conflict",
    "ContractError",
    "DatabaseUnavailable",
    "FieldError",
    "Forbidden",
    "GatewayTimeout",
    "NotFound",
    "PayloadTooLarge",
    "PluginError",
    "Problem",
    "ScaffoldError",
    "ServiceError",
    "ServiceUnavailable",
    "StreamBroken",
    "TooManyRequests",
    "Unauthorized",
    "UnprocessableContent",
    "UNEXPECTED_DETAIL",
    "UnsupportedMediaType",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"
BODY_TIMEOUT_DETAIL = "the request body stalled; send it without long pauses"
UNEXPECTED_DETAIL = "an unexpected error occurred; quote the correlation id"


class ConfigError(Exception):
    """A problem in ``platform.toml``, located by file and key."""

    def __init__(self, file: str | Path, key: str, message: str) -> None:
        self.file = str(file)
        self.key = key
        self.message = message
        super().__init__(f"{self.file}: {key}: {message}")


class PluginError(Exception):
    """A plugin could not be loaded or is malformed."""


class ContractError(Exception):
    """A contract cannot be bundled or generated; the message names file and location."""


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
# a class with its own problem ``type`` under that type; the standard ones (listed below) by their status.
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
    # Attributes sent as RFC 9457 extension members (JSON values) and set again on the rebuilt error.
    extensions: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        own_type = cls.__dict__.get("type")
        if isinstance(own_type, str) and own_type != "about:blank":
            _BY_TYPE.setdefault(own_type, cls)

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
        retry_after = {k.lower(): v for k, v in self.headers.items()}.get("retry-after", "")
        if retry_after.isdigit() and hasattr(self.__class__, "retry_after"):
            # Only the classes that declare it; raised here or rebuilt from a remote answer alike.
            setattr(self, "retry_after", int(retry_after))  # noqa: B010
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

    def problem_body(self, correlation_id: str | None = None) -> bytes:
        """The problem document as JSON, with the class's ``extensions`` as extension members."""
        problem = self.to_problem(correlation_id)
        members = {name: getattr(self, name) for name in self.extensions if hasattr(self, name)}
        if not members:
            return msgspec.json.encode(problem)
        standard = msgspec.to_builtins(problem)
        return msgspec.json.encode({**standard, **{k: v for k, v in members.items() if k not in standard}})

    @classmethod
    def from_problem(
        cls, problem: Problem, headers: Mapping[str, str] | None = None, members: Mapping[str, Any] | None = None
    ) -> ServiceError:
        """Rebuild an error from a problem document received from a remote service.

        The result is the registered class of the problem's type (else the standard class of its
        status, else ServiceError) with the same fields; ``retry_after`` comes from Retry-After,
        and the class's ``extensions`` from the document's ``members``.

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
        for name in error_class.extensions:
            if members is not None and name in members:
                setattr(error, name, members[name])
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


class GatewayTimeout(ServiceError):
    """The called service did not answer before the caller's deadline, colocated or remote."""

    status = 504


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


class BodyTimeout(ServiceError):
    """A request body sent nothing for ``[gateway] body_timeout_seconds``: 408, and the connection closes.

    A ServiceError, so that an upload streamed to a remote service fails there with the same 408.
    """

    status = 408

    def __init__(self) -> None:
        super().__init__(BODY_TIMEOUT_DETAIL, headers={"Connection": "close"})


class StreamBroken(ServiceError):
    """The other side of a file transfer went away or stopped answering."""

    status = 502


# The class a remote error of a status comes back as when it names no type of its own. The
# edge-specific classes above stay out: a 408 or 502 from afar is a plain ServiceError.
_BY_STATUS.update(
    {
        cls.status: cls
        for cls in (
            BadRequest,
            Unauthorized,
            Forbidden,
            NotFound,
            Conflict,
            PayloadTooLarge,
            UnsupportedMediaType,
            UnprocessableContent,
            TooManyRequests,
            ServiceUnavailable,
            GatewayTimeout,
        )
    }
)


class JobCancelled(Exception):
    """Raised by a job handler that stopped because its job was cancelled (``RunningJob.cancelled()``)."""


class ScaffoldError(Exception):
    """``turnout new-plugin`` cannot make the plugin as asked; nothing was written."""
