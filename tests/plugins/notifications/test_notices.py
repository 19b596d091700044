"""Events in, sends out: each consumed event notifies the user it concerns once, and only where ``notify_on`` says."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from framework import CallContext, utcnow
from generated.auth.models import ApiKeyCreatedEvent
from generated.files.models import FileDeleted
from tests.pacts._notifications_messages import notices, sends_made


def test_an_api_key_notice_is_sent_once_per_key(tmp_path: Path) -> None:
    async def scenario() -> None:
        user, key = uuid.uuid4(), uuid.uuid4()
        async with notices(tmp_path) as handlers:
            event = ApiKeyCreatedEvent(user_id=user, key_id=key, name="ci", at=utcnow())
            for _ in range(2):  # a redelivery
                await handlers.api_key_created(CallContext.system(), event)
            [send] = await sends_made()
        assert (send.kind, send.user_ids, send.data) == ("security.api_key_created", [user], {"key_id": str(key)})
        assert "'ci'" in send.body

    asyncio.run(scenario())


def test_events_not_in_notify_on_send_nothing(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with notices(tmp_path) as handlers:
            handlers.notify_on = frozenset({"simulation.completed"})
            event = FileDeleted(file_id=uuid.uuid4(), owner_id=uuid.uuid4(), occurred_at=utcnow())
            await handlers.file_deleted(CallContext.system(), event)
            assert await sends_made() == []

    asyncio.run(scenario())
