"""The admin plugin's own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.columns import UUID, BigInt, Text, Timestamptz, Varchar
from piccolo.table import Table

__all__ = ["TABLES", "AuditEntryRow", "AuditHeadRow"]


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


TABLES: list[type[Table]] = [AuditEntryRow, AuditHeadRow]
