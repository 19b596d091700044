"""The admin plugin's own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.columns import UUID, BigInt, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from plugins.admin.usage import UsageReportRow

__all__ = ["TABLES", "ItemRow", "TierRow", "UserTierRow"]


class ItemRow(Table, tablename="items"):
    """One item, owned by the user who created it."""

    id = UUID(primary_key=True)
    owner_id = UUID(index=True)
    name = Varchar(length=200)
    note = Text()
    created_at = Timestamptz()


class TierRow(Table, tablename="tiers"):
    """A plan: the limits every user on it gets."""

    name = Varchar(length=40, primary_key=True)
    file_quota_bytes = BigInt()
    simulation_max_path_steps = BigInt()
    simulation_max_concurrent_jobs = Integer()
    requests_per_minute = Integer(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class UserTierRow(Table, tablename="user_tiers"):
    """The tier a user is on; a user with no row is on the default tier."""

    user_id = UUID(primary_key=True)
    tier = Varchar(length=40, index=True)
    updated_at = Timestamptz()


TABLES: list[type[Table]] = [ItemRow, UsageReportRow, TierRow, UserTierRow]
