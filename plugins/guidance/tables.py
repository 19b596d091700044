"""The guidance plugin's own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.columns import UUID, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

__all__ = ["TABLES", "RecommendationRow"]


class RecommendationRow(Table, tablename="recommendations"):
    """One recommendation an analysis made for its owner, with the rule and figures behind it."""

    id = UUID(primary_key=True)
    owner_id = UUID(index=True)
    analysis_id = UUID()
    rule_id = Varchar(length=100)
    rule_version = Integer()
    category = Varchar(length=100)
    priority = Varchar(length=10)
    subject = Text(null=True, default=None)
    message = Text()
    inputs = Text()  # JSON [{name, value}]: the same text on SQLite and PostgreSQL
    status = Varchar(length=20, index=True)
    created_at = Timestamptz()
    dismissed_at = Timestamptz(null=True, default=None)


TABLES: list[type[Table]] = [RecommendationRow]
