"""Tiers: named plans whose limits (storage, simulation size and count, request rate) apply per user.

A user with no tier set is on the default tier (``[plugins.admin] default_tier``), created with the
configured default limits at first start. Every change publishes ``admin.action`` after it is made.
"""

from __future__ import annotations

import uuid
from typing import Any

from framework import (
    CallContext,
    Conflict,
    EventBus,
    FieldError,
    NotFound,
    UnprocessableContent,
    require_user,
    utcnow,
)
from generated.admin.events import ACTION
from generated.admin.models import (
    AdminAction,
    NewTier,
    Tier,
    TierLimits,
    TierList,
    UserLimits,
    UserTier,
    UserTierChange,
)
from plugins.admin.config import AdminConfig
from plugins.admin.tables import TierRow, UserTierRow

__all__ = ["Tiers"]

_LIMITS = ("file_quota_bytes", "simulation_max_path_steps", "simulation_max_concurrent_jobs", "requests_per_minute")


def _rate(value: object) -> int | None:
    return value if isinstance(value, int) else None  # UNSET (left out) is no limit, like null


def _limits_of(body: NewTier | TierLimits) -> dict[str, Any]:
    return {
        "file_quota_bytes": body.file_quota_bytes,
        "simulation_max_path_steps": body.simulation_max_path_steps,
        "simulation_max_concurrent_jobs": body.simulation_max_concurrent_jobs,
        "requests_per_minute": _rate(body.requests_per_minute),
    }


class Tiers:
    """The tiers and each user's tier, in admin's tables."""

    def __init__(self, config: AdminConfig, events: EventBus) -> None:
        self.config = config
        self.events = events

    def _describe(self, row: dict[str, Any]) -> Tier:
        return Tier(
            name=row["name"], **{k: row[k] for k in _LIMITS}, is_default=row["name"] == self.config.default_tier
        )

    async def _row(self, name: str) -> dict[str, Any]:
        row: dict[str, Any] | None = await TierRow.select().where(TierRow.name == name).first().run()
        if row is None:
            raise NotFound(f"no tier named {name!r}")
        return row

    async def _announce(self, ctx: CallContext, action: str, target: str, details: dict[str, Any]) -> None:
        actor, _ = require_user(ctx)
        event = AdminAction(actor_id=actor, action=action, target=target, details=details, at=utcnow())
        await self.events.publish(ACTION, event, ctx)

    async def seed_default(self) -> None:
        """Create the default tier with the configured limits unless it exists (an edited one is kept)."""
        now = utcnow()
        config = self.config
        row = TierRow(
            name=config.default_tier,
            file_quota_bytes=config.default_file_quota_bytes,
            simulation_max_path_steps=config.default_simulation_max_path_steps,
            simulation_max_concurrent_jobs=config.default_simulation_max_concurrent_jobs,
            requests_per_minute=config.default_requests_per_minute,
            created_at=now,
            updated_at=now,
        )
        await TierRow.insert(row).on_conflict(action="DO NOTHING").run()  # replicas may start together

    async def list(self) -> TierList:
        rows = await TierRow.select().order_by(TierRow.name).run()
        return TierList(items=[self._describe(r) for r in rows])

    async def get(self, name: str) -> Tier:
        return self._describe(await self._row(name))

    async def create(self, ctx: CallContext, body: NewTier) -> Tier:
        now = utcnow()
        row: dict[str, Any] = {"name": body.name, **_limits_of(body), "created_at": now, "updated_at": now}
        inserted = await TierRow.insert(TierRow(**row)).on_conflict(action="DO NOTHING").returning(TierRow.name).run()
        if not inserted:
            raise Conflict(f"a tier named {body.name!r} exists already")
        await self._announce(ctx, "tier.created", body.name, _limits_of(body))
        return self._describe(row)

    async def update(self, ctx: CallContext, name: str, body: TierLimits) -> Tier:
        previous = await self._row(name)
        limits = _limits_of(body)
        changes = {getattr(TierRow, k): v for k, v in limits.items()}
        updated = (
            await TierRow.update({**changes, TierRow.updated_at: utcnow()})
            .where(TierRow.name == name)
            .returning(*TierRow.all_columns())
            .run()
        )
        if not updated:  # deleted by a concurrent call meanwhile
            raise NotFound(f"no tier named {name!r}")
        await self._announce(ctx, "tier.updated", name, {"previous": {k: previous[k] for k in _LIMITS}, **limits})
        return self._describe(dict(updated[0]))

    async def delete(self, ctx: CallContext, name: str) -> None:
        await self._row(name)
        if name == self.config.default_tier:
            raise Conflict(f"{name!r} is the default tier (users with no tier are on it); it cannot be deleted")
        if await UserTierRow.exists().where(UserTierRow.tier == name).run():
            raise Conflict(f"some users are on tier {name!r}; move them to another tier first")
        # A user moved onto it meanwhile would keep a dangling name: their limits fall back to the default tier.
        deleted = await TierRow.delete().where(TierRow.name == name).returning(TierRow.name).run()
        if not deleted:
            raise NotFound(f"no tier named {name!r}")
        await self._announce(ctx, "tier.deleted", name, {})

    async def set_user_tier(self, ctx: CallContext, user_id: uuid.UUID, body: UserTierChange) -> UserTier:
        if not await TierRow.exists().where(TierRow.name == body.tier).run():
            raise UnprocessableContent(
                f"no tier named {body.tier!r}", errors=[FieldError(field="tier", message="not an existing tier")]
            )
        previous = await UserTierRow.select(UserTierRow.tier).where(UserTierRow.user_id == user_id).first().run()
        row = UserTierRow(user_id=user_id, tier=body.tier, updated_at=utcnow())
        await (
            UserTierRow.insert(row)
            .on_conflict(
                target=UserTierRow.user_id, action="DO UPDATE", values=[UserTierRow.tier, UserTierRow.updated_at]
            )
            .run()
        )
        before = previous["tier"] if previous is not None else self.config.default_tier
        await self._announce(ctx, "user.tier_changed", str(user_id), {"previous": before, "tier": body.tier})
        return UserTier(user_id=user_id, tier=body.tier)

    async def user_limits(self, user_id: uuid.UUID) -> UserLimits:
        """The limits of the user's tier; the default tier's when they have none (or theirs is gone)."""
        chosen = await UserTierRow.select(UserTierRow.tier).where(UserTierRow.user_id == user_id).first().run()
        names = [chosen["tier"]] if chosen is not None else []
        rows = await TierRow.select().where(TierRow.name.is_in([*names, self.config.default_tier])).run()
        by_name = {r["name"]: r for r in rows}
        row = next((by_name[n] for n in [*names, self.config.default_tier] if n in by_name), None)
        if row is None:  # the default tier is seeded at start; only a hand-edited database lacks it
            return self._configured_default()
        return UserLimits(tier=row["name"], **{k: row[k] for k in _LIMITS})

    def _configured_default(self) -> UserLimits:
        config = self.config
        return UserLimits(
            tier=config.default_tier,
            file_quota_bytes=config.default_file_quota_bytes,
            simulation_max_path_steps=config.default_simulation_max_path_steps,
            simulation_max_concurrent_jobs=config.default_simulation_max_concurrent_jobs,
            requests_per_minute=config.default_requests_per_minute,
        )
