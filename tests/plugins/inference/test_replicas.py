"""An activation reaches every replica: a second inference replica joins the split platform; both serve it."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import msgspec
import nats
import pytest

from tests._platform import CONTRACT_CHECK_ENV, TURNOUT, ManagedProcess, RunningPlatform
from tests.conftest import register_and_login
from tests.plugins.inference._support import HOUSEHOLD, admin_login, constant_model, predict, upload_model


async def _stats(url: str) -> dict[str, int]:
    """Each inference instance's count of predict requests, by instance id."""
    nc = await nats.connect(url)
    try:
        inbox = nc.new_inbox()
        sub = await nc.subscribe(inbox)
        await nc.publish("$SRV.STATS.inference", b"", reply=inbox)
        counts: dict[str, int] = {}
        deadline = time.monotonic() + 1.0
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await sub.next_msg(timeout=left)
            except TimeoutError:
                break
            stats: dict[str, Any] = msgspec.json.decode(msg.data)
            counts[stats["id"]] = next(e["num_requests"] for e in stats["endpoints"] if e["name"] == "predict")
        return counts
    finally:
        await nc.close()


def stats(platform: RunningPlatform) -> dict[str, int]:
    assert platform.nats_url is not None
    return asyncio.run(_stats(platform.nats_url))


@pytest.fixture
def second_replica(platform: RunningPlatform) -> Iterator[ManagedProcess]:
    env = {**CONTRACT_CHECK_ENV, **os.environ, **platform.env}
    argv = [TURNOUT, "serve", "inference", "--config", str(platform.config_path)]
    replica = ManagedProcess("inference.extra", argv, platform.workdir, env, platform.workdir / "inference.extra.log")
    replica.start()
    try:
        deadline = time.monotonic() + 90
        while len(stats(platform)) < 2:
            assert replica.running, replica.log_path.read_text()
            assert time.monotonic() < deadline, "the second replica never answered"
            time.sleep(0.2)
        yield replica
    finally:
        replica.stop()


@pytest.mark.parametrize("platform", ["split"], indirect=True)
def test_both_replicas_serve_the_activated_version(
    platform: RunningPlatform, second_replica: ManagedProcess, http: httpx.Client
) -> None:
    account = register_and_login(http)
    admin = admin_login(http)
    name = f"replicas-{uuid.uuid4().hex[:10]}"
    assert upload_model(http, admin, name, constant_model(0.2)).status_code == 201
    assert upload_model(http, admin, name, constant_model(0.8)).status_code == 201
    assert predict(http, account, HOUSEHOLD, model=name).json()["version"] == 1
    activated = http.post(f"/inference/models/{name}/versions/2/activate", headers=admin)
    assert activated.status_code == 200, activated.text

    before = stats(platform)
    assert len(before) == 2
    deadline = time.monotonic() + 60
    served: dict[str, int] = {}
    while True:
        for _ in range(10):
            answer = predict(http, account, HOUSEHOLD, model=name).json()
            assert (answer["version"], answer["label"]) == (2, "high"), answer  # never the old version, anywhere
        now = stats(platform)
        served = {instance: now[instance] - before[instance] for instance in before if instance in now}
        if len(served) == 2 and all(count > 0 for count in served.values()):
            break
        assert time.monotonic() < deadline, f"requests did not reach both replicas: {served}"
