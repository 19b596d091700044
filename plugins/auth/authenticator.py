"""Credential verification at the edge, through the AuthService interface.

It works the same whether auth is colocated (the implementation) or remote (a client over
NATS): JWTs are verified locally against the JWKS and the live revocation list, API keys are
resolved by auth.

The revocation list lives in this process's memory, so checking a token reads no database.
It is loaded from auth (``listRevokedSessions``) on start, again whenever the event bus may
have missed announcements (after a NATS reconnect), and on a slow timer as a last resort; in
between, every ``auth.sessions_revoked`` announcement is broadcast to every verifier process.
Role changes travel the same way (``auth.role_changed``, ``listRoleChanges``): a token issued
before a change acts with the user's role now, from their next request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import msgspec

from framework import BroadcastFeed, CallContext, EventBus, Principal, ServiceUnavailable
from generated.auth import AuthService
from generated.auth.events import ROLE_CHANGED, SESSIONS_REVOKED
from generated.auth.models import ResolveApiKeyRequest, RoleChanged, SessionsRevoked
from plugins.auth.revocations import RevocationList
from plugins.auth.roles import CurrentRoles
from plugins.auth.tokens import JwtVerifier

__all__ = ["AuthServiceAuthenticator"]

log = logging.getLogger("turnout.plugins.auth.authenticator")


class _NotListening:
    """Before ``start``: no feed, so no gap to report (and the list is not current anyway)."""

    def gap_pending(self) -> bool:
        return False


class AuthServiceAuthenticator:
    """An Authenticator backed by any AuthService, refusing tokens of revoked sessions."""

    def __init__(
        self,
        service: AuthService,
        *,
        issuer: str,
        audience: str,
        token_lifetime: float = 900.0,
        resync_interval: float = 60.0,
        ready_timeout: float = 2.0,
    ) -> None:
        self._service = service
        self._revoked = RevocationList()
        self._roles = CurrentRoles()
        # How long a token issued before a role change may live: auth's lifetime plus its margin.
        self._role_memory = token_lifetime + 60.0
        self._resync_interval = resync_interval
        self._ready_timeout = ready_timeout
        # Set while the list is known to be complete; cleared when announcements may have been missed.
        self._current = asyncio.Event()
        self._reload: asyncio.Task[None] | None = None
        self._timer: asyncio.Task[None] | None = None
        self._feed: BroadcastFeed = _NotListening()

        async def fetch_jwks() -> dict[str, Any]:
            jwks = await service.get_jwks(CallContext.system(timeout=5.0))
            result: dict[str, Any] = msgspec.to_builtins(jwks)
            return result

        self._jwt = JwtVerifier(fetch_jwks, issuer=issuer, audience=audience, revoked=self._revoked, roles=self._roles)

    async def start(self, events: EventBus) -> None:
        """Listen for revocations (subscribed first, so none falls between), then load the list."""
        self._feed = await events.broadcast(SESSIONS_REVOKED, self._announced, on_gap=self._missed)
        await events.broadcast(ROLE_CHANGED, self._role_changed)  # the same feed: one gap reloads both
        self._start_reload()
        self._timer = asyncio.create_task(self._resync_periodically())

    async def stop(self) -> None:
        for task in (self._timer, self._reload):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._timer = self._reload = None

    def ready(self) -> bool:
        """Whether the revocation list is loaded and no announcement may have been missed since."""
        return self._current.is_set() and not self._feed.gap_pending()

    async def _announced(self, ctx: CallContext, revoked: SessionsRevoked) -> None:
        forget_after = revoked.forget_after.timestamp()
        for session_id in revoked.session_ids:
            self._revoked.add(str(session_id), forget_after)

    async def _role_changed(self, ctx: CallContext, changed: RoleChanged) -> None:
        self._roles.set(str(changed.user_id), changed.role.value, changed.at.timestamp() + self._role_memory)

    async def _missed(self) -> None:
        # Announcements may have been lost while disconnected: hold bearer checks until reloaded,
        # and start over at once rather than after the backoff of tries made while it was down.
        self._current.clear()
        self._start_reload(restart=True)

    def _start_reload(self, *, restart: bool = False) -> None:
        if self._reload is not None and not self._reload.done():
            if not restart:
                return
            self._reload.cancel()
        self._reload = asyncio.create_task(self._reload_until_done())

    async def _reload_until_done(self) -> None:
        delay = 0.1
        failures = 0
        while True:
            try:
                await self.reload()
                if failures:
                    log.info("revocation list loaded after %d failed tries", failures)
                return
            except Exception as error:  # auth may be starting or unreachable: keep trying
                # one line per reload, not one per try: auth starting after the gateway is normal
                log.log(
                    logging.WARNING if failures == 0 else logging.DEBUG,
                    "cannot load the revocation list yet: %s",
                    error,
                )
                failures += 1
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def reload(self) -> None:
        """Add auth's live revocation list and recent role changes to those in memory."""
        listed = await self._service.list_revoked_sessions(CallContext.system(timeout=5.0))
        roles = await self._service.list_role_changes(CallContext.system(timeout=5.0))
        for item in listed.items:
            self._revoked.add(str(item.session_id), item.forget_after.timestamp())
        for change in roles.items:
            self._roles.set(str(change.user_id), change.role.value, change.forget_after.timestamp())
        self._revoked.prune()
        self._roles.prune()
        self._current.set()

    async def _resync_periodically(self) -> None:
        # A last resort for an announcement lost without a reconnect (e.g. auth failed to publish).
        while True:
            await asyncio.sleep(self._resync_interval)
            try:
                await self.reload()
            except Exception as error:  # the next round, or the next reconnect, tries again
                log.warning("revocation list resync failed: %s", error)

    async def authenticate_bearer(self, token: str) -> Principal:
        if not self._current.is_set() or self._feed.gap_pending():
            if self._feed.gap_pending():
                # Reconnected, and the bus has not said so yet: its reload starts within moments.
                self._current.clear()
            try:
                await asyncio.wait_for(self._current.wait(), self._ready_timeout)
            except TimeoutError:
                raise ServiceUnavailable(
                    "access tokens cannot be checked until the revocation list is loaded; try again shortly",
                    headers={"Retry-After": "1"},
                ) from None
        return await self._jwt.verify(token)

    async def authenticate_api_key(self, key: str) -> Principal:
        resolved = await self._service.resolve_api_key(
            CallContext.system(timeout=5.0), body=ResolveApiKeyRequest(key=key[:128])
        )
        return Principal(
            subject=resolved.subject,
            roles=(resolved.role.value,),
            scheme="api_key",
            api_key_id=str(resolved.api_key_id),
        )
