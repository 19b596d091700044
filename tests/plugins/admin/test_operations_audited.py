"""Every admin operation that changes something publishes ``admin.action`` after the change, and only then."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Annotated, Any, ClassVar

import pytest
from msgspec import Meta

from framework import CallContext, Plugin, PluginConfig, PluginContext, Principal, UnprocessableContent, load_config
from framework._dead_letters import DeadLetterStore
from framework._delivery import DeadEvent, FailedDelivery
from framework._host import Host
from generated.admin.events import ACTION
from generated.admin.models import AdminAction
from generated.admin.models import DeadLetter as DeadLetterView
from generated.files import CONTRACT as FILES
from plugins.admin.dead_letters import AdminDeadLetters
from plugins.admin.settings import AdminSettings


class _NoDeliveries:
    """No notifications plugin on this host: no dead deliveries."""

    async def list(self, ctx: CallContext) -> list[DeadLetterView] | None:
        return None

    async def replay(self, ctx: CallContext, delivery_id: str) -> DeadLetterView:
        raise AssertionError("no delivery is replayed here")


ADMIN_ID = uuid.uuid4()
ADMIN = CallContext(correlation_id="test", principal=Principal(subject=str(ADMIN_ID), roles=("admin",)))


class Limits(PluginConfig):
    changeable: ClassVar[frozenset[str]] = frozenset({"max_items"})

    max_items: Annotated[int, Meta(ge=1)] = 10


async def test_a_setting_change_and_a_replay_are_announced_as_admin_actions(tmp_path: Path) -> None:
    contexts: dict[str, PluginContext[Any]] = {}

    async def create(ctx: PluginContext[Any]) -> object:
        contexts["files"] = ctx
        return object()

    contract: Any = FILES  # a stand-in service, not the contract's
    plugin = Plugin(name="files", contract=contract, config_type=Limits, create_service=create, observes_platform=True)
    config = load_config(None, {"files"})
    config.platform.var_dir = str(tmp_path / "var")
    config.database.url = f"sqlite:///{tmp_path / 'var'}"
    host = Host(config, {"files": plugin})
    await host.start()
    actions: list[AdminAction] = []

    async def heard(_: CallContext, action: AdminAction) -> None:
        actions.append(action)

    try:
        await host.events.broadcast(ACTION, heard)
        system = contexts["files"].platform_system()
        settings = AdminSettings(system, host.events)
        with pytest.raises(UnprocessableContent):
            await settings.update(ADMIN, "files", "max_items", 0)
        assert actions == []  # refused: nothing changed, nothing announced

        changed = await settings.update(ADMIN, "files", "max_items", 25)
        assert changed.value == 25
        [action] = actions
        assert (action.actor_id, action.action, action.target) == (ADMIN_ID, "setting.changed", "files.max_items")
        assert action.details == {"plugin": "files", "key": "max_items", "previous": 10, "value": 25}

        now = time.time()
        dead = DeadEvent("auth.user_registered", "e1", "files", b"{}", "c1", FailedDelivery(2, "boom", now, now))
        await DeadLetterStore(host.databases["files"]).record(dead)
        letters = AdminDeadLetters(system, host.events, _NoDeliveries())
        [listed] = (await letters.list(ADMIN)).items
        replayed = await letters.replay(ADMIN, listed.id)
        assert replayed.replay_requested is True
        assert actions[-1].action == "dead_letter.replayed"
        assert actions[-1].target == listed.id
        assert actions[-1].details == {"plugin": "files", "event": "auth.user_registered", "kind": "event"}
    finally:
        await host.stop()
