"""What a test plugin sees of its call's context, as its own generated ``SeenContext``."""

from __future__ import annotations

from typing import Any, TypeVar

from framework import CallContext

__all__ = ["seen_context"]

T = TypeVar("T")


def seen_context(ctx: CallContext, as_type: type[T]) -> T:
    """The correlation id, deadline and principal of ``ctx``, as ``as_type`` (probe's or target's ``SeenContext``)."""
    fields: dict[str, Any] = {"correlation_id": ctx.correlation_id, "deadline": ctx.deadline}
    principal = ctx.principal
    if principal is not None:
        fields |= {
            "subject": principal.subject,
            "roles": list(principal.roles),
            "scheme": principal.scheme,
            "session_id": principal.session_id,
            "api_key_id": principal.api_key_id,
        }
    return as_type(**fields)
