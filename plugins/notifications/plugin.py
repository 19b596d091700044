"""The notifications Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

from framework import JOB_FINISHED, JOB_PROGRESS, Plugin, PluginContext
from generated.notifications import CONTRACT
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.live import LIVE_EVENTS_CONSUMED, LiveEventRow, LiveFeed
from plugins.notifications.service import NotificationsServiceImpl
from plugins.notifications.tables import TABLES

__all__ = ["plugin"]


async def _create(ctx: PluginContext[NotificationsConfig]) -> NotificationsServiceImpl:
    service = NotificationsServiceImpl(ctx.config, ctx.events)
    # Live stream: the feed stores items and serves streams; every plugin's jobs feed it.
    service.live = LiveFeed(ctx.config, ctx.database, ctx.events)
    ctx.subscribe(JOB_PROGRESS, service.live.job_progress)
    ctx.subscribe(JOB_FINISHED, service.live.job_finished)
    ctx.on_start(service.live.start)
    ctx.on_stop(service.live.stop)
    return service


plugin = Plugin(
    name="notifications",
    contract=CONTRACT,
    config_type=NotificationsConfig,
    create_service=_create,
    tables=[*TABLES, LiveEventRow],
    consumes=LIVE_EVENTS_CONSUMED,
    description="Items each user keeps: created, listed, read and deleted by their owner.",
)
