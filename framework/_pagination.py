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


def decode_time_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The (created_at, id) sort key a page's cursor carries; anything else is a 400."""
    created, row_id = decode_cursor(cursor, 2)
    try:
        return utc(datetime.fromisoformat(created)), uuid.UUID(row_id)
    except ValueError:
        raise BadRequest("the cursor is not one this service issued") from None


def utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime (SQLite hands timestamps back without a zone)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
