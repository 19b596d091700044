"""The plugins of one process, each bound to its implementation, with their lifecycle."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from framework._config import PlatformConfig, decode_plugin_config
from framework._db import PluginDatabase, open_plugin_database
from framework._dead_letter_replay import DeadLetterReplayer
from framework._dead_letters import DeadLetterStore, framework_migrations
from framework._delivery import DeliveryPolicy
from framework._dependencies import start_order
from framework._errors import ConfigError
from framework._events import EventBus, JetStreamBus, LocalBus
from framework._metrics import enabled_metrics
from framework._plugin import Placement, Plugin, PluginContext
from framework._rate_policy import RatePolicy
from framework._security import Authenticator, LiveAuthenticator
from framework._settings import RuntimeSettings, changeable_fields, settings_migrations
from framework._system import LocalPluginSystem, PlatformSystem, PluginSystem
from framework._tracing import traced_transport
from framework.runtime import Binding, Transport

if TYPE_CHECKING:
    from nats.aio.client import Client

__all__ = ["Host"]

log = logging.getLogger("turnout.host")


class Host:
    """Opens each plugin's database, applies its migrations, builds and starts its service.

    Plugin configs are decoded in the constructor, so a bad section fails before anything runs.
    """

    def __init__(
        self, config: PlatformConfig, plugins: dict[str, Plugin[Any, Any]], *, local: set[str] | None = None
    ) -> None:
        self.config = config
        self.plugins = plugins
        # Placement: local plugins are bound to their implementation, the rest to a client.
        self.local = set(plugins) if local is None else set(local)
        self.transport: Transport | None = None
        self.events: EventBus = LocalBus(config.events)
        self.plugin_configs = {name: decode_plugin_config(config, name, p.config_type) for name, p in plugins.items()}
        verifiers = [name for name, plugin in plugins.items() if plugin.authenticator is not None]
        if len(verifiers) > 1:
            message = f"plugins {' and '.join(map(repr, verifiers))} both verify credentials; enable only one"
            raise ConfigError(config.source, "platform.plugins", message)
        limiters = [name for name, plugin in plugins.items() if plugin.rate_policy is not None]
        if len(limiters) > 1:
            message = f"plugins {' and '.join(map(repr, limiters))} both set request rates; enable only one"
            raise ConfigError(config.source, "platform.plugins", message)
        self.bindings: dict[str, Binding[Any]] = {name: Binding(name) for name in plugins}
        self.order = start_order(plugins)
        self.databases: dict[str, PluginDatabase] = {}
        self.contexts: dict[str, PluginContext[Any]] = {}
        self.authenticator: Authenticator | None = None
        self.rate_policy: RatePolicy | None = None
        self._verifier_plugin: str | None = None
        self._verifier_started = False
        self._started: list[str] = []
        self._ready: set[str] = set()
        self._replayers: list[DeadLetterReplayer] = []
        for plugin in plugins.values():  # a wrong ``changeable`` fails before anything starts
            changeable_fields(plugin.config_type)
        # The system surface: local plugins answer in process, the others over NATS (see start).
        self.settings: dict[str, RuntimeSettings] = {}
        self.systems: dict[str, LocalPluginSystem] = {}
        self._surface: dict[str, PluginSystem] = {}

    async def start(
        self, transport: Transport | None = None, events: EventBus | None = None, *, nats: Client | None = None
    ) -> None:
        """Bind remote plugins to clients over ``transport``, then start local plugins in order.

        ``nats`` (the process's connection) lets a plugin observing the platform ask remote ones.
        On any failure, stop what started and re-raise.
        """
        remote = [name for name in self.plugins if name not in self.local]
        if remote and transport is None:
            message = f"plugins {', '.join(remote)} run elsewhere, but this process has no connection to reach them"
            raise ConfigError(self.config.source, "services", message)
        if transport is not None and (metrics := enabled_metrics()) is not None:
            from framework._metered_transport import MeteredTransport

            transport = MeteredTransport(transport, metrics.calls)  # each call counted and timed, caller's side
        self.transport = transport
        if events is not None:
            self.events = events
        for name in remote:
            plugin = self.plugins[name]
            client = plugin.contract.client(traced_transport(transport))  # type: ignore[arg-type]  # checked above
            self.bindings[name].service = client
            self._bind_authenticator(name, client)
            if nats is not None:
                from framework._system_nats import RemotePluginSystem

                timeout = self.config.gateway.request_timeout_seconds
                self._surface[name] = RemotePluginSystem(nats, name, timeout=timeout)
        try:
            await self._start_all()
        except BaseException:
            await self.stop()
            raise

    def placement(self, name: str) -> Placement:
        """Where this process runs ``name``: its service group when split, and whether a GPU is meant there."""
        colocated = frozenset(self.local)
        if self.local == set(self.plugins):
            return Placement(service=None, gpu=False, colocated=colocated)
        for service, section in self.config.services.items():
            if name in section.plugins:
                return Placement(service=service, gpu=section.gpu, colocated=colocated)
        return Placement(colocated=colocated)

    async def _start_all(self) -> None:
        """Build each local plugin after the plugins it calls, then run the start hooks in the same order."""
        var_root = self.config.var_path
        local = [name for name in self.order if name in self.local]
        for name in local:
            plugin = self.plugins[name]
            database = await open_plugin_database(self.config.database.url, name, var_root)
            self.databases[name] = database
            database.bind(plugin.tables)
            framework = [*framework_migrations(database), *settings_migrations(database)]
            applied = await database.migrate(plugin.tables, plugin.migrations, framework=framework)
            if applied:
                log.info("migrations applied", extra={"plugin": name, "migrations": applied})
            plugin_var = var_root / name
            plugin_var.mkdir(parents=True, exist_ok=True)
            ctx = PluginContext(
                name=name,
                config=self.plugin_configs[name],
                platform=self.config,
                database=database,
                var_dir=plugin_var,
                logger=logging.getLogger(f"turnout.plugins.{name}"),
                events=self.events,
                placement=self.placement(name),
                calls=frozenset(contract.name for contract in plugin.calls),
                consumes=frozenset(event.name for event in plugin.consumes),
                bindings=self.bindings,
            )
            self.contexts[name] = ctx
            await self._add_system(name, ctx)
            service = await plugin.create_service(ctx)
            if (metrics := enabled_metrics()) is not None:
                for jobs in ctx.job_queues:
                    metrics.watch_jobs(name, jobs)
            self.bindings[name].service = service
            self._bind_authenticator(name, service)
        for name in local:
            ctx = self.contexts[name]
            self._started.append(name)  # from here its stop hooks run, whatever happens next
            for hook in ctx.start_hooks:
                await hook()
            await self.settings[name].start(self.events)
            if ctx.subscriptions:
                await self._subscribe(self.databases[name], ctx.subscriptions)
            self._ready.add(name)
            log.info("plugin started", extra={"plugin": name})

    async def _add_system(self, name: str, ctx: PluginContext[Any]) -> None:
        """The plugin's side of the system surface (its settings loaded onto its config first)."""
        settings = self.settings[name] = RuntimeSettings(name, ctx.config, ctx.database)
        await settings.load()

        async def healthy() -> bool:
            return await self.plugin_state(name) == "ok"

        system = LocalPluginSystem(name, ctx.database, ctx.job_queues, settings, healthy)
        self.systems[name] = self._surface[name] = system
        if self.plugins[name].observes_platform:
            ctx.system = PlatformSystem(self._surface)

    async def _subscribe(self, database: PluginDatabase, subscriptions: list[Any]) -> None:
        """Subscribe a plugin's handlers, dead letters going to its database, and replay those marked."""
        store = DeadLetterStore(database)
        for subscription in subscriptions:
            await self.events.subscribe(subscription, dead_letters=store)
        replayer = DeadLetterReplayer(
            store, subscriptions, DeliveryPolicy.of(self.config.events), self.config.events.replay_poll_seconds
        )
        replayer.start()
        self._replayers.append(replayer)

    async def start_credential_verifier(self) -> None:
        """Start the credential verifier's own state (its revocation list), where credentials are checked.

        Only processes that serve HTTP check credentials (all-in-one, gateways); a service process
        trusts the principal its caller sends, so it keeps no list. Runs after the plugins started:
        a colocated auth then loads the list from its own tables.
        """
        live = self._live_authenticator()
        if live is not None:
            await live.start(self.events)
            self._verifier_started = True

    def _live_authenticator(self) -> LiveAuthenticator | None:
        """The credential verifier, when it keeps state the host must start and stop."""
        authenticator: object = self.authenticator  # a plain Authenticator may also be live
        return authenticator if isinstance(authenticator, LiveAuthenticator) else None

    def _bind_authenticator(self, name: str, service: Any) -> None:
        plugin = self.plugins[name]
        if plugin.rate_policy is not None:  # bound the same way: to the implementation, or to a client
            self.rate_policy = plugin.rate_policy(service, self.plugin_configs[name])
        if plugin.authenticator is None:
            return
        self.authenticator = plugin.authenticator(service, self.plugin_configs[name])
        self._verifier_plugin = name

    async def stop(self) -> None:
        for replayer in self._replayers:  # before the plugins stop: a replay runs their handlers
            await replayer.stop()
        self._replayers.clear()
        live = self._live_authenticator()
        if live is not None:
            await live.stop()
            self._verifier_started = False
        for name in reversed(self._started):
            for hook in reversed(self.contexts[name].stop_hooks):
                try:
                    await hook()
                except Exception:  # one plugin failing to stop must not keep the others running
                    log.exception("plugin shutdown failed", extra={"plugin": name})
        await self.events.close()
        if (metrics := enabled_metrics()) is not None:
            for ctx in self.contexts.values():
                for jobs in ctx.job_queues:
                    metrics.unwatch_jobs(jobs)
        for database in self.databases.values():
            await database.close()
        self._started.clear()
        self._ready.clear()

    async def readiness(self) -> dict[str, str]:
        """Each plugin's state: ``ok``, ``down`` or ``starting``."""
        states = {name: await self.plugin_state(name) for name in self.plugins}
        # Until the credential verifier holds its state (the revocation list), tokens cannot be checked.
        live = self._live_authenticator()
        verifier = self._verifier_plugin
        loading = live is not None and self._verifier_started and not live.ready()
        if loading and verifier is not None and states.get(verifier) == "ok":
            states[verifier] = "starting"
        return states

    async def plugin_state(self, name: str) -> str:
        """One plugin's state here: ``ok``, ``down``, ``starting`` or (elsewhere) ``unreachable``."""
        if name not in self.local:
            ping = getattr(self.transport, "ping", None)
            reachable = ping is not None and await ping(name)
            return "ok" if reachable else "unreachable"
        if name not in self._ready:
            return "starting"
        try:
            # Every plugin has a database the host opened: it must answer; then the plugin's own probe.
            healthy = await self.databases[name].ping()
            for probe in self.contexts[name].health_probes:
                healthy = healthy and await probe()
        except Exception:  # a health probe that raises means unhealthy, not a 500
            log.exception("health check failed", extra={"plugin": name})
            healthy = False
        return "ok" if healthy else "down"

    @asynccontextmanager
    async def lifespan(self, _: object) -> AsyncIterator[None]:
        """Start and stop with the app; connects to NATS first when some plugin is remote."""
        nc = None
        transport = None
        if any(name not in self.local for name in self.plugins):
            from framework._connect import connect_as
            from framework._nats_credentials import GATEWAY
            from framework.transports._nats import NatsTransport

            nc = await connect_as(self.config, GATEWAY)
            transport = NatsTransport(
                nc,
                default_timeout=self.config.gateway.request_timeout_seconds,
                unavailable_wait=self.config.nats.unavailable_wait_seconds,
            )
        try:
            # The gateway hosts no plugin, but its credential verifier hears revocations over NATS.
            await self.start(transport, JetStreamBus(nc, self.config.events) if nc is not None else None)
            await self.start_credential_verifier()
            yield
        finally:
            await self.stop()
            if nc is not None:
                await nc.drain()
