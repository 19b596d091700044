"""The analytics plugin's own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.columns import UUID, BigInt, Date, DoublePrecision, Text, Timestamptz, Varchar
from piccolo.table import Table

__all__ = ["TABLES", "AssetRow", "AssetValueRow", "DailyTotalRow", "GenerationRow", "TransactionRow"]


class TransactionRow(Table, tablename="transactions"):
    """One transaction of a user; ``amount_cents`` keeps sums exact (positive = income)."""

    id = UUID(primary_key=True)
    owner_id = UUID()
    external_id = Varchar(length=200)
    date = Date()
    amount_cents = BigInt()
    description = Text()
    merchant = Varchar(length=200)
    category = Varchar(length=100)


class DailyTotalRow(Table, tablename="daily_totals"):
    """A user's income and expenses of one day, kept up to date by every import (cash flow reads these)."""

    id = UUID(primary_key=True)
    owner_id = UUID()
    day = Date()
    income_cents = BigInt()
    expenses_cents = BigInt()


class AssetRow(Table, tablename="assets"):
    """An asset or a liability of a user; its values over time are in AssetValueRow."""

    id = UUID(primary_key=True)
    owner_id = UUID(index=True)
    name = Varchar(length=200)
    kind = Varchar(length=16)
    category = Varchar(length=32)
    interest_rate = DoublePrecision(null=True, default=None)
    credit_limit = DoublePrecision(null=True, default=None)
    minimum_payment = DoublePrecision(null=True, default=None)
    created_at = Timestamptz()


class AssetValueRow(Table, tablename="asset_values"):
    """What an asset was worth (a liability owed) on a date; one row per asset and date."""

    id = UUID(primary_key=True)
    asset_id = UUID()
    owner_id = UUID()
    as_of = Date()
    value = DoublePrecision()


class GenerationRow(Table, tablename="generations"):
    """A user's data generation: bumped by every change, so every replica's cached metrics of theirs go stale."""

    owner_id = UUID(primary_key=True)
    generation = BigInt()


TABLES: list[type[Table]] = [TransactionRow, DailyTotalRow, AssetRow, AssetValueRow, GenerationRow]
