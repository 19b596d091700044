"""How a call looks on NATS: subjects, context headers, error replies."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from framework._context import CallContext, Principal, new_correlation_id
from framework._errors import Problem, ServiceError

__all__ = [
    "CORRELATION",
    "DEADLINE",
    "PRINCIPAL",
    "context_from_headers",
    "error_from_reply",
    "error_reply",
    "headers_for",
    "subject_for",
]

SUBJECT_PREFIX = "turnout"
PRINCIPAL = "Turnout-Principal"
CORRELATION = "Turnout-Correlation-Id"
DEADLINE = "Turnout-Deadline"
CLIENT = "Turnout-Client-Address"
TRACEPARENT = "traceparent"
ERROR_CODE = "Nats-Service-Error-Code"
ERROR = "Nats-Service-Error"
_PASSED_HEADER = "Turnout-Header-"

_principal_encoder = msgspec.json.Encoder()
_principal_decoder = msgspec.json.Decoder(Principal)
_problem_decoder = msgspec.json.Decoder(Problem)


def subject_for(service: str, operation_id: str) -> str:
    """``turnout.<service>.<operationId>``: one endpoint per operation."""
    return f"{SUBJECT_PREFIX}.{service}.{operation_id}"


def headers_for(ctx: CallContext) -> dict[str, str]:
    """The context as NATS headers: principal, correlation id, deadline, trace, client."""
    headers = {CORRELATION: ctx.correlation_id}
    if ctx.principal is not None:
        headers[PRINCIPAL] = _principal_encoder.encode(ctx.principal).decode()
    if ctx.deadline is not None:
        headers[DEADLINE] = repr(ctx.deadline)
    if ctx.traceparent:
        headers[TRACEPARENT] = ctx.traceparent
    if ctx.client_address:
        headers[CLIENT] = ctx.client_address
    return headers


def context_from_headers(headers: Mapping[str, str] | None) -> CallContext:
    """Rebuild the caller's context; a malformed header is a 400, never a crash."""
    headers = headers or {}
    principal = None
    raw_principal = headers.get(PRINCIPAL)
    try:
        if raw_principal:
            principal = _principal_decoder.decode(raw_principal)
        deadline = float(headers[DEADLINE]) if DEADLINE in headers else None
    except (msgspec.DecodeError, ValueError):
        raise ServiceError("the call context headers are malformed", status=400) from None
    return CallContext(
        correlation_id=headers.get(CORRELATION) or new_correlation_id(),
        principal=principal,
        deadline=deadline,
        client_address=headers.get(CLIENT),
        traceparent=headers.get(TRACEPARENT),
    )


def error_reply(error: ServiceError, correlation_id: str | None) -> tuple[bytes, dict[str, str]]:
    """The reply body (problem JSON) and headers for an error."""
    headers = {ERROR_CODE: str(error.status), ERROR: error.title}
    for name, value in error.headers.items():
        headers[_PASSED_HEADER + name] = value
    return msgspec.json.encode(error.to_problem(correlation_id)), headers


def error_from_reply(data: bytes, headers: Mapping[str, str]) -> ServiceError:
    """The ServiceError a remote service raised, rebuilt from its reply."""
    passed = {k[len(_PASSED_HEADER) :]: v for k, v in headers.items() if k.startswith(_PASSED_HEADER)}
    try:
        problem = _problem_decoder.decode(data)
    except msgspec.DecodeError:
        status = int(headers.get(ERROR_CODE, "500")) if headers.get(ERROR_CODE, "").isdigit() else 500
        return ServiceError(headers.get(ERROR) or "the remote service failed", status=status, headers=passed)
    return ServiceError.from_problem(problem, passed)
