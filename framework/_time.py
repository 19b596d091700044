"""The one clock of the platform: aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload

__all__ = ["utc", "utcnow"]


def utcnow() -> datetime:
    """Now, as an aware UTC datetime: what every stored timestamp is."""
    return datetime.now(UTC)


@overload
def utc(value: datetime) -> datetime: ...
@overload
def utc(value: None) -> None: ...
@overload
def utc(value: datetime | None) -> datetime | None: ...


def utc(value: datetime | None) -> datetime | None:
    """``value`` as an aware UTC datetime (SQLite hands timestamps back without a zone); None stays None."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
