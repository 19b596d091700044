"""``turnout serve <service>``: one ``[services.<name>]`` group answering on NATS."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from framework._config import PlatformConfig
from framework._connect import connect_as
from framework._events import JetStreamBus
from framework._host import Host
from framework._loop import loop_name
from framework._micro import MicroServices
from framework._plugin import Plugin
from framework._system_nats import SystemResponder
from framework.transports._nats import NatsTransport

__all__ = ["run_service"]

log = logging.getLogger("turnout.service")


async def run_service(config: PlatformConfig, plugins: dict[str, Plugin[Any, Any]], service: str) -> None:
    """Host the group's plugins, answer for them on NATS, and call the others over NATS."""
    group = config.services[service].plugins
    nc = await connect_as(config, service)  # as its own identity: it may answer only for its plugins
    host = Host(config, plugins, local=set(group))
    micro = MicroServices(nc)
    system = SystemResponder(nc)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        transport = NatsTransport(
            nc,
            default_timeout=config.gateway.request_timeout_seconds,
            unavailable_wait=config.nats.unavailable_wait_seconds,
        )
        await host.start(transport, JetStreamBus(nc, config.events), nats=nc)
        for name in group:
            await system.add(host.systems[name])  # before its endpoints: answering means answering for both
            await micro.add(plugins[name], host.bindings[name].service)
        ready = {"service": service, "plugins": group, "nats": config.nats.url, "loop": loop_name(loop)}
        log.info("service ready", extra=ready)
        await stop.wait()
        log.info("service stopping", extra={"service": service})
    finally:
        await system.stop()
        await micro.stop()
        await host.stop()
        await nc.drain()
