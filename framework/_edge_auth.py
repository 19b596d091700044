"""Who calls a generated route: credentials and roles checked at the HTTP edge, before any service runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from framework._context import Principal
from framework._errors import ServiceError, Unauthorized
from framework._usage import SUBJECT_SCOPE_KEY

if TYPE_CHECKING:
    from litestar import Request

    from framework._rate_policy import PrincipalRateLimit
    from framework._security import Authenticator
    from framework.runtime import Operation

__all__ = ["EdgeSettings", "authenticate_request"]

# Sent with every 401, so a client knows which scheme to retry with (RFC 9110, section 11.6.1).
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="turnout"'}


@dataclass(slots=True)
class EdgeSettings:
    """What the HTTP edge needs per request; kept on ``app.state.turnout_edge``."""

    authenticator: Authenticator | None = None
    request_timeout: float = 10.0
    transfer_timeout: float = 3600.0  # for operations that stream a file in or out
    # Per operation id, the query parameters where the text "null" is not a value (framework._query_null).
    null_refusing: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Refuses a JSON body that holds its types only in lax mode (framework._strict_body); set by the app.
    strict_body: Callable[[Request[Any, Any, Any]], None] | None = None
    # Each verified caller's request budget, when a plugin provides a rate policy (framework._rate_policy).
    rate_limit: PrincipalRateLimit | None = None


async def _verify(edge: EdgeSettings, request: Request[Any, Any, Any], op: Operation[Any]) -> Principal:
    """The principal of the first credential ``op`` accepts: a bearer token, else an API key."""
    if edge.authenticator is None:
        raise ServiceError("no plugin verifies credentials on this platform", status=503)
    headers = request.headers
    authorization = headers.get("authorization")
    api_key = headers.get("x-api-key")
    if authorization is not None and "bearer" in op.security:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("the Authorization header must be 'Bearer <token>'")
        return await edge.authenticator.authenticate_bearer(token.strip())
    if api_key is not None and "api_key" in op.security:
        return await edge.authenticator.authenticate_api_key(api_key)
    accepted = " or ".join("a bearer token" if s == "bearer" else "an X-API-Key header" for s in op.security)
    raise Unauthorized(f"this operation needs {accepted}")


async def authenticate_request(
    edge: EdgeSettings, request: Request[Any, Any, Any], op: Operation[Any]
) -> Principal | None:
    """The verified caller of ``op``, or None when ``op`` is open; 401 (with a challenge) or 403 otherwise."""
    if not op.security:
        return None
    try:
        principal = await _verify(edge, request, op)
    except ServiceError as error:
        # Also for a 401 raised by a remote verifier, which arrives as a plain ServiceError.
        if error.status == 401:
            error.headers.update(_CHALLENGE)
        raise
    # Seen by the usage counts as an active user, whether or not the operation admits it.
    cast(dict[str, Any], request.scope)[SUBJECT_SCOPE_KEY] = principal.subject
    if not principal.has_any_role(op.roles):
        raise ServiceError(f"this operation needs the role {' or '.join(op.roles)}", status=403)
    if edge.rate_limit is not None:
        await edge.rate_limit.check(principal)
    return principal
