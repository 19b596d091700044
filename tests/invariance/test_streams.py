"""Streamed bytes: an upload relayed by probe to target, and the download back, are the same bytes;
an event stream flows frame by frame and stops its producer when the reader leaves."""

from __future__ import annotations

import hashlib
import random
import uuid

import httpx
import pytest

from tests.invariance.conftest import eventually

# Empty, one byte, across a chunk boundary (256 KiB), and a few megabytes of many chunks.
SIZES = [0, 1, 256 * 1024 + 1, 3 * 1024 * 1024 + 17]


@pytest.mark.parametrize("size", SIZES)
def test_an_upload_and_its_download_keep_every_byte(pair: httpx.Client, size: int) -> None:
    data = random.Random(size).randbytes(size)
    files = {"file": ("sample.bin", data, "application/octet-stream")}
    stored = pair.post("/probe/files", files=files, timeout=60.0)
    assert stored.status_code == 201, stored.text
    body = stored.json()
    assert (body["filename"], body["content_type"], body["size"]) == ("sample.bin", "application/octet-stream", size)
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    download = pair.get(f"/probe/files/{body['key']}", timeout=60.0)
    assert download.status_code == 200, download.text
    assert download.content == data


def test_an_event_stream_flows_and_its_producer_stops_when_the_reader_leaves(pair: httpx.Client) -> None:
    # Target's producer waits a minute after its first frame, with no heartbeat in between: only
    # the reader leaving can end it early, relayed through probe (two NATS hops when split).
    token = uuid.uuid4()
    with pair.stream("GET", f"/probe/ticks/{token}", params={"hold_ms": 60_000}, timeout=60.0) as live:
        assert live.status_code == 200
        assert live.headers["content-type"].startswith("text/event-stream")
        assert live.headers["cache-control"] == "no-cache"
        lines = live.iter_lines()
        assert [next(lines), next(lines), next(lines)] == ["id: 1", "event: tick", "data: 1"]
        assert pair.get(f"/probe/ticks/{token}/state").json() == {"state": "streaming"}
    # Well before the hold ends: the producer was cancelled where it waited, in both placements.
    state = eventually(
        lambda: pair.get(f"/probe/ticks/{token}/state").json(), lambda s: s["state"] != "streaming", 20.0
    )
    assert state == {"state": "stopped"}


def test_an_event_stream_that_ends_by_itself_ends_the_response(pair: httpx.Client) -> None:
    token = uuid.uuid4()
    response = pair.get(f"/probe/ticks/{token}", params={"hold_ms": 0}, timeout=60.0)
    assert response.status_code == 200
    assert response.text == "id: 1\nevent: tick\ndata: 1\n\n"
    assert pair.get(f"/probe/ticks/{token}/state").json() == {"state": "ended"}
