"""The one clock of the platform: aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["utc", "utcnow"]


def utcnow() -> datetime:
    """Now, as an aware UTC datetime: what every stored timestamp is."""
    return datetime.now(UTC)


def utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime (SQLite hands timestamps back without a zone)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
