"""The system surface: what a plugin that observes the platform may ask of every plugin.

Per plugin: its instances and their health, its job queues, its dead letters (list and replay)
and its changeable settings (list and change). A plugin hosted in the asking process answers in
process (:class:`LocalPluginSystem`); one elsewhere answers over NATS from the processes that
host it (framework._system_nats). The asker never reads another plugin's tables.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

import msgspec

from framework._dead_letters import DeadLetter, dead_letters, request_replay
from framework._errors import NotFound, ServiceError
from framework._settings import RuntimeSettings, Setting, SettingChange

__all__ = [
    "INSTANCE_ID",
    "InstanceReport",
    "JobQueueDepth",
    "LocalPluginSystem",
    "PlatformSystem",
    "PluginHealth",
    "PluginSystem",
]

INSTANCE_ID = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
"""This process, as its instance reports name it."""


class InstanceReport(msgspec.Struct, kw_only=True, frozen=True):
    """One process hosting a plugin: whether the plugin is healthy there, and the settings it applies."""

    plugin: str
    instance: str
    healthy: bool
    settings: dict[str, Any]


class PluginHealth(msgspec.Struct, kw_only=True, frozen=True):
    """A plugin across its instances: healthy when at least one answers and every one that answers is."""

    plugin: str
    healthy: bool
    instances: int
    reports: list[InstanceReport]


class JobQueueDepth(msgspec.Struct, kw_only=True, frozen=True):
    """Jobs of one kind waiting and running, across every process of its plugin."""

    plugin: str
    kind: str
    queued: int
    running: int


class JobCounter(Protocol):
    """What the surface needs of a plugin's jobs (framework.jobs.Jobs)."""

    @property
    def kind(self) -> Any: ...

    async def counts(self) -> tuple[int, int]: ...


class PluginSystem(Protocol):
    """One plugin's side of the surface, wherever it runs."""

    async def instances(self) -> list[InstanceReport]: ...

    async def job_queues(self) -> list[JobQueueDepth]: ...

    async def dead_letters(self) -> list[DeadLetter]: ...

    async def replay_dead_letter(self, letter_id: str) -> None: ...

    async def settings(self) -> list[Setting]: ...

    async def change_setting(self, key: str, value: Any) -> SettingChange: ...


class LocalPluginSystem:
    """A plugin hosted by this process, answering from its own database and state."""

    def __init__(
        self,
        plugin: str,
        database: Any,
        jobs: Sequence[JobCounter],
        settings: RuntimeSettings,
        healthy: Callable[[], Awaitable[bool]],
    ) -> None:
        self.plugin = plugin
        self.database = database
        self.jobs = jobs
        self.runtime_settings = settings
        self.healthy = healthy

    async def instance(self) -> InstanceReport:
        """This process's own report on the plugin."""
        return InstanceReport(
            plugin=self.plugin,
            instance=INSTANCE_ID,
            healthy=await self.healthy(),
            settings=self.runtime_settings.applied(),
        )

    async def instances(self) -> list[InstanceReport]:
        return [await self.instance()]

    async def job_queues(self) -> list[JobQueueDepth]:
        depths = []
        for jobs in self.jobs:
            queued, running = await jobs.counts()
            depths.append(JobQueueDepth(plugin=self.plugin, kind=jobs.kind.name, queued=queued, running=running))
        return depths

    async def dead_letters(self) -> list[DeadLetter]:
        return await dead_letters(self.database)

    async def replay_dead_letter(self, letter_id: str) -> None:
        if not await request_replay(self.database, letter_id):
            raise NotFound(f"{self.plugin} has no dead letter {letter_id!r}")

    async def settings(self) -> list[Setting]:
        return self.runtime_settings.settings()

    async def change_setting(self, key: str, value: Any) -> SettingChange:
        return await self.runtime_settings.change(key, value)


class PlatformSystem:
    """Every plugin of the platform, each through its :class:`PluginSystem`."""

    def __init__(self, plugins: dict[str, PluginSystem]) -> None:
        self._plugins = plugins  # the host's own: filled as the plugins of this process are built

    @property
    def plugins(self) -> list[str]:
        return sorted(self._plugins)

    def of(self, plugin: str) -> PluginSystem:
        """One plugin's surface; 404 for a plugin the platform does not run."""
        found = self._plugins.get(plugin)
        if found is None:
            raise NotFound(f"the platform runs no plugin {plugin!r}")
        return found

    async def _each(self, ask: Callable[[PluginSystem], Awaitable[list[Any]]]) -> list[Any]:
        """``ask`` of every plugin at once; a plugin that cannot answer contributes nothing."""
        systems = [self._plugins[name] for name in self.plugins]
        answers = await asyncio.gather(*(ask(system) for system in systems), return_exceptions=True)
        found: list[Any] = []
        for answer in answers:
            if isinstance(answer, ServiceError):
                continue
            if isinstance(answer, BaseException):
                raise answer
            found += answer
        return found

    async def health(self) -> list[PluginHealth]:
        """Every plugin's instances; a plugin no instance answers for counts 0 and is unhealthy."""

        async def one(name: str, system: PluginSystem) -> PluginHealth:
            try:
                reports = await system.instances()
            except ServiceError:
                reports = []
            healthy = bool(reports) and all(report.healthy for report in reports)
            return PluginHealth(plugin=name, healthy=healthy, instances=len(reports), reports=reports)

        return list(await asyncio.gather(*(one(name, self._plugins[name]) for name in self.plugins)))

    async def job_queues(self) -> list[JobQueueDepth]:
        return await self._each(lambda system: system.job_queues())

    async def dead_letters(self) -> list[DeadLetter]:
        letters: list[DeadLetter] = await self._each(lambda system: system.dead_letters())
        return sorted(letters, key=lambda letter: (letter.last_failed_at, letter.id))

    async def settings(self) -> list[Setting]:
        return await self._each(lambda system: system.settings())
