"""Deliveries as a framework job kind: attempts with exponential backoff and jitter, then a dead letter.

Each attempt is a row (when, what came back, how long, when the next may be made), so a delivery
interrupted by a restart carries on with its next attempt at the time the backoff set; the job's
lease keeps two processes from attempting it at once.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import msgspec

from framework import utc, utcnow
from framework.jobs import JobKind, JobLimits, RunningJob
from plugins.notifications.channels import AttemptResult, Channel, DeliveryInputs
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.tables import AttemptRow, DeliveryRow

__all__ = ["DeliveryOutcome", "Deliverer", "backoff_seconds", "delivery_kind", "delivery_limits"]

LOGGER = "turnout.notifications"


class DeliveryOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """How a delivery ended: delivered, dead (every attempt failed) or dropped (nowhere to deliver to)."""

    outcome: str
    error: str | None = None


def backoff_seconds(failed: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """The pause after ``failed`` failed attempts: base x 2^(failed-1), at most ``cap``, jittered to 50-100%."""
    full = min(cap, base * 2.0 ** max(failed - 1, 0))
    jitter: float = (rng or random).uniform(0.0, full / 2)
    return full / 2 + jitter


class Deliverer:
    """Runs one delivery job: its remaining attempts on its channel."""

    def __init__(self, channels: Mapping[str, Channel], config: NotificationsConfig) -> None:
        self.channels = channels
        self.config = config

    def max_attempts(self, channel: str) -> int:
        """Attempts before a delivery on ``channel`` is dead-lettered."""
        return self.config.webhook_max_attempts if channel == "webhook" else self.config.delivery_max_attempts

    async def run(self, job: RunningJob[DeliveryInputs]) -> DeliveryOutcome:
        """Attempt until delivered, given up, or out of attempts; picks up where an earlier run stopped."""
        inputs = job.inputs
        channel = self.channels.get(inputs.channel)
        if channel is None:
            return DeliveryOutcome(outcome="dead", error=f"no channel {inputs.channel!r} here")
        row: dict[str, Any] | None = (
            await DeliveryRow.select(DeliveryRow.round).where(DeliveryRow.id == job.id).first().run()
        )
        current_round = int(row["round"]) if row is not None else 1
        earlier: list[dict[str, Any]] = (
            await AttemptRow.select().where(AttemptRow.delivery_id == job.id).order_by(AttemptRow.number).run()
        )
        mine = [a for a in earlier if a["round"] == current_round]
        if mine and mine[-1]["succeeded"]:  # delivered just before a restart, not yet recorded as such
            return DeliveryOutcome(outcome="delivered")
        number = len(earlier)
        last_error = mine[-1]["error"] if mine else None
        next_at = utc(mine[-1]["next_at"]) if mine else None
        for made in range(len(mine), self.max_attempts(inputs.channel)):
            if next_at is not None:
                await asyncio.sleep(max(0.0, (next_at - utcnow()).total_seconds()))
            started, at = time.perf_counter(), utcnow()
            result = await channel.deliver(job.id, inputs)
            number += 1
            final = result.succeeded or result.give_up is not None or made + 1 >= self.max_attempts(inputs.channel)
            pause = backoff_seconds(
                made + 1, self.config.webhook_backoff_seconds, self.config.webhook_max_backoff_seconds
            )
            next_at = None if final else utcnow() + timedelta(seconds=pause)
            await self._record(job.id, inputs, current_round, number, at, started, result, next_at)
            if result.succeeded:
                return DeliveryOutcome(outcome="delivered")
            last_error = result.error
            if result.give_up is not None:
                return DeliveryOutcome(outcome=result.give_up, error=result.error)
        return DeliveryOutcome(outcome="dead", error=last_error)

    async def _record(
        self,
        delivery_id: uuid.UUID,
        inputs: DeliveryInputs,
        current_round: int,
        number: int,
        at: Any,
        started: float,
        result: AttemptResult,
        next_at: Any,
    ) -> None:
        await AttemptRow.insert(
            AttemptRow(
                id=uuid.uuid4(),
                delivery_id=delivery_id,
                webhook_id=inputs.webhook_id,
                round=current_round,
                number=number,
                at=at,
                status_code=result.status_code,
                error=result.error,
                duration_ms=(time.perf_counter() - started) * 1000,
                succeeded=result.succeeded,
                next_at=next_at,
            )
        ).run()
        await (
            DeliveryRow.update({DeliveryRow.tries: number, DeliveryRow.last_error: result.error})
            .where(DeliveryRow.id == delivery_id)
            .run()
        )


def _outcome_columns(outcome: DeliveryOutcome) -> Mapping[str, Any]:
    return {"outcome": outcome.outcome, "last_error": outcome.error}


def _listed(inputs: DeliveryInputs) -> Mapping[str, Any]:
    return {"channel": inputs.channel, "kind": inputs.kind, "webhook_id": inputs.webhook_id}


def delivery_kind(deliverer: Deliverer) -> JobKind[DeliveryInputs, DeliveryOutcome]:
    """The delivery job kind; its owner is the recipient (so one user's dead endpoint holds few workers)."""
    return JobKind(
        name="notification_delivery",
        table=DeliveryRow,
        inputs=DeliveryInputs,
        result=DeliveryOutcome,
        run=deliverer.run,
        columns=_listed,
        result_columns=_outcome_columns,
        noun="notification delivery",
        logger_name=LOGGER,
    )


def delivery_limits(config: NotificationsConfig) -> JobLimits:
    """How deliveries run, from ``[plugins.notifications]``."""
    return JobLimits(
        workers=config.delivery_workers,
        lease_seconds=config.lease_seconds,
        poll_seconds=config.poll_seconds,
        max_queued_per_user=1_000_000,  # deliveries are made by sends, never refused one by one
        max_running_per_user=config.max_running_deliveries_per_user,
    )
