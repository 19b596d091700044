"""Users' preferences: which channels are on, and per kind of notification which channels it goes to."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec

from framework import utcnow
from generated.notifications.models import Channel, ChannelSwitches, Preferences
from plugins.notifications.tables import PreferenceRow

__all__ = ["DEFAULT_PREFERENCES", "PreferenceStore", "channels_for"]

DEFAULT_PREFERENCES = Preferences(
    channels=ChannelSwitches(in_app=True, email=True, sms=False, push=False, webhook=True), kinds={}
)
"""A user who never chose: in-app, email and webhooks on, SMS and push off, every kind everywhere on."""

_decode = msgspec.json.Decoder(Preferences).decode


def channels_for(preferences: Preferences, kind: str, chosen: Sequence[Channel] | None) -> set[Channel]:
    """The channels a notification of ``kind`` goes to: those chosen (or the kind's, else all) that are on."""
    on = {channel for channel in Channel if getattr(preferences.channels, channel.value)}
    kinds = preferences.kinds if isinstance(preferences.kinds, dict) else {}
    if chosen:
        wanted: Iterable[Channel] = chosen
    elif kind in kinds:
        wanted = kinds[kind]
    else:
        wanted = Channel
    return on.intersection(wanted)


class PreferenceStore:
    """Reads and replaces preferences in the plugin's table."""

    async def load(self, user: uuid.UUID) -> Preferences:
        """The user's preferences, or the defaults."""
        row: dict[str, Any] | None = (
            await PreferenceRow.select(PreferenceRow.settings).where(PreferenceRow.user_id == user).first().run()
        )
        return DEFAULT_PREFERENCES if row is None else _decode(row["settings"])

    async def load_many(self, users: Sequence[uuid.UUID]) -> dict[uuid.UUID, Preferences]:
        """The preferences of those of ``users`` who chose any; the rest have the defaults."""
        if not users:
            return {}
        rows = (
            await PreferenceRow.select(PreferenceRow.user_id, PreferenceRow.settings)
            .where(PreferenceRow.user_id.is_in(list(users)))
            .run()
        )
        return {uuid.UUID(str(row["user_id"])): _decode(row["settings"]) for row in rows}

    async def store(self, user: uuid.UUID, preferences: Preferences) -> Preferences:
        """Replace the user's preferences; returns them as stored (kinds always present)."""
        kinds = preferences.kinds if isinstance(preferences.kinds, dict) else {}
        stored = Preferences(channels=preferences.channels, kinds={k: list(dict.fromkeys(v)) for k, v in kinds.items()})
        settings = msgspec.json.encode(stored).decode()
        await (
            PreferenceRow.insert(PreferenceRow(user_id=user, settings=settings, updated_at=utcnow()))
            .on_conflict(
                target=PreferenceRow.user_id,
                action="DO UPDATE",
                values=[PreferenceRow.settings, PreferenceRow.updated_at],
            )
            .run()
        )
        return stored
