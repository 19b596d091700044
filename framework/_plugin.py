"""The Plugin object and its discovery through the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Generic, TypeVar

import msgspec
from piccolo.table import Table

from framework._config import PlatformConfig
from framework._db import Migration, PluginDatabase
from framework._errors import PluginError
from framework._events import Event, EventBus, Subscription
from framework._security import Authenticator
from framework.runtime import Binding, Contract

__all__ = ["ENTRY_POINT_GROUP", "Plugin", "PluginContext", "PluginError", "discover_plugins"]

ENTRY_POINT_GROUP = "turnout.plugins"

ConfigT = TypeVar("ConfigT", bound=msgspec.Struct)
ServiceT = TypeVar("ServiceT")
S = TypeVar("S")


@dataclass(slots=True)
class PluginContext(Generic[ConfigT]):
    """What a plugin's factory gets: its decoded config, its database, its own folder."""

    name: str
    config: ConfigT
    platform: PlatformConfig
    database: PluginDatabase
    var_dir: Path
    logger: logging.Logger
    events: EventBus
    bindings: dict[str, Binding[Any]] = field(default_factory=dict)

    def service(self, contract: Contract[S]) -> Binding[S]:
        """Another plugin's service, as placement binds it: its implementation when colocated,
        its generated client over NATS when elsewhere. Read ``.service`` at call time."""
        binding = self.bindings.get(contract.name)
        if binding is None:
            raise PluginError(f"plugin {self.name!r} calls {contract.name!r}, which is not enabled on this platform")
        return binding


@dataclass(frozen=True, slots=True)
class Plugin(Generic[ConfigT, ServiceT]):
    """A business domain: its contract, config, service implementation, tables and hooks.

    ``create_service`` builds the implementation of the contract's Service protocol.
    ``authenticator``, when given, makes this plugin the one that verifies credentials.
    """

    name: str
    contract: Contract[Any]
    config_type: type[ConfigT]
    create_service: Callable[[PluginContext[ConfigT]], Awaitable[ServiceT]]
    tables: Sequence[type[Table]] = ()
    migrations: Sequence[Migration] = ()
    # The contracts this plugin calls and the events it consumes: its edges, and its start order.
    calls: tuple[Contract[Any], ...] = ()
    consumes: tuple[Event[Any], ...] = ()
    on_startup: Callable[[ServiceT], Awaitable[None]] | None = None
    on_shutdown: Callable[[ServiceT], Awaitable[None]] | None = None
    # Given the service (implementation or client) and this plugin's config.
    authenticator: Callable[[Any, ConfigT], Authenticator] | None = None
    # Checks beyond the plugin's database, which the host pings for every plugin itself.
    health: Callable[[ServiceT], Awaitable[bool]] | None = None
    # Event handlers of this plugin, given its service; delivered at least once.
    subscriptions: Callable[[ServiceT], Sequence[Subscription[Any]]] | None = None
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def discover_plugins() -> dict[str, Plugin[Any, Any]]:
    """Load every plugin registered in the ``turnout.plugins`` entry-point group.

    Built-in plugins are registered there too, so they load exactly like third-party ones.
    """
    found: dict[str, Plugin[Any, Any]] = {}
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            plugin = ep.load()
        except Exception as error:  # a broken third-party plugin must name itself
            raise PluginError(f"plugin entry point {ep.name!r} ({ep.value}) failed to load: {error}") from error
        if not isinstance(plugin, Plugin):
            raise PluginError(f"entry point {ep.name!r} ({ep.value}) is not a turnout Plugin")
        if plugin.name != ep.name:
            raise PluginError(f"entry point {ep.name!r} names a plugin called {plugin.name!r}")
        found[plugin.name] = plugin
    return found
