"""The admin plugin's own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.columns import UUID, Text, Timestamptz, Varchar
from piccolo.table import Table

from plugins.admin.usage import UsageReportRow

__all__ = ["TABLES", "ItemRow"]


class ItemRow(Table, tablename="items"):
    """One item, owned by the user who created it."""

    id = UUID(primary_key=True)
    owner_id = UUID(index=True)
    name = Varchar(length=200)
    note = Text()
    created_at = Timestamptz()


TABLES: list[type[Table]] = [ItemRow, UsageReportRow]
