"""Streamed bytes: an upload relayed by probe to target, and the download back, are the same bytes."""

from __future__ import annotations

import hashlib
import random

import httpx
import pytest

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
