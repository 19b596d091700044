"""The context every service call carries: who is calling, which request, until when."""

from __future__ import annotations

import re
import time
import uuid
from contextvars import ContextVar

import msgspec

from framework._errors import Unauthorized

__all__ = [
    "CallContext",
    "Principal",
    "correlation_id_from",
    "current_correlation_id",
    "new_correlation_id",
    "require_user",
]

_correlation_id: ContextVar[str | None] = ContextVar("turnout_correlation_id", default=None)


def new_correlation_id() -> str:
    """Return a fresh correlation id (a UUID4 in hex)."""
    return uuid.uuid4().hex


_CORRELATION_OK = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def correlation_id_from(value: str | None) -> str:
    """Honour a caller's correlation id when it is safe to echo; otherwise make one."""
    if value is not None and _CORRELATION_OK.match(value):
        return value
    return new_correlation_id()


def current_correlation_id() -> str | None:
    """The correlation id of the request being handled in this task, if any."""
    return _correlation_id.get()


class Principal(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A verified caller: a user authenticated by an access token or an API key."""

    subject: str
    roles: tuple[str, ...] = ()
    scheme: str = "bearer"
    session_id: str | None = None
    api_key_id: str | None = None

    def has_any_role(self, required: tuple[str, ...]) -> bool:
        """True when the principal holds one of ``required``; ``admin`` holds every role."""
        if not required or "admin" in self.roles:
            return True
        return any(role in self.roles for role in required)


class CallContext(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What travels with a call: principal, correlation id, deadline and trace context.

    ``deadline`` is an absolute ``time.time()`` value, so it survives a process hop. Between
    processes it travels as its own JSON (defaults left out), decoded straight back into this type.
    """

    correlation_id: str
    principal: Principal | None = None
    deadline: float | None = None
    client_address: str | None = None
    traceparent: str | None = None

    def remaining(self) -> float | None:
        """Seconds left before the deadline, or None when there is none."""
        if self.deadline is None:
            return None
        return self.deadline - time.time()

    @classmethod
    def system(cls, *, timeout: float | None = None) -> CallContext:
        """A context for calls the platform makes itself (start-up, CLI, jobs)."""
        deadline = time.time() + timeout if timeout is not None else None
        return cls(correlation_id=new_correlation_id(), deadline=deadline)


def require_user(ctx: CallContext) -> tuple[uuid.UUID, bool]:
    """The calling user's id and whether they are an admin; 401 when the call carries no user."""
    if ctx.principal is None:
        raise Unauthorized("this operation needs an authenticated caller")
    try:
        return uuid.UUID(ctx.principal.subject), "admin" in ctx.principal.roles
    except ValueError:
        raise Unauthorized("the credentials do not name a user") from None
