"""Opaque keyset cursors: the sort key of the last item of a page, base64url-encoded JSON."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import UTC, datetime
from typing import Any

import msgspec

from framework._errors import BadRequest

__all__ = ["decode_cursor", "decode_time_cursor", "encode_cursor", "encode_time_cursor", "utc"]


def encode_cursor(*values: Any) -> str:
    """Encode the sort key of a page's last item."""
    return base64.urlsafe_b64encode(msgspec.json.encode(list(values))).rstrip(b"=").decode("ascii")


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    """Decode a cursor made by :func:`encode_cursor`; anything else is a 400."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = msgspec.json.decode(raw)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise BadRequest("the cursor is not one this service issued") from None
    if not isinstance(values, list) or len(values) != arity or not all(isinstance(v, str) for v in values):
        raise BadRequest("the cursor is not one this service issued")
    return values


def encode_time_cursor(created_at: datetime, row_id: uuid.UUID) -> str:
    """The cursor of a page ordered by (created_at, id), newest first."""
    return encode_cursor(utc(created_at).isoformat(), str(row_id))


# Every timestamp this service issues a cursor for lies well inside these bounds; a cursor
# outside them is forged, and its value could overflow when a database driver converts it.
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def decode_time_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The (created_at, id) sort key a page's cursor carries, in UTC; anything else is a 400.

    >>> decode_time_cursor(encode_time_cursor(datetime(2026, 1, 2, tzinfo=UTC), uuid.UUID(int=7)))[0].year
    2026
    """
    created, row_id = decode_cursor(cursor, 2)
    try:
        # astimezone overflows (OverflowError) for year 1 or 9999 with an offset: that is bad input too.
        after = utc(datetime.fromisoformat(created)).astimezone(UTC)
        after_id = uuid.UUID(row_id)
    except (ValueError, OverflowError):
        raise BadRequest("the cursor is not one this service issued") from None
    if not _EARLIEST <= after < _LATEST:
        raise BadRequest("the cursor is not one this service issued")
    return after, after_id


def utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime (SQLite hands timestamps back without a zone)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
