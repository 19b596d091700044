"""How a call looks on NATS: subjects, context headers, error replies."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from framework._context import CallContext, Principal, new_correlation_id
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


class _WireContext(msgspec.Struct, array_like=True, omit_defaults=True):
    """The call context in one compact header: a JSON array, defaults left out."""

    correlation_id: str
    deadline: float | None = None
    subject: str | None = None
    roles: tuple[str, ...] = ()
    scheme: str = "bearer"
    session_id: str | None = None
    api_key_id: str | None = None
    traceparent: str | None = None
    client_address: str | None = None


_context_encoder = msgspec.json.Encoder()
_context_decoder = msgspec.json.Decoder(_WireContext)
_problem_decoder = msgspec.json.Decoder(Problem)


def subject_for(service: str, operation_id: str) -> str:
    """``turnout.<service>.<operationId>``: one endpoint per operation."""
    return f"{SUBJECT_PREFIX}.{service}.{operation_id}"


def headers_for(ctx: CallContext) -> dict[str, str]:
    """The context as one NATS header: principal, correlation id, deadline, trace, client."""
    principal = ctx.principal
    wire = _WireContext(
        correlation_id=ctx.correlation_id,
        deadline=ctx.deadline,
        traceparent=ctx.traceparent,
        client_address=ctx.client_address,
    )
    if principal is not None:
        wire.subject = principal.subject
        wire.roles = principal.roles
        wire.scheme = principal.scheme
        wire.session_id = principal.session_id
        wire.api_key_id = principal.api_key_id
    return {CONTEXT: _context_encoder.encode(wire).decode()}


def context_from_headers(headers: Mapping[str, str] | None) -> CallContext:
    """Rebuild the caller's context; a malformed header is a 400, never a crash."""
    raw = (headers or {}).get(CONTEXT)
    if raw is None:
        return CallContext(correlation_id=new_correlation_id())
    try:
        wire = _context_decoder.decode(raw)
    except msgspec.DecodeError:
        raise ServiceError("the call context header is malformed", status=400) from None
    principal = None
    if wire.subject is not None:
        principal = Principal(
            subject=wire.subject,
            roles=wire.roles,
            scheme=wire.scheme,
            session_id=wire.session_id,
            api_key_id=wire.api_key_id,
        )
    return CallContext(
        correlation_id=wire.correlation_id,
        principal=principal,
        deadline=wire.deadline,
        client_address=wire.client_address,
        traceparent=wire.traceparent,
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
