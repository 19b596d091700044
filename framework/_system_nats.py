"""The system surface over NATS: each process answers for the plugins it hosts, and asks for the others.

Subjects are ``turnout.system.<plugin>.<verb>``. ``instances`` is heard by every process hosting
the plugin (no queue group), so the asker gathers one report per instance, as ``$SRV.PING``
does for discovery; the other verbs go to one of them (queue group), since they read or change
the plugin's database, which every instance shares. Only a service whose plugin observes the
platform may publish there (framework._nats_auth).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from nats.errors import Error as NatsError
from nats.errors import NoRespondersError
from nats.errors import TimeoutError as NatsTimeoutError

from framework._dead_letters import DeadLetter
from framework._errors import UNEXPECTED_DETAIL, GatewayTimeout, ServiceError, ServiceUnavailable
from framework._gather import gather_replies
from framework._settings import Setting, SettingChange
from framework._system import InstanceReport, JobQueueDepth, LocalPluginSystem
from framework.transports._wire import ERROR_CODE, error_from_reply, error_reply

__all__ = ["SYSTEM_PREFIX", "RemotePluginSystem", "SystemResponder", "system_subject"]

log = logging.getLogger("turnout.system")

SYSTEM_PREFIX = "turnout.system"
_QUEUE = "turnout"
INSTANCES_GATHER_SECONDS = 0.5  # as long as ``turnout status`` waits for $SRV replies


def system_subject(plugin: str, verb: str) -> str:
    return f"{SYSTEM_PREFIX}.{plugin}.{verb}"


class _LetterId(msgspec.Struct, forbid_unknown_fields=True):
    id: str


class _Change(msgspec.Struct, forbid_unknown_fields=True):
    key: str
    value: Any


class SystemResponder:
    """Answers the system verbs for the plugins this process hosts."""

    def __init__(self, nc: Client) -> None:
        self._nc = nc
        self._subscriptions: list[Subscription] = []
        self._encoder = msgspec.json.Encoder()

    async def add(self, system: LocalPluginSystem) -> None:
        verbs: dict[str, Callable[[bytes], Awaitable[Any]]] = {
            "jobs": lambda _: system.job_queues(),
            "dead_letters": lambda _: system.dead_letters(),
            "replay": lambda data: system.replay_dead_letter(msgspec.json.decode(data, type=_LetterId).id),
            "settings": lambda _: system.settings(),
            "change": lambda data: _change(system, msgspec.json.decode(data, type=_Change)),
        }
        for verb, answer in verbs.items():
            subject = system_subject(system.plugin, verb)
            self._subscriptions.append(await self._nc.subscribe(subject, queue=_QUEUE, cb=self._handler(answer)))
        instance = self._handler(lambda _: system.instance())
        self._subscriptions.append(await self._nc.subscribe(system_subject(system.plugin, "instances"), cb=instance))

    def _handler(self, answer: Callable[[bytes], Awaitable[Any]]) -> Callable[[Msg], Awaitable[None]]:
        async def handle(msg: Msg) -> None:
            if not msg.reply:
                return
            try:
                result = await answer(msg.data)
            except (msgspec.DecodeError, ServiceError) as error:
                if isinstance(error, msgspec.DecodeError):
                    error = ServiceError(f"malformed system request: {error}", status=400)
                body, headers = error_reply(error, None)
                await self._nc.publish(msg.reply, body, headers=headers)
                return
            except Exception:  # the asker gets a 500 problem, never silence
                log.exception("system request failed", extra={"subject": msg.subject})
                body, headers = error_reply(ServiceError(UNEXPECTED_DETAIL, status=500), None)
                await self._nc.publish(msg.reply, body, headers=headers)
                return
            await self._nc.publish(msg.reply, b"" if result is None else self._encoder.encode(result))

        return handle

    async def stop(self) -> None:
        for subscription in self._subscriptions:
            try:
                await subscription.unsubscribe()
            except NatsError:  # the connection is closing: the subscription ends with it
                continue
        self._subscriptions.clear()


async def _change(system: LocalPluginSystem, change: _Change) -> SettingChange:
    return await system.change_setting(change.key, change.value)


class RemotePluginSystem:
    """A plugin hosted elsewhere, asked over NATS."""

    def __init__(
        self, nc: Client, plugin: str, *, timeout: float, gather_seconds: float = INSTANCES_GATHER_SECONDS
    ) -> None:
        self._nc = nc
        self.plugin = plugin
        self._timeout = timeout
        self._gather = gather_seconds

    async def _ask(self, verb: str, payload: Any = None) -> bytes:
        data = b"" if payload is None else msgspec.json.encode(payload)
        try:
            reply = await self._nc.request(system_subject(self.plugin, verb), data, timeout=self._timeout)
        except NoRespondersError:
            raise ServiceUnavailable(f"no instance of {self.plugin} is reachable") from None
        except NatsTimeoutError:
            raise GatewayTimeout(f"{self.plugin} did not answer in time") from None
        except NatsError as error:
            raise ServiceUnavailable(f"{self.plugin} cannot be asked: {error}") from None
        headers = reply.headers or {}
        if ERROR_CODE in headers:
            raise error_from_reply(reply.data, headers)
        return reply.data

    async def instances(self) -> list[InstanceReport]:
        """One report per process hosting the plugin, gathered for ``gather_seconds``."""
        reports: list[InstanceReport] = []
        decoder = msgspec.json.Decoder(InstanceReport)
        subject = system_subject(self.plugin, "instances")
        try:  # how many will answer is not known: wait as $SRV discovery does
            replies = await gather_replies(self._nc, subject, wait=self._gather)
        except NatsError as error:
            raise ServiceUnavailable(f"{self.plugin} cannot be asked: {error}") from None
        for msg in replies:
            if ERROR_CODE in (msg.headers or {}):
                continue
            try:
                reports.append(decoder.decode(msg.data))
            except msgspec.DecodeError:
                continue
        return sorted(reports, key=lambda report: report.instance)

    async def job_queues(self) -> list[JobQueueDepth]:
        return msgspec.json.decode(await self._ask("jobs"), type=list[JobQueueDepth])

    async def dead_letters(self) -> list[DeadLetter]:
        return msgspec.json.decode(await self._ask("dead_letters"), type=list[DeadLetter])

    async def replay_dead_letter(self, letter_id: str) -> None:
        await self._ask("replay", _LetterId(letter_id))

    async def settings(self) -> list[Setting]:
        return msgspec.json.decode(await self._ask("settings"), type=list[Setting])

    async def change_setting(self, key: str, value: Any) -> SettingChange:
        return msgspec.json.decode(await self._ask("change", _Change(key, value)), type=SettingChange)
