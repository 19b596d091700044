"""What the edge needs from the plugin that verifies credentials (the auth plugin provides it)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from framework._context import Principal
from framework._events import EventBus

__all__ = ["ApiKeyResolver", "Authenticator", "LiveAuthenticator"]

ApiKeyResolver = Callable[[str], Awaitable[Principal | None]]


class Authenticator(Protocol):
    """Turns a bearer token or an API key into a verified Principal, or raises Unauthorized."""

    async def authenticate_bearer(self, token: str) -> Principal: ...

    async def authenticate_api_key(self, key: str) -> Principal: ...


@runtime_checkable
class LiveAuthenticator(Protocol):
    """An Authenticator that keeps state fed by events (a revocation list): the host starts and stops it.

    ``start`` runs once the process's plugins have started, with the process's event bus.
    """

    async def start(self, events: EventBus) -> None: ...

    async def stop(self) -> None: ...

    def ready(self) -> bool:
        """Whether its state is complete, so credentials can be checked now."""
        ...
