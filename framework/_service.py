"""``turnout serve <service>``: one ``[services.<name>]`` group answering on NATS."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from framework._config import PlatformConfig
from framework._connect import connect_as
from framework._errors import ConfigError
from framework._events import JetStreamBus
from framework._host import Host
from framework._loop import loop_name
from framework._metrics import configure_metrics, metrics_token
from framework._metrics_server import MetricsListener
from framework._micro import MicroServices
from framework._plugin import Plugin
from framework._system_nats import SystemResponder
from framework.transports._nats import NatsTransport

__all__ = ["run_service"]

log = logging.getLogger("turnout.service")


async def run_service(
    config: PlatformConfig, plugins: dict[str, Plugin[Any, Any]], service: str, *, metrics_listen: str | None = None
) -> None:
    """Host the group's plugins, answer for them on NATS, and call the others over NATS.

    With metrics on, /metrics is served on ``metrics_listen`` (default ``[metrics] listen``) and its
    URL announced in the micro services' metadata as ``turnout.metrics``.
    """
    group = config.services[service].plugins
    metrics = configure_metrics(config, "service", service)  # before the host: its parts keep what they find
    listener = None
    if metrics is not None:
        listen = metrics_listen or config.metrics.listen
        try:
            listener = MetricsListener(metrics, listen, asyncio.get_running_loop(), metrics_token(config))
        except OSError as error:  # the port is taken, or the address is not this machine's
            raise ConfigError(config.source, "metrics.listen", f"cannot listen on {listen}: {error.strerror}") from None
    nc = await connect_as(config, service)  # as its own identity: it may answer only for its plugins
    host = Host(config, plugins, local=set(group))
    micro = MicroServices(nc, metadata={"turnout.metrics": listener.start()} if listener is not None else None)
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
        if listener is not None:
            ready["metrics"] = listener.url
        log.info("service ready", extra=ready)
        await stop.wait()
        log.info("service stopping", extra={"service": service})
    finally:
        await system.stop()
        await micro.stop()
        await host.stop()
        await nc.drain()
        if listener is not None:
            listener.stop()
