"""A JSON body is held to its types exactly: ``"12"`` is no number, ``"true"`` no boolean.

Litestar converts a route's arguments in msgspec's lax mode, which query strings need but which
also lets a JSON body pass ``"12"`` where the contract says number. Once Litestar has decoded the
body, it is converted again strictly into the route's body type (a few microseconds); a refusal is
the same 400 problem, with every violation and its JSON pointer, as any other bad body.
"""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Any

import msgspec
from litestar.types import Empty
from litestar.utils.scope.state import ScopeState

from framework._errors import BadRequest, FieldError

if TYPE_CHECKING:
    from litestar import Request

__all__ = ["refuse_lax_body"]

_UNKNOWN = object()
_body_types: dict[int, Any] = {}  # id(route handler) -> its body type, or None without one


def _body_type(handler: Any) -> Any:
    parameter = handler.parsed_fn_signature.parameters.get("data")
    if parameter is None:
        return None
    annotation = parameter.annotation
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def refuse_lax_body(request: Request[Any, Any, Any]) -> None:
    """Raise BadRequest when the decoded JSON body holds its types only in lax mode."""
    handler: Any = request.scope.get("route_handler")
    kind = _body_types.get(id(handler), _UNKNOWN)
    if kind is _UNKNOWN:
        kind = _body_types[id(handler)] = _body_type(handler)
    if kind is None:
        return
    body = ScopeState.from_scope(request.scope).json
    if body is Empty:
        return
    try:
        msgspec.convert(body, kind, strict=True)
    except msgspec.ValidationError as error:
        check = request.app.state.get("turnout_body_check")
        violations = check.violations(handler.operation_id, body) if check is not None else []
        query = request.scope.get("query_string", b"")
        target = request.url.path + (f"?{query.decode('latin-1')}" if query else "")
        detail = f"Validation failed for {request.method} {target}"  # as Litestar words its own refusals
        raise BadRequest(detail, errors=violations or [FieldError(message=str(error))]) from None
