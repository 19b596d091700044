"""JetStream stream limits from ``[events]``, and transient events on a capped stream of their own."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import nats
import pytest
from nats.aio.client import Client

from framework import CallContext, EventsConfig, JetStreamBus, Subscription, load_config
from framework._config import ConfigError
from framework._events import STREAM, TRANSIENT_STREAM
from generated.simulation.events import COMPLETED, PROGRESS
from generated.simulation.models import JobStatus, SimulationFinished, SimulationProgress
from tests._services import NatsServer
from tests._wait import eventually


@pytest.fixture
async def nc(nats_server: NatsServer) -> AsyncIterator[Client]:
    client = await nats.connect(nats_server.url)
    try:
        yield client
    finally:
        await client.close()


def _progress(job: uuid.UUID, value: float) -> SimulationProgress:
    return SimulationProgress(job_id=job, owner_id=uuid.uuid4(), progress=value, occurred_at=datetime.now(UTC))


async def test_the_streams_get_the_configured_limits_and_follow_a_change(nc: Client) -> None:
    first = EventsConfig(stream_max_age_seconds=3600.0, stream_max_bytes=5_000_000, transient_max_age_seconds=30.0)
    await JetStreamBus(nc, first).publish(PROGRESS, _progress(uuid.uuid4(), 0.5))
    js = nc.jetstream()
    durable = (await js.stream_info(STREAM)).config
    assert (durable.max_age, durable.max_bytes) == (3600.0, 5_000_000)
    transient = (await js.stream_info(TRANSIENT_STREAM)).config
    assert (transient.max_age, transient.max_msgs_per_subject) == (30.0, 1000)
    # A process started with other settings brings the existing streams to them.
    second = EventsConfig(stream_max_age_seconds=7200.0, stream_max_bytes=9_000_000, transient_max_msgs_per_subject=7)
    await JetStreamBus(nc, second).publish(PROGRESS, _progress(uuid.uuid4(), 0.6))
    durable = (await js.stream_info(STREAM)).config
    assert (durable.max_age, durable.max_bytes) == (7200.0, 9_000_000)
    assert (await js.stream_info(TRANSIENT_STREAM)).config.max_msgs_per_subject == 7
    assert (await js.stream_info(TRANSIENT_STREAM)).state.messages == 2  # updating kept what was stored


async def test_progress_events_do_not_accumulate_past_their_limit(nc: Client) -> None:
    settings = EventsConfig(transient_max_msgs_per_subject=10)
    bus = JetStreamBus(nc, settings)
    job = uuid.uuid4()
    for step in range(50):
        await bus.publish(PROGRESS, _progress(job, step / 50))
    finished = SimulationFinished(
        job_id=job, owner_id=uuid.uuid4(), status=JobStatus.succeeded, occurred_at=datetime.now(UTC)
    )
    await bus.publish(COMPLETED, finished)
    js = nc.jetstream()
    transient = (await js.stream_info(TRANSIENT_STREAM, subjects_filter=">")).state
    assert transient.messages == 10  # the oldest progress went; the stream stays bounded
    assert transient.subjects == {PROGRESS.subject: 10}
    durable = (await js.stream_info(STREAM, subjects_filter=">")).state
    assert durable.subjects == {COMPLETED.subject: 1}  # durable events are kept apart, uncapped per subject
    # A subscriber that comes late gets the newest progress only, and every durable event.
    seen: list[float] = []

    async def on_progress(ctx: CallContext, payload: SimulationProgress) -> None:
        seen.append(payload.progress)

    await bus.subscribe(Subscription("files", PROGRESS, on_progress))
    await eventually(lambda: len(seen) == 10)
    assert seen == [step / 50 for step in range(40, 50)]
    await bus.close()


@pytest.mark.parametrize(
    ("setting", "key", "message"),
    [
        ("max_attempts = 0", "events.max_attempts", ">= 1"),
        ("backoff_base_seconds = -1", "events.backoff_base_seconds", "> 0"),
        ("stream_max_bytes = 0", "events.stream_max_bytes", ">= 1"),
        ("backoff_base_seconds = 9\nbackoff_max_seconds = 1", "events.backoff_max_seconds", "must not be less"),
        ("retries = 3", "events.retries", "unknown key"),
    ],
)
def test_events_settings_are_checked_and_errors_name_file_and_key(
    tmp_path: Path, setting: str, key: str, message: str
) -> None:
    path = tmp_path / "platform.toml"
    path.write_text(f"[events]\n{setting}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert raised.value.file == str(path)
    assert raised.value.key == key
    assert message in raised.value.message
