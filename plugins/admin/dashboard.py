"""The dashboard: every plugin's health and instances, request and error rates, job queues, dead letters."""

from __future__ import annotations

import asyncio

from framework import CallContext, PlatformSystem, utcnow
from generated.admin.models import Dashboard, JobQueue, PluginStatus
from plugins.admin.dead_letters import DeadDeliveries
from plugins.admin.usage import PluginRates, UsageWindows

__all__ = ["AdminDashboard"]


class AdminDashboard:
    """getDashboard: asks every plugin at once, and sums the usage reports of the window."""

    def __init__(
        self, system: PlatformSystem, usage: UsageWindows, deliveries: DeadDeliveries, window_seconds: int
    ) -> None:
        self.system = system
        self.usage = usage
        self.deliveries = deliveries
        self.window_seconds = window_seconds

    async def get(self, ctx: CallContext) -> Dashboard:
        window = self.window_seconds
        health, queues, letters, rates, deliveries = await asyncio.gather(
            self.system.health(),
            self.system.job_queues(),
            self.system.dead_letters(),
            self.usage.rates(window),
            self.deliveries.list(ctx),
        )
        minutes = window / 60
        plugins = []
        for plugin in health:
            used = rates.get(plugin.plugin, PluginRates())
            plugins.append(
                PluginStatus(
                    plugin=plugin.plugin,
                    healthy=plugin.healthy,
                    instances=plugin.instances,
                    requests=used.requests,
                    errors=used.errors,
                    client_errors=used.client_errors,
                    requests_per_minute=round(used.requests / minutes, 3),
                    errors_per_minute=round(used.errors / minutes, 3),
                    jobs=[
                        JobQueue(kind=queue.kind, queued=queue.queued, running=queue.running)
                        for queue in queues
                        if queue.plugin == plugin.plugin
                    ],
                    dead_letters=sum(1 for letter in letters if letter.plugin == plugin.plugin),
                )
            )
        return Dashboard(
            generated_at=utcnow(),
            window_seconds=window,
            healthy=all(plugin.healthy for plugin in plugins),
            dead_letters=len(letters),
            dead_deliveries=None if deliveries is None else len(deliveries),
            plugins=plugins,
        )
