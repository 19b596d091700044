"""Settings changed at run time: a plugin's config fields it declares ``changeable``.

A change is validated against the field's type and ``msgspec.Meta`` limits (and the config's
own ``__post_init__``), written to ``turnout_settings`` in the owning plugin's database (so it
outlives restarts), set on the plugin's config object, and announced on the bus as a broadcast:
every process hosting the plugin reloads its overrides from the database, and reloads again
after a gap in broadcasts. The plugin sees the value on the config object it already holds.
"""

from __future__ import annotations

import copy
import logging
import time
from datetime import UTC, datetime
from typing import Any

import msgspec

from framework._context import CallContext
from framework._db import Migration, PluginDatabase
from framework._errors import FieldError, NotFound, PluginError, UnprocessableContent
from framework._events import Event, EventBus

__all__ = ["RuntimeSettings", "Setting", "SettingChange", "changeable_fields", "settings_migrations"]

log = logging.getLogger("turnout.settings")

TABLE = "turnout_settings"


class Setting(msgspec.Struct, kw_only=True, frozen=True):
    """One changeable setting of a plugin, as it applies now."""

    plugin: str
    key: str
    value: Any
    configured: Any  # the value platform.toml (or the default) gives it
    schema: dict[str, Any]  # JSON Schema of the values it takes
    changed_at: datetime | None = None  # when it was last changed at run time; None: never


class SettingChange(msgspec.Struct, kw_only=True, frozen=True):
    """A change made: the setting now, and what it was before."""

    setting: Setting
    previous: Any


class _Reload(msgspec.Struct, frozen=True):
    """Broadcast after a change: the hosting processes reread the overrides."""

    key: str


def changeable_fields(config_type: type[msgspec.Struct]) -> dict[str, msgspec.structs.FieldInfo]:
    """The fields ``config_type`` declares changeable at run time (its ``changeable`` class attribute)."""
    declared: frozenset[str] = getattr(config_type, "changeable", frozenset())
    fields = {f.name: f for f in msgspec.structs.fields(config_type)}
    unknown = sorted(declared - set(fields))
    if unknown:
        raise PluginError(f"{config_type.__name__}.changeable names no field {', '.join(map(repr, unknown))}")
    return {name: fields[name] for name in sorted(declared)}


def settings_migrations(database: PluginDatabase) -> list[Migration]:
    """The settings table, one in every plugin database (a framework table, like the dead letters)."""
    table = database.qualified(TABLE)

    async def create(database: PluginDatabase) -> None:
        await database.engine.run_ddl(
            f"CREATE TABLE IF NOT EXISTS {table} ("
            "key TEXT PRIMARY KEY, value TEXT NOT NULL, changed_at DOUBLE PRECISION NOT NULL)"
        )

    return [Migration("turnout.settings.0001", create)]


class RuntimeSettings:
    """The changeable settings of one plugin in this process, kept on its config object."""

    def __init__(self, plugin: str, config: msgspec.Struct, database: PluginDatabase) -> None:
        self.plugin = plugin
        self.config = config
        self.database = database
        self.fields = changeable_fields(type(config))
        self._configured = {name: copy.deepcopy(getattr(config, name)) for name in self.fields}
        self._changed_at: dict[str, datetime] = {}
        self._table = database.qualified(TABLE)
        # Named under the plugin, so the plugin's service may publish it and every replica hears it.
        self._announce = Event(f"{plugin}.turnout_setting_changed", _Reload)
        self._events: EventBus | None = None

    def _invalid(self, key: str, message: str) -> UnprocessableContent:
        name = f"{self.plugin}.{key}"
        return UnprocessableContent(
            f"{name}: {message}", errors=[FieldError(message=message, field=name, pointer="/value")]
        )

    def validate(self, key: str, value: Any) -> Any:
        """``value`` as the field's type; 404 for a key that is not changeable, 422 for a bad value."""
        field = self.fields.get(key)
        if field is None:
            raise NotFound(f"{self.plugin} has no setting {key!r} that can be changed at run time")
        try:
            converted = msgspec.convert(value, field.type)
            # The whole config again: its own checks across fields (``__post_init__``) must hold too.
            candidate = {**msgspec.to_builtins(self.config), key: msgspec.to_builtins(converted)}
            checked = msgspec.convert(candidate, type(self.config))
        except msgspec.ValidationError as error:
            raise self._invalid(key, str(error)) from None
        return getattr(checked, key)

    async def load(self) -> None:
        """Set every stored override on the config; one no longer valid is skipped (and logged)."""
        rows = await self.database.query(f"SELECT key, value, changed_at FROM {self._table}")  # noqa: S608
        stored = {row["key"]: row for row in rows}
        for key in self.fields:
            row = stored.get(key)
            if row is None:
                setattr(self.config, key, copy.deepcopy(self._configured[key]))
                self._changed_at.pop(key, None)
                continue
            try:
                value = self.validate(key, msgspec.json.decode(row["value"]))
            except (UnprocessableContent, msgspec.DecodeError):
                log.warning("stored setting no longer valid; the configured value applies", extra={"key": key})
                continue
            setattr(self.config, key, value)
            self._changed_at[key] = datetime.fromtimestamp(float(row["changed_at"]), UTC)

    async def start(self, events: EventBus) -> None:
        """Hear changes made by any replica; reload after a gap in broadcasts."""
        self._events = events

        async def announced(_: CallContext, __: _Reload) -> None:
            await self.load()

        await events.broadcast(self._announce, announced, on_gap=self.load)

    def settings(self) -> list[Setting]:
        return [self._describe(key) for key in self.fields]

    def applied(self) -> dict[str, Any]:
        """The values this process applies now (every replica reports its own)."""
        return {key: msgspec.to_builtins(getattr(self.config, key)) for key in self.fields}

    def _describe(self, key: str) -> Setting:
        return Setting(
            plugin=self.plugin,
            key=key,
            value=msgspec.to_builtins(getattr(self.config, key)),
            configured=msgspec.to_builtins(self._configured[key]),
            schema=msgspec.json.schema(self.fields[key].type),
            changed_at=self._changed_at.get(key),
        )

    async def change(self, key: str, value: Any) -> SettingChange:
        """Validate, store, apply here, and announce to the other replicas."""
        converted = self.validate(key, value)
        previous = msgspec.to_builtins(getattr(self.config, key))
        now = time.time()
        await self.database.query(
            f"INSERT INTO {self._table} (key, value, changed_at) VALUES ({{}}, {{}}, {{}})"  # noqa: S608
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at",
            key,
            msgspec.json.encode(converted).decode(),
            now,
        )
        setattr(self.config, key, converted)
        self._changed_at[key] = datetime.fromtimestamp(now, UTC)
        if self._events is not None:
            await self._events.publish(self._announce, _Reload(key))
        return SettingChange(setting=self._describe(key), previous=previous)
