"""The notifications Plugin object, registered in the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

import httpx

from framework import JOB_FINISHED, JOB_PROGRESS, Plugin, PluginContext
from generated.auth import CONTRACT as AUTH
from generated.notifications import CONTRACT
from plugins.notifications.channels import Channel, LoggingChannel
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.delivery import Deliverer, delivery_kind, delivery_limits
from plugins.notifications.fanout import Fanout, send_kind, send_limits
from plugins.notifications.live import LIVE_EVENTS_CONSUMED, LiveEventRow, LiveFeed
from plugins.notifications.mail import EmailChannel
from plugins.notifications.preferences import PreferenceStore
from plugins.notifications.recipients import Recipients
from plugins.notifications.service import NotificationsServiceImpl
from plugins.notifications.subscriptions import CONSUMES, EventNotices
from plugins.notifications.tables import TABLES
from plugins.notifications.webhook import WebhookChannel

__all__ = ["plugin"]


async def _create(ctx: PluginContext[NotificationsConfig]) -> NotificationsServiceImpl:
    config = ctx.config
    recipients = Recipients(ctx.service(AUTH))
    preferences = PreferenceStore()
    # Redirects are never followed: a redirect could lead a webhook to an address the check refused.
    client = httpx.AsyncClient(follow_redirects=False, timeout=config.webhook_timeout_seconds)
    email = EmailChannel(config, recipients, ctx.logger)
    channels: dict[str, Channel] = {
        "email": email,
        "webhook": WebhookChannel(config, client),
        "sms": LoggingChannel("sms", ctx.logger),
        "push": LoggingChannel("push", ctx.logger),
    }
    deliveries = ctx.jobs(delivery_kind(Deliverer(channels, config)), delivery_limits(config))
    fanout = Fanout(config, preferences, recipients, lambda: deliveries)
    sends = ctx.jobs(send_kind(fanout), send_limits(config))
    EventNotices(config, sends, recipients).subscribe(ctx)
    ctx.logger.info("%s; sms and push: logging backends", email.describe())
    if config.allow_private_webhook_targets:
        ctx.logger.warning("allow_private_webhook_targets = true: webhooks may reach private and loopback addresses")
    ctx.on_stop(client.aclose)
    # Live stream: the feed stores items and serves streams; every plugin's jobs and every in-app notification feed it.
    live = LiveFeed(config, ctx.database, ctx.events)
    ctx.subscribe(JOB_PROGRESS, live.job_progress)
    ctx.subscribe(JOB_FINISHED, live.job_finished)
    ctx.on_start(live.start)
    ctx.on_stop(live.stop)

    fanout.listeners.append(live.notifications)
    return NotificationsServiceImpl(config, sends, deliveries, preferences, live)


plugin = Plugin(
    name="notifications",
    contract=CONTRACT,
    config_type=NotificationsConfig,
    create_service=_create,
    tables=[*TABLES, LiveEventRow],
    calls=(AUTH,),
    consumes=(*CONSUMES, *LIVE_EVENTS_CONSUMED),
    description="Notifications in-app, by email, signed webhooks, SMS and push, per preferences; a live stream.",
)
