"""The caller's recommendations in the plugin's table: stored per analysis, paged, dismissed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import msgspec

from framework import NotFound, keyset_page, utc, utcnow
from generated.guidance.models import (
    PageInfo,
    Priority,
    Recommendation,
    RecommendationInput,
    RecommendationPage,
    RecommendationStatus,
    RecommendationStatusFilter,
)
from plugins.guidance.rules import Finding
from plugins.guidance.tables import RecommendationRow

__all__ = ["dismiss", "page", "replace"]

_ORDER = {"high": 0, "medium": 1, "low": 2}


def _describe(row: dict[str, Any]) -> Recommendation:
    return Recommendation(
        id=row["id"],
        analysis_id=row["analysis_id"],
        rule_id=row["rule_id"],
        rule_version=row["rule_version"],
        category=row["category"],
        priority=Priority(row["priority"]),
        subject=row["subject"],
        message=row["message"],
        inputs=msgspec.json.decode(row["inputs"], type=list[RecommendationInput]),
        status=RecommendationStatus(row["status"]),
        created_at=utc(row["created_at"]),
        dismissed_at=utc(row["dismissed_at"]) if row["dismissed_at"] is not None else None,
    )


def _row(owner: uuid.UUID, analysis: uuid.UUID, finding: Finding, created_at: datetime) -> dict[str, Any]:
    inputs = [RecommendationInput(name=name, value=value) for name, value in finding.inputs]
    return {
        "id": uuid.uuid4(),
        "owner_id": owner,
        "analysis_id": analysis,
        "rule_id": finding.rule.id,
        "rule_version": finding.rule.version,
        "category": finding.rule.category,
        "priority": finding.rule.priority,
        "subject": finding.subject,
        "message": finding.message,
        "inputs": msgspec.json.encode(inputs).decode(),
        "status": RecommendationStatus.active.value,
        "created_at": created_at,
        "dismissed_at": None,
    }


async def replace(
    owner: uuid.UUID, analysis: uuid.UUID, findings: Sequence[Finding], now: datetime
) -> list[Recommendation]:
    """Store an analysis's findings, most urgent first; the owner's earlier active ones become superseded."""
    ranked = sorted(findings, key=lambda f: _ORDER[f.rule.priority])
    # A microsecond apart, most urgent newest: listing newest first keeps the analysis's order.
    rows = [_row(owner, analysis, f, now - timedelta(microseconds=i)) for i, f in enumerate(ranked)]
    async with RecommendationRow._meta.db.transaction():
        await (
            RecommendationRow.update({RecommendationRow.status: RecommendationStatus.superseded.value})
            .where(
                (RecommendationRow.owner_id == owner) & (RecommendationRow.status == RecommendationStatus.active.value)
            )
            .run()
        )
        if rows:
            await RecommendationRow.insert(*[RecommendationRow(**row) for row in rows]).run()
    return [_describe(row) for row in rows]


async def page(
    owner: uuid.UUID, status: RecommendationStatusFilter, *, limit: int, cursor: str | None
) -> RecommendationPage:
    """One page of the owner's recommendations, newest first, in ``status`` unless ``any``."""
    query = RecommendationRow.select().where(RecommendationRow.owner_id == owner)
    if status != RecommendationStatusFilter.any:
        query = query.where(RecommendationRow.status == status.value)
    rows, next_cursor = await keyset_page(
        query, RecommendationRow.created_at, RecommendationRow.id, limit=limit, cursor=cursor
    )
    return RecommendationPage(items=[_describe(r) for r in rows], page=PageInfo(limit=limit, next_cursor=next_cursor))


async def dismiss(owner: uuid.UUID, recommendation_id: uuid.UUID) -> Recommendation:
    """Mark the owner's recommendation dismissed; once dismissed it stays as it was (the first time kept)."""
    mine = (RecommendationRow.id == recommendation_id) & (RecommendationRow.owner_id == owner)
    dismissed = RecommendationStatus.dismissed.value
    await (
        RecommendationRow.update({RecommendationRow.status: dismissed, RecommendationRow.dismissed_at: utcnow()})
        .where(mine & (RecommendationRow.status != dismissed))
        .run()
    )
    row: dict[str, Any] | None = await RecommendationRow.select().where(mine).first().run()
    if row is None:  # the same answer whether it does not exist or is not the caller's
        raise NotFound("no such recommendation")
    return _describe(row)
