"""The small runtime that generated code calls: operation specs, contexts, transports.

Generated modules import only this module from the framework, so its surface is kept small
and stable; a change here is a change to every generated package.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from framework._context import CallContext, current_correlation_id, new_correlation_id
from framework._edge_auth import EdgeSettings, authenticate_request
from framework._events import Event
from framework._http_files import MultipartUpload, download_response, event_stream_response
from framework._query_null import refuse_literal_null
from framework._streams import Download, Upload
from framework._tracing import current_traceparent

if TYPE_CHECKING:
    from litestar import Request, Router

__all__ = [
    "GENERATOR_VERSION",
    "Binding",
    "CallContext",
    "Contract",
    "Download",
    "Event",
    "MultipartUpload",
    "Operation",
    "Param",
    "Transport",
    "Upload",
    "call_context",
    "download_response",
    "event_stream_response",
    "options_handler",
]

GENERATOR_VERSION = 3
"""Bumped when generated code changes shape; generated packages assert it on import."""

R = TypeVar("R")
S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class Param:
    """One argument of an operation: its Python name, where it travels, its wire name."""

    name: str
    location: str  # path | query | header | body | upload (a streamed file)
    wire_name: str


@dataclass(frozen=True, slots=True)
class Operation(Generic[R]):
    """Everything a transport needs to carry one operation, as the contract declares it."""

    service: str
    name: str
    operation_id: str
    method: str
    path: str
    status: int
    params: tuple[Param, ...]
    result: Any
    security: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    streaming: bool = False  # takes an Upload or returns a Download: its deadline is the transfer timeout


@dataclass(slots=True)
class Binding(Generic[S]):
    """The slot a router reads its service from; placement fills it at start-up."""

    name: str
    service: S = field(default=None)  # type: ignore[assignment]  # filled before serving


@dataclass(frozen=True, slots=True)
class Contract(Generic[S]):
    """A generated package: the service protocol, its router factory, client and operations."""

    name: str
    version: str
    service: object  # the Service Protocol class; typed by S through the other fields
    create_router: Callable[[Binding[S]], Router]
    client: Callable[[Transport], S]
    operations: Mapping[str, Operation[Any]]
    openapi_resource: str  # package-relative path of the bundled contract JSON
    package: str


class Transport(Protocol):
    """Carries an operation to wherever its service runs and returns the decoded result."""

    async def call(self, op: Operation[R], ctx: CallContext, args: dict[str, Any]) -> R: ...


async def call_context(request: Request[Any, Any, Any], op: Operation[Any]) -> CallContext:
    """Build the context of an HTTP request: verify credentials and roles, set the deadline."""
    edge: EdgeSettings = request.app.state.turnout_edge
    principal = await authenticate_request(edge, request, op)
    if (refusing := edge.null_refusing.get(op.operation_id)) is not None:
        refuse_literal_null(request.scope["query_string"], request.query_params, refusing)
    if edge.strict_body is not None:
        edge.strict_body(request)
    # The edge middleware has already resolved the client through [gateway] trusted_proxies.
    client = request.client
    return CallContext(
        correlation_id=current_correlation_id() or new_correlation_id(),
        principal=principal,
        deadline=time.time() + (edge.transfer_timeout if op.streaming else edge.request_timeout),
        client_address=client.host if client else None,
        traceparent=current_traceparent() or request.headers.get("traceparent"),  # the edge span, when tracing
    )


def options_handler(path: str, methods: tuple[str, ...]) -> Any:
    """An OPTIONS handler whose ``Allow`` lists every method the contract declares for ``path``.

    Registered before the operations of ``path``, so Litestar does not add its own, which lists
    only the methods of the first handler registered for a path.
    """
    from litestar import Response, route

    allow = ", ".join([*methods, "OPTIONS"])

    def options() -> Response[None]:
        return Response(None, status_code=204, headers={"Allow": allow})

    # Litestar reads the return type at registration; this module does not import Litestar at load time.
    options.__annotations__ = {"return": Response[None]}
    return route(path, http_method=["OPTIONS"], status_code=204, include_in_schema=False, sync_to_thread=False)(options)
