"""Keyset pagination: pages ordered by (created_at, id), with opaque cursors (base64url JSON of the last sort key)."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import UTC, datetime
from typing import Any

import msgspec
from piccolo.columns import Column
from piccolo.query import Select

from framework._errors import BadRequest
from framework._time import utc

__all__ = ["decode_cursor", "decode_time_cursor", "encode_cursor", "encode_time_cursor", "keyset_page"]


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


async def keyset_page(
    query: Select[Any],
    created_at: Column,
    row_id: Column,
    *,
    limit: int,
    cursor: str | None,
    newest_first: bool = True,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of ``query`` ordered by (``created_at``, ``row_id``), and the cursor of the next page.

    The cursor carries the last row's sort key, so a page never repeats or skips a row when rows
    are added meanwhile; a cursor this function did not issue is a 400.
    """
    if cursor is not None:
        after, after_id = decode_time_cursor(cursor)
        if newest_first:
            query = query.where((created_at < after) | ((created_at == after) & (row_id < after_id)))
        else:
            query = query.where((created_at > after) | ((created_at == after) & (row_id > after_id)))
    rows: list[dict[str, Any]] = (
        await query.order_by(created_at, row_id, ascending=not newest_first).limit(limit + 1).run()
    )
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode_time_cursor(last[created_at._meta.name], last[row_id._meta.name])
