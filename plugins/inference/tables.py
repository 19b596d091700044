"""The inference plugin's own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.table import Table

__all__ = ["TABLES"]

TABLES: list[type[Table]] = []
