"""An in-process cache of metrics answers, each tagged with the owner's data generation when computed."""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["GenerationCache"]

V = TypeVar("V")


class GenerationCache(Generic[V]):
    """Least-recently-used entries per (owner, query), valid for ``ttl`` seconds and one generation.

    The generation lives in the database and every change bumps it, so an entry computed before a
    change is never answered after it, in this process or any other replica.
    """

    def __init__(self, ttl: float, max_entries: int) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[uuid.UUID, Hashable], tuple[int, float, V]] = OrderedDict()

    def get(self, owner: uuid.UUID, query: Hashable, generation: int) -> V | None:
        key = (owner, query)
        entry = self._entries.get(key)
        if entry is None:
            return None
        stored_generation, stored_at, value = entry
        if stored_generation != generation or time.monotonic() - stored_at > self.ttl:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, owner: uuid.UUID, query: Hashable, generation: int, value: V) -> None:
        if self.max_entries == 0 or self.ttl == 0:
            return
        key = (owner, query)
        self._entries[key] = (generation, time.monotonic(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
