"""Runtime settings: every plugin's changeable settings, listed and changed through the system surface."""

from __future__ import annotations

from typing import Any

from framework import CallContext, EventBus, PlatformSystem, Setting, require_user, utcnow
from generated.admin.events import ACTION
from generated.admin.models import AdminAction, SettingList
from generated.admin.models import Setting as SettingView

__all__ = ["AdminSettings"]


def _view(setting: Setting) -> SettingView:
    return SettingView(
        plugin=setting.plugin,
        key=setting.key,
        value=setting.value,
        configured=setting.configured,
        schema=setting.schema,
        changed_at=setting.changed_at,
    )


class AdminSettings:
    """listSettings and updateSetting; a change is audited as ``setting.changed``."""

    def __init__(self, system: PlatformSystem, events: EventBus) -> None:
        self.system = system
        self.events = events

    async def list(self, ctx: CallContext) -> SettingList:
        settings = sorted(await self.system.settings(), key=lambda s: (s.plugin, s.key))
        return SettingList(items=[_view(setting) for setting in settings])

    async def update(self, ctx: CallContext, plugin: str, key: str, value: Any) -> SettingView:
        actor, _ = require_user(ctx)
        change = await self.system.of(plugin).change_setting(key, value)
        setting = change.setting
        details = {"plugin": plugin, "key": key, "previous": change.previous, "value": setting.value}
        target = f"{plugin}.{key}"
        action = AdminAction(actor_id=actor, action="setting.changed", target=target, details=details, at=utcnow())
        await self.events.publish(ACTION, action, ctx)
        return _view(setting)
