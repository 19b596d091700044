"""The events analytics' usage statistics consume, as its message pacts expect them, and a database to count them in."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from pact import Pact, match

from framework import CallContext, Principal
from framework._db import PluginDatabase, open_plugin_database
from generated.analytics.models import Usage
from plugins.analytics.usage_query import read_usage
from plugins.analytics.usage_tables import USAGE_TABLES

__all__ = ["EXAMPLE_DAY", "TIMESTAMP_PATTERN", "body_bytes", "expect_event", "timestamp", "usage_database", "usage_on"]

TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
EXAMPLE_DAY = date(2026, 3, 14)
_ADMIN = CallContext(correlation_id="pact", principal=Principal(subject=str(uuid.uuid4()), roles=("admin",)))


def timestamp(example: str = "2026-03-14T09:26:53Z") -> Any:
    """An RFC 3339 time as msgspec writes it (UTC, ``Z``), shown as ``example``."""
    return match.regex(example, regex=TIMESTAMP_PATTERN)


def expect_event(pact: Pact, event: str, body: dict[str, Any]) -> None:
    """A message interaction: the consumer handles ``event`` with ``body`` (JSON)."""
    pact.upon_receiving(f"a {event} event", "Async").with_body(body, "application/json")


def body_bytes(body: object) -> bytes:
    """A message's body as the bus hands it over (pact gives bytes, or its own string type)."""
    return body if isinstance(body, bytes) else str(body).encode()


@asynccontextmanager
async def usage_database(workdir: Path) -> AsyncIterator[PluginDatabase]:
    """Analytics' usage tables on a SQLite file of their own."""
    database = await open_plugin_database(f"sqlite:///{workdir / 'var'}", "analytics", workdir / "var")
    database.bind(USAGE_TABLES)
    await database.migrate(USAGE_TABLES, [])
    try:
        yield database
    finally:
        await database.close()


async def usage_on(database: PluginDatabase, day: date = EXAMPLE_DAY) -> Usage:
    """getUsage for ``day``, as an admin asks for it."""
    return await read_usage(database, _ADMIN, start=day, end=day)
