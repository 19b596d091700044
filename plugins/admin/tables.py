"""The admin plugin's own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.columns import UUID, BigInt, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from plugins.admin.usage import UsageReportRow

__all__ = ["TABLES", "AuditEntryRow", "AuditHeadRow", "TierRow", "UserTierRow"]


class AuditEntryRow(Table, tablename="audit_entries"):
    """One audit entry; rows are only ever appended, each chained to the one before by its hash."""

    seq = BigInt(primary_key=True)
    at = Timestamptz(index=True)
    actor = UUID(null=True, default=None, index=True)
    action = Varchar(length=100, index=True)
    target = Varchar(length=254)
    details = Text()  # canonical JSON (keys sorted)
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64)
    # What makes a redelivered event a duplicate: the event's name and payload, hashed.
    dedup_key = Varchar(length=64, unique=True, index=True)


class AuditHeadRow(Table, tablename="audit_head"):
    """The chain's last entry, updated with each append: a removed last entry shows against it."""

    name = Varchar(length=16, primary_key=True)
    seq = BigInt()
    hash = Varchar(length=64)


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


TABLES: list[type[Table]] = [AuditEntryRow, AuditHeadRow, UsageReportRow, TierRow, UserTierRow]
