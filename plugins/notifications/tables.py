"""The notifications plugin's own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.columns import UUID, Boolean, DoublePrecision, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from framework.jobs import JobColumns

__all__ = [
    "TABLES",
    "AttemptRow",
    "DeliveryRow",
    "NotificationRow",
    "PreferenceRow",
    "RecipientRow",
    "SendRow",
    "WebhookRow",
]


class NotificationRow(Table, tablename="notifications"):
    """One in-app notification of one user; its id is derived from its send and user (a re-run adds nothing)."""

    id = UUID(primary_key=True)
    user_id = UUID(index=True)
    send_id = UUID(index=True)
    kind = Varchar(length=100)
    title = Varchar(length=200)
    body = Text()
    data = Text()  # JSON object
    created_at = Timestamptz()
    read_at = Timestamptz(null=True, default=None)


class PreferenceRow(Table, tablename="preferences"):
    """A user's preferences as JSON; a user without a row has the defaults."""

    user_id = UUID(primary_key=True)
    settings = Text()
    updated_at = Timestamptz()


class RecipientRow(Table, tablename="recipients"):
    """A user's email address, as auth announced it when they registered."""

    user_id = UUID(primary_key=True)
    email = Varchar(length=254)


class WebhookRow(Table, tablename="webhooks"):
    """A user's webhook: where their notifications of the chosen kinds are POSTed, signed with ``secret``."""

    id = UUID(primary_key=True)
    owner_id = UUID(index=True)
    url = Text()
    secret = Text()
    kinds = Text()  # JSON list; empty: every kind
    created_at = Timestamptz()


class SendRow(JobColumns, Table, tablename="sends"):
    """A send: the job that makes its recipients' notifications and deliveries (``owner_id``: the sender)."""

    kind = Varchar(length=100)
    recipients = Integer()


class DeliveryRow(JobColumns, Table, tablename="deliveries"):
    """A delivery on one channel to one user (and webhook): a job; ``outcome`` says how it ended.

    ``round`` counts replays: the attempts of the current round decide the backoff and the dead letter.
    """

    channel = Varchar(length=16)
    kind = Varchar(length=100)
    webhook_id = UUID(null=True, default=None, index=True)
    outcome = Varchar(length=16, null=True, default=None, index=True)
    last_error = Text(null=True, default=None)
    round = Integer(default=1)
    tries = Integer(default=0)


class AttemptRow(Table, tablename="delivery_attempts"):
    """One attempt of a delivery: when, what came back, how long it took, and when the next may be made."""

    id = UUID(primary_key=True)
    delivery_id = UUID(index=True)
    webhook_id = UUID(null=True, default=None, index=True)
    round = Integer()
    number = Integer()
    at = Timestamptz()
    status_code = Integer(null=True, default=None)
    error = Text(null=True, default=None)
    duration_ms = DoublePrecision()
    succeeded = Boolean()
    next_at = Timestamptz(null=True, default=None)


TABLES: list[type[Table]] = [
    NotificationRow,
    PreferenceRow,
    RecipientRow,
    WebhookRow,
    SendRow,
    DeliveryRow,
    AttemptRow,
]
