"""Every error leaves as RFC 9457 problem+json; a bare 500 never carries internals."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import Empty
from litestar.utils.scope.state import ScopeState

from framework._context import current_correlation_id
from framework._errors import PROBLEM_MEDIA_TYPE, FieldError, Problem, ServiceError
from framework._request_check import RequestBodyCheck

__all__ = ["EXCEPTION_HANDLERS", "problem_response"]

log = logging.getLogger("turnout.errors")


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response[bytes]:
    return Response(
        content=msgspec.json.encode(problem),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _service_error(_: Request[Any, Any, Any], error: ServiceError) -> Response[bytes]:
    if error.status >= 500:
        # A 5xx with Retry-After is a known, passing outage (database, NATS) that its origin logs once;
        # a line per request at warning would bury that one line.
        level = logging.INFO if "Retry-After" in error.headers else logging.WARNING
        log.log(level, "service error", extra={"status": error.status, "detail": error.detail})
    return Response(
        content=error.problem_body(current_correlation_id()),
        status_code=error.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=error.headers,
    )


def _field_errors(extra: Any) -> list[FieldError] | None:
    if not isinstance(extra, list):
        return None
    errors = []
    for item in extra:
        if isinstance(item, dict):
            key = item.get("key")
            errors.append(FieldError(message=str(item.get("message", "invalid")), field=str(key) if key else None))
    return errors or None


def _body_errors(request: Request[Any, Any, Any], extra: Any) -> list[FieldError] | None:
    """Every violation of a refused JSON body (msgspec named only the first), and the other errors Litestar found."""
    if not isinstance(extra, list) or not any(isinstance(i, dict) and i.get("source") == "body" for i in extra):
        return None
    check = request.app.state.get("turnout_body_check")
    operation_id = getattr(request.scope.get("route_handler"), "operation_id", None)
    body = ScopeState.from_scope(request.scope).json  # decoded already, before it was refused
    if not isinstance(check, RequestBodyCheck) or not isinstance(operation_id, str) or body is Empty:
        return None
    violations = check.violations(operation_id, body)
    if not violations:
        return None  # msgspec refused what the schema allows: its own message is all there is
    others = _field_errors([i for i in extra if isinstance(i, dict) and i.get("source") != "body"]) or []
    return [*violations, *others]


def _http_exception(request: Request[Any, Any, Any], error: HTTPException) -> Response[bytes]:
    status = error.status_code
    title = HTTPStatus(status).phrase
    detail = error.detail if error.detail and error.detail != title else None
    errors = None
    if isinstance(error, ValidationException):
        detail = detail or "the request does not match the contract"
        errors = _body_errors(request, error.extra)
    if status == 413:
        detail = "the request body is larger than this server accepts"
    problem = Problem(
        type="about:blank",
        title=title,
        status=status,
        detail=detail,
        correlation_id=current_correlation_id(),
        errors=errors or _field_errors(error.extra),
    )
    return problem_response(problem, dict(error.headers or {}))


def _unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[bytes]:
    log.error("unhandled error", exc_info=error, extra={"path": request.url.path})
    problem = Problem(
        type="about:blank",
        title="Internal Server Error",
        status=500,
        detail="an unexpected error occurred; quote the correlation id when reporting it",
        correlation_id=current_correlation_id(),
    )
    return problem_response(problem)


EXCEPTION_HANDLERS: dict[Any, Any] = {
    ServiceError: _service_error,
    HTTPException: _http_exception,
    Exception: _unexpected,
}
