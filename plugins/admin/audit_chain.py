"""The audit log's hash chain: each entry's SHA-256 covers its canonical JSON and the hash before it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import msgspec

from framework import utc

__all__ = ["GENESIS", "ChainBreak", "ChainedEntry", "entry_hash", "first_break"]

GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry."""


class ChainedEntry(msgspec.Struct, frozen=True, kw_only=True):
    """An entry as it is hashed: every field but ``hash``, the time as UTC ISO text with microseconds."""

    seq: int
    at: str
    actor: str | None
    action: str
    target: str
    details: dict[str, Any]
    prev_hash: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> ChainedEntry:
        """The entry a stored row holds (``details`` as its JSON text)."""
        actor = row["actor"]
        return cls(
            seq=int(row["seq"]),
            at=canonical_time(row["at"]),
            actor=None if actor is None else str(actor),
            action=row["action"],
            target=row["target"],
            details=msgspec.json.decode(row["details"]),
            prev_hash=row["prev_hash"],
        )


def canonical_time(at: datetime) -> str:
    """``at`` in UTC, to the microsecond: the same text whichever database stored it."""
    return utc(at).isoformat(timespec="microseconds")


def entry_hash(entry: ChainedEntry) -> str:
    """SHA-256 (hex) of the entry's canonical JSON (keys sorted), which includes ``prev_hash``.

    >>> entry = ChainedEntry(seq=1, at="2026-01-02T03:04:05.000000+00:00", actor=None, action="a.b",
    ...                      target="t", details={"b": 1, "a": 2}, prev_hash=GENESIS)
    >>> entry_hash(entry) == entry_hash(msgspec.structs.replace(entry, details={"a": 2, "b": 1}))
    True
    """
    return hashlib.sha256(msgspec.json.encode(entry, order="sorted")).hexdigest()


class ChainBreak(msgspec.Struct, frozen=True):
    """The first entry that does not follow from the ones before: its seq, and why."""

    seq: int
    reason: str


def first_break(rows: Iterable[dict[str, Any]], head: tuple[int, str] | None) -> tuple[int, ChainBreak | None]:
    """Walk stored rows in seq order: how many there are, and the first break, if any.

    An edited row no longer hashes to its ``hash``; a removed one leaves a gap in ``seq`` (or, the
    last one, falls short of ``head``); an inserted one cannot take a used seq, and renumbering
    the rows after it changes what their hashes cover.
    """
    count, prev_hash, expected = 0, GENESIS, 1
    for row in rows:
        entry = ChainedEntry.of(row)
        count += 1
        if entry.seq != expected:
            return count, ChainBreak(expected, f"entry {expected} is missing (the next one is {entry.seq})")
        if entry.prev_hash != prev_hash:
            return count, ChainBreak(entry.seq, "its prev_hash is not the hash of the entry before")
        if entry_hash(entry) != row["hash"]:
            return count, ChainBreak(entry.seq, "its content does not match its hash")
        prev_hash, expected = row["hash"], expected + 1
    if head is not None and (head[0] != expected - 1 or head[1] != prev_hash):
        if head[0] >= expected:
            return count, ChainBreak(expected, f"entry {expected} is missing (the log had {head[0]} entries)")
        return count, ChainBreak(head[0], "the log's head does not match its last entry")
    return count, None
