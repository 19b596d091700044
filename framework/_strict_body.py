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

__all__ = ["StrictBodies"]


def _body_type(handler: Any) -> Any:
    parameter = handler.parsed_fn_signature.parameters.get("data")
    if parameter is None:
        return None
    annotation = parameter.annotation
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


class StrictBodies:
    """One app's check; it learns each route's body type (or that it has none) on the route's first request."""

    def __init__(self) -> None:
        self._types: dict[str, Any] = {}  # operation id -> the body type, or None without one

    def __call__(self, request: Request[Any, Any, Any]) -> None:
        """Raise BadRequest when the decoded JSON body holds its types only in lax mode."""
        handler: Any = request.scope.get("route_handler")
        operation_id = getattr(handler, "operation_id", None)
        if not isinstance(operation_id, str):
            return
        try:
            kind = self._types[operation_id]
        except KeyError:
            kind = self._types[operation_id] = _body_type(handler)
        if kind is None:
            return
        body = ScopeState.from_scope(request.scope).json
        if body is Empty:
            return
        try:
            msgspec.convert(body, kind, strict=True)
        except msgspec.ValidationError as error:
            check = request.app.state.get("turnout_body_check")
            violations = check.violations(operation_id, body) if check is not None else []
            query = request.scope.get("query_string", b"")
            target = request.url.path + (f"?{query.decode('latin-1')}" if query else "")
            detail = f"Validation failed for {request.method} {target}"  # as Litestar words its own refusals
            raise BadRequest(detail, errors=violations or [FieldError(message=str(error))]) from None
