"""A user's assets and liabilities, and their values over time."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from framework import (
    CallContext,
    Conflict,
    FieldError,
    NotFound,
    UnprocessableContent,
    keyset_page,
    require_user,
    utc,
    utcnow,
)
from generated.analytics.models import (
    Asset,
    AssetCategory,
    AssetKind,
    AssetPage,
    AssetValue,
    NewAsset,
    NewAssetValue,
    PageInfo,
)
from plugins.analytics.dialect import Dialect
from plugins.analytics.networth import LIQUID, Holding, Holdings
from plugins.analytics.store import Store
from plugins.analytics.tables import AssetRow, AssetValueRow

__all__ = ["AssetLimitReached", "Assets"]

ASSET_CATEGORIES = LIQUID | {AssetCategory.investment, AssetCategory.property, AssetCategory.retirement}


class AssetLimitReached(Conflict):
    """The caller holds as many assets as ``max_assets_per_user`` allows."""

    type = "https://turnout.dev/problems/analytics-asset-limit"


def _optional(value: float | Any | None) -> float | None:
    return float(value) if isinstance(value, int | float) else None


class Assets:
    """Asset operations of the analytics service; every change bumps the owner's generation."""

    def __init__(self, store: Store, max_per_user: int) -> None:
        self.store = store
        self.dialect = store.dialect
        self.max_per_user = max_per_user
        self.values_table = store.database.table_name(AssetValueRow)

    async def _owned(self, owner: uuid.UUID, asset_id: uuid.UUID) -> dict[str, Any]:
        row: dict[str, Any] | None = (
            await AssetRow.select().where((AssetRow.id == asset_id) & (AssetRow.owner_id == owner)).first().run()
        )
        if row is None:  # the same answer whether it does not exist or is not the caller's
            raise NotFound("no such asset")
        return row

    async def _latest(self, asset_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[date, float]]:
        if not asset_ids:
            return {}
        marks = ", ".join(["{}"] * len(asset_ids))
        rows = await self.store.database.query(
            f"SELECT v.asset_id, v.as_of, v.value FROM {self.values_table} v"  # noqa: S608  # our table
            f" WHERE v.asset_id IN ({marks}) AND v.as_of ="
            f" (SELECT MAX(w.as_of) FROM {self.values_table} w WHERE w.asset_id = v.asset_id)",
            *asset_ids,
        )
        return {Dialect.to_uuid(r["asset_id"]): (Dialect.to_date(r["as_of"]), float(r["value"])) for r in rows}

    @staticmethod
    def _describe(row: dict[str, Any], latest: tuple[date, float] | None) -> Asset:
        return Asset(
            id=row["id"],
            name=row["name"],
            kind=AssetKind(row["kind"]),
            category=AssetCategory(row["category"]),
            interest_rate=row["interest_rate"],
            credit_limit=row["credit_limit"],
            minimum_payment=row["minimum_payment"],
            value=latest[1] if latest else None,
            as_of=latest[0] if latest else None,
            created_at=utc(row["created_at"]),
        )

    async def create(self, ctx: CallContext, body: NewAsset) -> Asset:
        owner, _ = require_user(ctx)
        if (body.category in ASSET_CATEGORIES) != (body.kind is AssetKind.asset):
            raise UnprocessableContent(
                f"{body.category.value} is not a kind of {body.kind.value}",
                errors=[FieldError(field="category", message=f"not a category of kind {body.kind.value}")],
            )
        # Checked before the insert: concurrent creates may pass the limit by a few, which is harmless here.
        if await AssetRow.count().where(AssetRow.owner_id == owner).run() >= self.max_per_user:
            raise AssetLimitReached(f"you hold {self.max_per_user} assets, the most allowed; delete one first")
        row: dict[str, Any] = {
            "id": uuid.uuid4(),
            "owner_id": owner,
            "name": body.name,
            "kind": body.kind.value,
            "category": body.category.value,
            "interest_rate": _optional(body.interest_rate),
            "credit_limit": _optional(body.credit_limit),
            "minimum_payment": _optional(body.minimum_payment),
            "created_at": utcnow(),
        }
        async with self.dialect.atomic():
            await AssetRow.insert(AssetRow(**row)).run()
            await self.store.bump(owner)
        return self._describe(row, None)

    async def list(self, ctx: CallContext, limit: int, cursor: str | None) -> AssetPage:
        owner, _ = require_user(ctx)
        query = AssetRow.select().where(AssetRow.owner_id == owner)
        rows, next_cursor = await keyset_page(query, AssetRow.created_at, AssetRow.id, limit=limit, cursor=cursor)
        latest = await self._latest([r["id"] for r in rows])
        items = [self._describe(r, latest.get(r["id"])) for r in rows]
        return AssetPage(items=items, page=PageInfo(limit=limit, next_cursor=next_cursor))

    async def get(self, ctx: CallContext, asset_id: uuid.UUID) -> Asset:
        owner, _ = require_user(ctx)
        row = await self._owned(owner, asset_id)
        return self._describe(row, (await self._latest([asset_id])).get(asset_id))

    async def delete(self, ctx: CallContext, asset_id: uuid.UUID) -> None:
        owner, _ = require_user(ctx)
        await self._owned(owner, asset_id)
        async with self.dialect.atomic():
            await AssetValueRow.delete().where(AssetValueRow.asset_id == asset_id).run()
            deleted = await AssetRow.delete().where(AssetRow.id == asset_id).returning(AssetRow.id).run()
            await self.store.bump(owner)
        if not deleted:  # deleted by a concurrent call meanwhile
            raise NotFound("no such asset")

    async def record(self, ctx: CallContext, asset_id: uuid.UUID, body: NewAssetValue) -> AssetValue:
        owner, _ = require_user(ctx)
        await self._owned(owner, asset_id)
        async with self.dialect.atomic():
            await self.store.database.query(
                f"INSERT INTO {self.values_table} (id, asset_id, owner_id, as_of, value)"  # noqa: S608
                " VALUES ({}, {}, {}, {}, {})"
                " ON CONFLICT (asset_id, as_of) DO UPDATE SET value = EXCLUDED.value",
                uuid.uuid4(),
                asset_id,
                owner,
                self.dialect.date_arg(body.as_of),
                float(body.value),
            )
            await self.store.bump(owner)
        return AssetValue(asset_id=asset_id, as_of=body.as_of, value=float(body.value))

    async def holdings(self, owner: uuid.UUID, until: date) -> Holdings:
        """Every asset of ``owner`` with its values recorded on or before ``until``."""
        assets: list[dict[str, Any]] = await AssetRow.select().where(AssetRow.owner_id == owner).run()
        rows = await self.store.database.query(
            f"SELECT asset_id, as_of, value FROM {self.values_table}"  # noqa: S608
            " WHERE owner_id = {} AND as_of <= {} ORDER BY as_of",
            owner,
            self.dialect.date_arg(until),
        )
        series: dict[uuid.UUID, list[tuple[date, float]]] = defaultdict(list)
        for r in rows:
            series[Dialect.to_uuid(r["asset_id"])].append((Dialect.to_date(r["as_of"]), float(r["value"])))
        items = tuple(
            Holding(
                id=a["id"],
                kind=AssetKind(a["kind"]),
                category=AssetCategory(a["category"]),
                credit_limit=a["credit_limit"],
                minimum_payment=a["minimum_payment"],
                days=tuple(d for d, _ in series[Dialect.to_uuid(a["id"])]),
                values=tuple(v for _, v in series[Dialect.to_uuid(a["id"])]),
            )
            for a in assets
        )
        return Holdings(items)
