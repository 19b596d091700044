"""What the live stream needs from the jobs kit's announcements (``turnout.job_progress`` and
``turnout.job_finished``), as message pacts (consumer side).

The framework publishes them for every plugin's jobs (provider ``turnout``). Each example is
decoded as the bus decodes it and handled by the live feed's own handlers into a real database:
it becomes an item on the owner's stream, named after the job's kind, stored once however often
it is delivered. The recorded pact must equal the committed ``pacts/notifications-turnout.json``,
which ``test_turnout_provider`` verifies against events the jobs kit really published.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import msgspec
from pact import match

from framework import JOB_FINISHED, JOB_PROGRESS, CallContext, JobFinished, JobProgress, LocalBus
from framework._db import open_plugin_database
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.live import LiveEventRow, LiveFeed
from tests.pacts._harness import assert_pact_committed, new_pact
from tests.pacts._usage_messages import body_bytes, expect_event, timestamp

OWNER = "5d1f7a2b-6c3e-4f80-9a1b-2c3d4e5f6a7b"
JOB = "0b7c2f1e-3a44-4d5e-9f60-7a8b9c0d1e2f"
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
COMMON = {
    "plugin": match.str("simulation"),
    "kind": match.str("simulation"),
    "job_id": match.regex(JOB, regex=UUID_PATTERN),
    "owner_id": match.regex(OWNER, regex=UUID_PATTERN),
    "occurred_at": timestamp(),
}
PROGRESS = {
    **COMMON,
    "progress": match.decimal(0.5),
    "id": match.regex("9b1f0c2d4e6a48b7a3c5d7e9f1a2b3c4", regex=r"^\S+$"),
}
FINISHED = {
    **COMMON,
    "status": match.regex("succeeded", regex=r"^(succeeded|failed|cancelled)$"),
    "id": match.regex(f"{uuid.UUID(JOB).hex}:finished", regex=r"^\S+$"),
}


async def _stored(tmp_path: Path, handle: Any) -> list[dict[str, Any]]:
    database = await open_plugin_database(f"sqlite:///{tmp_path / 'var'}", "notifications", tmp_path / "var")
    database.bind([LiveEventRow])
    await database.migrate([LiveEventRow], [])
    try:
        feed = LiveFeed(NotificationsConfig(), database, LocalBus())
        for _ in range(2):  # a redelivery is stored once
            await handle(feed)
        rows: list[dict[str, Any]] = await LiveEventRow.select().order_by(LiveEventRow.id).run()
        return rows
    finally:
        await database.close()


async def test_the_live_stream_shows_every_plugin_s_job_progress_and_ending(tmp_path: Path) -> None:
    pact = new_pact("notifications", "turnout")
    expect_event(pact, JOB_PROGRESS.name, PROGRESS)
    expect_event(pact, JOB_FINISHED.name, FINISHED)
    bodies: list[bytes] = []
    pact.verify(lambda body, _: bodies.append(body_bytes(body)), "Async")
    assert len(bodies) == 2
    progress = next(msgspec.json.decode(b, type=JobProgress) for b in bodies if b"progress" in b)
    finished = next(msgspec.json.decode(b, type=JobFinished) for b in bodies if b"status" in b)

    async def both(feed: LiveFeed) -> None:
        await feed.job_progress(CallContext.system(), progress)
        await feed.job_finished(CallContext.system(), finished)

    rows = await _stored(tmp_path, both)
    assert [(str(row["user_id"]), row["kind"]) for row in rows] == [
        (OWNER, "simulation.progress"),
        (OWNER, "simulation.completed"),
    ]
    assert json.loads(rows[0]["data"])["progress"] == 0.5
    assert json.loads(rows[1]["data"])["job_id"] == JOB
    pact.write_file(tmp_path)
    assert_pact_committed(tmp_path, "notifications", "turnout")
