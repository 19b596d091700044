"""The roles that changed recently, which every credential verifier keeps in memory."""

from __future__ import annotations

import time

__all__ = ["CurrentRoles"]


class CurrentRoles:
    """A user's role now, for users whose role changed while their older tokens may still be alive.

    A token carries the role it was issued with; until every token issued before the change has
    expired (``forget_after``), the role here wins. Checking is one dict lookup.

    >>> roles = CurrentRoles()
    >>> roles.set("u1", "admin", time.time() + 60)
    >>> roles.role_of("u1"), roles.role_of("u2")
    ('admin', None)
    """

    def __init__(self) -> None:
        self._roles: dict[str, tuple[str, float]] = {}

    def __len__(self) -> int:
        return len(self._roles)

    def role_of(self, user_id: str) -> str | None:
        """The role ``user_id`` has now, when it changed recently; None otherwise."""
        entry = self._roles.get(user_id)
        if entry is None or time.time() >= entry[1]:
            return None
        return entry[0]

    def set(self, user_id: str, role: str, forget_after: float) -> None:
        """Record ``role`` for ``user_id`` until ``forget_after``; the later change wins."""
        if forget_after <= time.time():
            return
        current = self._roles.get(user_id)
        if current is None or forget_after >= current[1]:
            self._roles[user_id] = (role, forget_after)

    def prune(self) -> None:
        """Drop the entries no token issued before their change can outlive."""
        now = time.time()
        self._roles = {user: entry for user, entry in self._roles.items() if entry[1] > now}
