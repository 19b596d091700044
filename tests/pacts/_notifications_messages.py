"""What notifications does with a consumed event, on a real database: the sends its handlers make."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import msgspec
from pact import Pact

from framework import CallContext
from framework._db import open_plugin_database
from framework.jobs import Jobs
from generated.auth import AuthService
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.fanout import Fanout, SendInputs, send_kind, send_limits
from plugins.notifications.preferences import PreferenceStore
from plugins.notifications.recipients import Recipients
from plugins.notifications.subscriptions import EventNotices
from plugins.notifications.tables import TABLES, SendRow
from tests.pacts._harness import new_pact
from tests.pacts._usage_messages import body_bytes, expect_event

__all__ = ["handled_twice", "notices", "sends_made"]

P = TypeVar("P")
# Every event notifies here, files' included (they are off by default).
EVERY_EVENT = NotificationsConfig(
    notify_on=[
        "simulation.completed",
        "simulation.failed",
        "auth.user_registered",
        "auth.password_changed",
        "auth.api_key_created",
        "files.uploaded",
        "files.deleted",
    ]
)


@asynccontextmanager
async def notices(workdir: Path) -> AsyncIterator[EventNotices]:
    """Notifications' event handlers over its tables on a SQLite file of their own (no workers run)."""
    database = await open_plugin_database(f"sqlite:///{workdir / 'var'}", "notifications", workdir / "var")
    database.bind(TABLES)
    await database.migrate(TABLES, [])
    # The handlers only record; auth is asked nothing until an email is sent.
    recipients = Recipients(cast(AuthService, object()))
    fanout = Fanout(EVERY_EVENT, PreferenceStore(), recipients, lambda: cast(Jobs[Any, Any], None))
    sends = Jobs(send_kind(fanout), send_limits(EVERY_EVENT))
    try:
        yield EventNotices(EVERY_EVENT, sends, recipients)
    finally:
        await database.close()


async def sends_made() -> list[SendInputs]:
    """Every send the handlers queued."""
    rows = await SendRow.select(SendRow.inputs).run()
    decode = msgspec.json.Decoder(SendInputs).decode
    return [decode(row["inputs"]) for row in rows]


async def handled_twice(
    workdir: Path,
    consumer_provider: tuple[str, str],
    event: str,
    example: dict[str, Any],
    payload: type[P],
    handler: Callable[[EventNotices], Callable[[CallContext, P], Awaitable[None]]],
) -> tuple[P, list[SendInputs]]:
    """Record a message interaction for ``event``, decode it as the bus does, and handle it twice (a redelivery)."""
    pact: Pact = new_pact(*consumer_provider)
    expect_event(pact, event, example)
    received: list[P] = []
    decode = msgspec.json.Decoder(payload)
    pact.verify(lambda body, _: received.append(decode.decode(body_bytes(body))), "Async")
    assert len(received) == 1
    async with notices(workdir / uuid.uuid4().hex) as handlers:
        for _ in range(2):
            await handler(handlers)(CallContext.system(), received[0])
        made = await sends_made()
    pact.write_file(workdir)  # merged with the other interactions of the same pair
    return received[0], made
