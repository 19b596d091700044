"""The Plugin object, its context, and discovery through the ``turnout.plugins`` entry-point group."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import msgspec
from piccolo.table import Table

from framework._colocated import ColocatedTransport
from framework._config import PlatformConfig
from framework._db import Migration, PluginDatabase
from framework._errors import PluginError
from framework._events import Event, EventBus, EventHandler, Subscription
from framework._rate_policy import RatePolicy
from framework._security import Authenticator
from framework._tracing import traced_transport
from framework.runtime import Binding, Contract

if TYPE_CHECKING:
    import typer

    from framework._system import PlatformSystem
    from framework.jobs import JobEvents, JobKind, JobLimits, Jobs

__all__ = [
    "ENTRY_POINT_GROUP",
    "NoConfig",
    "Placement",
    "Plugin",
    "PluginConfig",
    "PluginContext",
    "PluginError",
    "discover_plugins",
    "load_plugin",
]

ENTRY_POINT_GROUP = "turnout.plugins"

ConfigT = TypeVar("ConfigT", bound=msgspec.Struct)
ServiceT = TypeVar("ServiceT")
S = TypeVar("S")
P = TypeVar("P")
In = TypeVar("In")
Out = TypeVar("Out")

Hook = Callable[[], Awaitable[None]]


class PluginConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of a plugin's ``[plugins.<name>]`` settings: unknown keys are refused.

    Declare limits on the fields (``Annotated[int, msgspec.Meta(ge=1)]``): a value outside them is
    a ConfigError naming the file and the key, before anything starts.
    ``changeable`` names the fields an admin may change at run time (framework._settings): each
    change is checked against the same limits, kept in the plugin's database and applied in every
    replica on this object, so read them from the config when used, not once at start.
    """

    changeable: ClassVar[frozenset[str]] = frozenset()


class NoConfig(PluginConfig):
    """The settings of a plugin that has none (its section, if present, must be empty)."""


@dataclass(frozen=True, slots=True)
class Placement:
    """Where this process runs a plugin.

    ``service`` is its ``[services.<name>]`` group when split, None when every plugin shares one
    process; ``gpu`` says that group is marked as the place with a GPU.
    """

    service: str | None = None
    gpu: bool = False
    colocated: frozenset[str] = frozenset()


@dataclass(slots=True)
class PluginContext(Generic[ConfigT]):
    """What a plugin's factory gets: its settings, database, folder, events, placement and peers.

    Besides reading, the factory registers what the host runs for it: start and stop hooks, a
    health probe and event handlers (each for an event the plugin declares in ``consumes``).
    """

    name: str
    config: ConfigT
    platform: PlatformConfig
    database: PluginDatabase
    var_dir: Path
    logger: logging.Logger
    events: EventBus
    placement: Placement = field(default_factory=Placement)
    calls: frozenset[str] = frozenset()
    consumes: frozenset[str] = frozenset()
    bindings: dict[str, Binding[Any]] = field(default_factory=dict)
    start_hooks: list[Hook] = field(default_factory=list)
    stop_hooks: list[Hook] = field(default_factory=list)
    health_probes: list[Callable[[], Awaitable[bool]]] = field(default_factory=list)
    subscriptions: list[Subscription[Any]] = field(default_factory=list)
    job_queues: list[Jobs[Any, Any]] = field(default_factory=list)
    # Given to a plugin that declares ``observes_platform``: every plugin's system surface.
    system: PlatformSystem | None = None

    def platform_system(self) -> PlatformSystem:
        """Every plugin's health, job queues, dead letters and settings (``observes_platform`` only)."""
        if self.system is None:
            raise PluginError(f"plugin {self.name!r} observes the platform without declaring it: set observes_platform")
        return self.system

    def service(self, contract: Contract[S]) -> S:
        """Another plugin's service as placement binds it: its client over NATS when elsewhere, its
        implementation under the same rules when colocated. Only contracts declared in ``calls``."""
        if contract.name not in self.calls:
            raise PluginError(
                f"plugin {self.name!r} calls {contract.name!r} without declaring it: add it to the plugin's calls"
            )
        service: S | None = self.bindings[contract.name].service
        if service is None:  # start order puts providers first, so this is a framework bug
            raise PluginError(f"plugin {self.name!r} asked for {contract.name!r} before it was bound")
        if contract.name in self.placement.colocated:
            # The same client a remote call uses, over a transport that keeps the remote call's rules.
            return contract.client(traced_transport(ColocatedTransport(service), colocated=True))
        return service

    def on_start(self, hook: Hook) -> None:
        """Run ``hook`` once every plugin of this process is built, in start order."""
        self.start_hooks.append(hook)

    def on_stop(self, hook: Hook) -> None:
        """Run ``hook`` when the process stops, before the plugin's database closes."""
        self.stop_hooks.append(hook)

    def health_check(self, probe: Callable[[], Awaitable[bool]]) -> None:
        """A readiness probe beyond the plugin's database, which the host pings itself."""
        self.health_probes.append(probe)

    def jobs(self, kind: JobKind[In, Out], limits: JobLimits, events: JobEvents | None = None) -> Jobs[In, Out]:
        """Durable jobs of ``kind`` in this plugin's database; their workers start and stop with the plugin."""
        from framework._job_events import AnnouncedJobEvents
        from framework.jobs import Jobs

        # Every job is also announced as turnout.job_progress / job_finished, whoever its plugin is.
        jobs = Jobs(kind, limits, AnnouncedJobEvents(self.events, self.name, kind.name, events))
        self.job_queues.append(jobs)  # the system surface reports its queue depth

        async def start_workers() -> None:
            jobs.start()

        self.on_start(start_workers)
        self.on_stop(jobs.stop)
        return jobs

    def subscribe(self, event: Event[P], handler: EventHandler[P]) -> None:
        """Handle ``event`` (declared in ``consumes``), at least once, under the platform's delivery policy."""
        if event.name not in self.consumes:
            raise PluginError(
                f"plugin {self.name!r} subscribes to {event.name!r} without declaring it: add it to consumes"
            )
        self.subscriptions.append(Subscription(self.name, event, handler))


@dataclass(frozen=True, slots=True)
class Plugin(Generic[ConfigT, ServiceT]):
    """A business domain: its contract, settings, service implementation, tables and edges.

    ``contract`` fixes the service type: ``create_service`` must return an implementation of the
    contract's Service protocol, which mypy checks where the Plugin is built.
    ``authenticator``, when given, makes this plugin the one that verifies credentials.
    ``tables`` are created from their definitions on a new database (and ``migrations`` recorded
    as applied); on an existing one, ``migrations`` not yet applied run in order.
    ``commands`` become ``turnout <name> ...``, or ``turnout <command_group> ...`` when it is set.
    ``rate_policy``, when given, sets each verified caller's requests per minute at the HTTP edge.
    """

    name: str
    contract: Contract[ServiceT]
    config_type: type[ConfigT]
    create_service: Callable[[PluginContext[ConfigT]], Awaitable[ServiceT]]
    tables: Sequence[type[Table]] = ()
    migrations: Sequence[Migration] = ()
    # The contracts this plugin calls and the events it consumes: its edges, and its start order.
    calls: tuple[Contract[Any], ...] = ()
    consumes: tuple[Event[Any], ...] = ()
    # Given the service (implementation or client) and this plugin's config.
    authenticator: Callable[[ServiceT, ConfigT], Authenticator] | None = None
    commands: typer.Typer | None = None
    description: str = ""
    # Asks every plugin for health, job queues, dead letters and settings (PluginContext.platform_system).
    observes_platform: bool = False
    # Given the service (implementation or client) and this plugin's config, like ``authenticator``.
    rate_policy: Callable[[ServiceT, ConfigT], RatePolicy] | None = None
    # The name the commands are mounted under, when it is not the plugin's (``turnout audit verify``).
    command_group: str | None = None


def _checked(plugin: object, where: str) -> Plugin[Any, Any]:
    if not isinstance(plugin, Plugin):
        raise PluginError(f"{where} is not a turnout Plugin")
    return plugin


def load_plugin(reference: str) -> Plugin[Any, Any]:
    """The Plugin object at ``module:attribute`` (``[platform] extra_plugins``)."""
    module_name, sep, attribute = reference.partition(":")
    if not sep or not module_name or not attribute:
        raise PluginError(f"{reference!r} is not module:attribute")
    try:
        plugin = getattr(importlib.import_module(module_name), attribute)
    except Exception as error:  # a broken plugin must name itself
        raise PluginError(f"plugin {reference!r} failed to load: {error}") from error
    return _checked(plugin, f"{reference!r}")


def discover_plugins(extra: Sequence[str] = ()) -> dict[str, Plugin[Any, Any]]:
    """Every plugin registered in the ``turnout.plugins`` entry-point group, plus ``extra`` references.

    Built-in plugins are registered there too, so they load exactly like third-party ones.
    """
    found: dict[str, Plugin[Any, Any]] = {}
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            plugin = ep.load()
        except Exception as error:  # a broken third-party plugin must name itself
            raise PluginError(f"plugin entry point {ep.name!r} ({ep.value}) failed to load: {error}") from error
        found[ep.name] = _checked(plugin, f"entry point {ep.name!r} ({ep.value})")
        if found[ep.name].name != ep.name:
            raise PluginError(f"entry point {ep.name!r} names a plugin called {found[ep.name].name!r}")
    for reference in extra:
        plugin = load_plugin(reference)
        if plugin.name in found:
            raise PluginError(f"{reference!r} is a second plugin called {plugin.name!r}")
        found[plugin.name] = plugin
    return found
