"""How a call looks on NATS: subjects, context headers, error replies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from framework._context import CallContext, new_correlation_id
from framework._errors import Problem, ServiceError

__all__ = [
    "CONTEXT",
    "context_from_headers",
    "error_from_reply",
    "error_reply",
    "headers_for",
    "subject_for",
]

SUBJECT_PREFIX = "turnout"
CONTEXT = "Turnout-Context"
ERROR_CODE = "Nats-Service-Error-Code"
ERROR = "Nats-Service-Error"
_PASSED_HEADER = "Turnout-Header-"


_context_encoder = msgspec.json.Encoder()
_context_decoder = msgspec.json.Decoder(CallContext)
_problem_decoder = msgspec.json.Decoder(Problem)


def subject_for(service: str, operation_id: str) -> str:
    """``turnout.<service>.<operationId>``: one endpoint per operation."""
    return f"{SUBJECT_PREFIX}.{service}.{operation_id}"


def headers_for(ctx: CallContext) -> dict[str, str]:
    """The context as one NATS header: principal, correlation id, deadline, trace, client."""
    return {CONTEXT: _context_encoder.encode(ctx).decode()}


def context_from_headers(headers: Mapping[str, str] | None) -> CallContext:
    """Rebuild the caller's context; a malformed header is a 400, never a crash."""
    raw = None if headers is None else headers.get(CONTEXT)
    if raw is None:
        return CallContext(correlation_id=new_correlation_id())
    try:
        return _context_decoder.decode(raw)
    except msgspec.DecodeError:
        raise ServiceError("the call context header is malformed", status=400) from None


def error_reply(error: ServiceError, correlation_id: str | None) -> tuple[bytes, dict[str, str]]:
    """The reply body (problem JSON) and headers for an error."""
    headers = {ERROR_CODE: str(error.status), ERROR: error.title}
    for name, value in error.headers.items():
        headers[_PASSED_HEADER + name] = value
    return error.problem_body(correlation_id), headers


def _members(data: bytes) -> dict[str, Any] | None:
    """Every member of a problem document, for the extension members its class carries."""
    members = msgspec.json.decode(data)
    return members if isinstance(members, dict) else None


def error_from_reply(data: bytes, headers: Mapping[str, str]) -> ServiceError:
    """The ServiceError a remote service raised, rebuilt from its reply."""
    passed = {k[len(_PASSED_HEADER) :]: v for k, v in headers.items() if k.startswith(_PASSED_HEADER)}
    try:
        problem = _problem_decoder.decode(data)
    except msgspec.DecodeError:
        status = int(headers.get(ERROR_CODE, "500")) if headers.get(ERROR_CODE, "").isdigit() else 500
        return ServiceError(headers.get(ERROR) or "the remote service failed", status=status, headers=passed)
    return ServiceError.from_problem(problem, passed, _members(data))
