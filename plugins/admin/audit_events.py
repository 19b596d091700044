"""Which events the audit log records, and what entry each becomes: who acted, on what, when, and details."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from framework import Event
from generated.admin.events import ACTION
from generated.auth.events import (
    API_KEY_CREATED,
    API_KEY_REVOKED,
    LOGIN_FAILED,
    LOGIN_SUCCEEDED,
    PASSWORD_CHANGED,
    ROLE_CHANGED,
    USER_DISABLED,
    USER_ENABLED,
    USER_REGISTERED,
)
from generated.files.events import DELETED

__all__ = ["AUDITED", "AUDITED_EVENTS", "Audited", "Described", "dedup_key"]


class Described(msgspec.Struct, frozen=True, kw_only=True):
    """An event as an audit entry, before it is given its place in the chain."""

    at: datetime
    actor: str | None
    action: str
    target: str
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Audited:
    """An audited event and the payload fields that name its actor, target and time; the rest are details."""

    event: Event[Any]
    actor: str | None
    target: str
    at: str

    def describe(self, payload: msgspec.Struct) -> Described:
        fields: dict[str, Any] = msgspec.to_builtins(payload)
        if self.event is ACTION:  # an admin action names its own action and details
            action, details = f"admin.{fields['action']}", dict(fields["details"])
        else:
            action = self.event.name
            details = {k: v for k, v in fields.items() if k not in {self.actor, self.target, self.at}}
        actor = fields.get(self.actor) if self.actor else None
        return Described(
            at=getattr(payload, self.at),
            actor=None if actor is None else str(actor),
            action=action,
            target=str(fields[self.target]),
            details=details,
        )


AUDITED: tuple[Audited, ...] = (
    Audited(USER_REGISTERED, "user_id", "user_id", "registered_at"),
    Audited(PASSWORD_CHANGED, "user_id", "user_id", "changed_at"),
    Audited(LOGIN_SUCCEEDED, "user_id", "user_id", "at"),
    Audited(LOGIN_FAILED, "user_id", "email", "at"),  # user_id only when an account has that email
    Audited(ROLE_CHANGED, "actor_id", "user_id", "at"),
    Audited(USER_DISABLED, "actor_id", "user_id", "at"),
    Audited(USER_ENABLED, "actor_id", "user_id", "at"),
    Audited(API_KEY_CREATED, "user_id", "key_id", "at"),
    Audited(API_KEY_REVOKED, "user_id", "key_id", "at"),
    Audited(DELETED, "owner_id", "file_id", "occurred_at"),
    Audited(ACTION, "actor_id", "target", "at"),
)

AUDITED_EVENTS: tuple[Event[Any], ...] = tuple(audited.event for audited in AUDITED)


def dedup_key(event: Event[Any], payload: msgspec.Struct) -> str:
    """The same for every delivery of one event: its name and canonical payload, hashed."""
    canonical = msgspec.json.encode(payload, order="sorted")
    return hashlib.sha256(event.name.encode() + b"\n" + canonical).hexdigest()
