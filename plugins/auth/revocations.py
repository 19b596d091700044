"""The live list of revoked sessions every credential verifier keeps in memory."""

from __future__ import annotations

import time

__all__ = ["RevocationList"]


class RevocationList:
    """Session ids whose access tokens are refused, each until the moment it can be forgotten.

    Checking a token is one dict lookup. Entries only ever get added (a revoked session stays
    revoked) and are dropped once every token they cover has expired anyway.

    >>> revoked = RevocationList()
    >>> revoked.add("s1", time.time() + 60)
    >>> revoked.is_revoked("s1"), revoked.is_revoked("s2")
    (True, False)
    """

    def __init__(self, *, prune_every: int = 1024) -> None:
        self._forget_after: dict[str, float] = {}
        self._prune_every = prune_every
        self._adds_since_prune = 0

    def is_revoked(self, session_id: str) -> bool:
        """Whether access tokens of ``session_id`` are refused now."""
        forget_after = self._forget_after.get(session_id)
        return forget_after is not None and time.time() < forget_after

    def __len__(self) -> int:
        return len(self._forget_after)

    def add(self, session_id: str, forget_after: float) -> None:
        """Refuse ``session_id`` until ``forget_after`` (epoch seconds); a later time wins."""
        if forget_after <= time.time():
            return
        if forget_after > self._forget_after.get(session_id, 0.0):
            self._forget_after[session_id] = forget_after
        self._adds_since_prune += 1
        if self._adds_since_prune >= self._prune_every:
            self.prune()

    def prune(self) -> None:
        """Drop the entries whose tokens have all expired."""
        now = time.time()
        self._forget_after = {sid: until for sid, until in self._forget_after.items() if until > now}
        self._adds_since_prune = 0
