"""Auth tests that bind auth's tables in this process: each starts from unbound table metadata."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from plugins.auth.tables import TABLES


@pytest.fixture(autouse=True)
def _tables_without_schema() -> Iterator[None]:
    """Binding to PostgreSQL sets a schema on auth's table classes, and binding to SQLite does not
    clear it; so that a SQLite test after a PostgreSQL one does not look for schema "auth", the
    schema is cleared around every test (binding sets it again where it belongs)."""
    for table in TABLES:
        table._meta.schema = None
    yield
    for table in TABLES:
        table._meta.schema = None
