"""Nothing accepted is lost: deliveries and sends left by a process that died are picked up by the next one,
and a delivery carries on with its next attempt, numbered on, after the backoff the last attempt set."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import httpx
import msgspec
import pytest

from framework import utcnow
from framework._db import PluginDatabase, open_plugin_database
from framework.jobs import Jobs, JobState, request_hash
from generated.auth import AuthService
from generated.notifications.models import Channel
from plugins.notifications.channels import DeliveryInputs
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.delivery import Deliverer, delivery_kind, delivery_limits
from plugins.notifications.fanout import Fanout, SendInputs, queued_delivery, send_kind, send_limits
from plugins.notifications.preferences import PreferenceStore
from plugins.notifications.recipients import Recipients
from plugins.notifications.signing import verify_signature
from plugins.notifications.tables import TABLES, AttemptRow, DeliveryRow, NotificationRow, SendRow, WebhookRow
from plugins.notifications.webhook import WebhookChannel
from tests.plugins.notifications._receiver import Receiver, running_receiver

CONFIG = NotificationsConfig(
    allow_private_webhook_targets=True, webhook_backoff_seconds=0.05, poll_seconds=0.1, lease_seconds=2.0
)
SECRET = "whsec_resume_test_secret"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from running_receiver()


async def _database(tmp_path: Path) -> PluginDatabase:
    database = await open_plugin_database(f"sqlite:///{tmp_path / 'var'}", "notifications", tmp_path / "var")
    database.bind(TABLES)
    await database.migrate(TABLES, [])
    return database


async def _until(check: Any, within: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while not (row := await check()):
        assert time.monotonic() < deadline, "not done in time"
        await asyncio.sleep(0.05)
    found: dict[str, Any] = row
    return found


async def _left_behind(receiver: Receiver, path: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A webhook, and a delivery to it as a process left it when it died: running, lease lapsed, one attempt made."""
    owner, hook = uuid.uuid4(), uuid.uuid4()
    await WebhookRow.insert(
        WebhookRow(
            id=hook, owner_id=owner, url=receiver.base_url + path, secret=SECRET, kinds="[]", created_at=utcnow()
        )
    ).run()
    message = DeliveryInputs(
        channel="webhook", user_id=owner, kind="release", title="v2", body="", created_at=utcnow(), webhook_id=hook
    )
    delivery = uuid.uuid4()
    row = {
        **queued_delivery(delivery, message),
        "status": JobState.running.value,
        "lease_owner": "a-process-that-died",
        "lease_expires_at": utcnow() - timedelta(seconds=1),
        "attempts": 1,
        "tries": 1,
    }
    await DeliveryRow.insert(DeliveryRow(**row)).run()
    await AttemptRow.insert(
        AttemptRow(
            id=uuid.uuid4(), delivery_id=delivery, webhook_id=hook, round=1, number=1, at=utcnow(),
            status_code=503, error="not a 2xx answer", duration_ms=1.0, succeeded=False,
            next_at=utcnow() + timedelta(seconds=0.3),
        )
    ).run()  # fmt: skip
    return delivery, owner


def test_a_delivery_and_a_send_left_by_a_dead_process_are_finished_by_the_next(
    tmp_path: Path, receiver: Receiver
) -> None:
    async def scenario() -> None:
        database = await _database(tmp_path)
        path = "/resumed"
        delivery, owner = await _left_behind(receiver, path)
        # A send accepted before the crash, never started.
        users = [owner, uuid.uuid4()]
        inputs = SendInputs(kind="release", title="v2", user_ids=users, channels=[Channel.in_app], created_at=utcnow())
        send = uuid.uuid4()
        await SendRow.insert(
            SendRow(
                id=send, owner_id=uuid.UUID(int=0), status="queued", progress=0.0,
                inputs=msgspec.json.encode(inputs).decode(), request_hash=request_hash(inputs), idempotency_key=None,
                cancel_requested=False, attempts=0, created_at=utcnow(), kind="release", recipients=2,
            )
        ).run()  # fmt: skip

        # The next process: the same job kinds on the same database.
        async with httpx.AsyncClient(follow_redirects=False) as client:
            deliveries: Jobs[Any, Any] = Jobs(
                delivery_kind(Deliverer({"webhook": WebhookChannel(CONFIG, client)}, CONFIG)), delivery_limits(CONFIG)
            )
            # Email is not used here: the auth client is never called.
            recipients = Recipients(cast(AuthService, object()))
            sends: Jobs[Any, Any] = Jobs(
                send_kind(Fanout(CONFIG, PreferenceStore(), recipients, lambda: deliveries)), send_limits(CONFIG)
            )
            deliveries.start()
            sends.start()
            try:
                done = await _until(
                    lambda: (
                        DeliveryRow.select()
                        .where((DeliveryRow.id == delivery) & (DeliveryRow.outcome.is_not_null()))
                        .first()
                        .run()
                    )
                )
                await _until(
                    lambda: SendRow.select().where((SendRow.id == send) & (SendRow.status == "succeeded")).first().run()
                )
            finally:
                await deliveries.stop()
                await sends.stop()
        assert done["outcome"] == "delivered"
        assert done["tries"] == 2
        attempts = await AttemptRow.select().where(AttemptRow.delivery_id == delivery).order_by(AttemptRow.number).run()
        assert [(a["number"], a["succeeded"]) for a in attempts] == [(1, False), (2, True)]
        assert attempts[1]["at"] >= attempts[0]["next_at"]  # the backoff set before the crash was kept
        [request] = receiver.got(path)
        assert request.headers["turnout-event-id"] == str(delivery)
        assert verify_signature(SECRET, request.body, request.headers["turnout-signature"])
        stored = await NotificationRow.select(NotificationRow.user_id).where(NotificationRow.send_id == send).run()
        assert sorted(str(r["user_id"]) for r in stored) == sorted(str(u) for u in users)
        await database.close()

    asyncio.run(scenario())
