"""Where encrypted blobs live: a small interface, and the local filesystem as its default backend.

Blob keys are made by the service (random hex), never from anything a user sent, so a file name
can never reach a filesystem path.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO, Protocol

__all__ = ["BlobMissing", "BlobStore", "BlobWriter", "LocalBlobStore", "new_blob_key"]

_KEY = re.compile(r"^[0-9a-f]{32}$")
_WRITE_BATCH = 1024 * 1024  # bytes gathered before one write, so each thread hop moves a useful amount
_READ_SIZE = 1024 * 1024


class BlobMissing(Exception):
    """No blob is stored under the key."""


def new_blob_key() -> str:
    return secrets.token_hex(16)


class BlobWriter(Protocol):
    async def write(self, data: bytes) -> None: ...

    async def commit(self) -> None:
        """Make the blob visible under its key, whole; until then it does not exist."""

    async def abort(self) -> None:
        """Drop what was written; the key stays free."""


class BlobStore(Protocol):
    """Stores opaque blobs by key; what is in them is the caller's business."""

    async def create(self, key: str) -> BlobWriter: ...

    def read(self, key: str) -> AsyncIterator[bytes]:
        """The blob's bytes in blocks; BlobMissing when there is none."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the blob; a missing one is not an error."""


class _LocalWriter:
    def __init__(self, final: Path, handle: BinaryIO, temporary: Path) -> None:
        self._final = final
        self._handle = handle
        self._temporary = temporary
        self._batch = bytearray()

    async def write(self, data: bytes) -> None:
        self._batch += data
        if len(self._batch) >= _WRITE_BATCH:
            await self._flush()

    async def _flush(self) -> None:
        if self._batch:
            batch, self._batch = bytes(self._batch), bytearray()
            await asyncio.to_thread(self._handle.write, batch)

    async def commit(self) -> None:
        await self._flush()

        def finish() -> None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            os.replace(self._temporary, self._final)

        await asyncio.to_thread(finish)

    async def abort(self) -> None:
        def drop() -> None:
            self._handle.close()
            with contextlib.suppress(FileNotFoundError):
                self._temporary.unlink()

        await asyncio.to_thread(drop)


class LocalBlobStore:
    """Blobs as files under ``root``, two levels of fan-out; written to a temporary file, then renamed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"{key!r} is not a blob key")
        return self.root / key[:2] / key

    async def create(self, key: str) -> BlobWriter:
        final = self.path(key)

        def open_temporary() -> tuple[BinaryIO, Path]:
            final.parent.mkdir(parents=True, exist_ok=True)
            temporary = final.with_name(f".{key}.{secrets.token_hex(4)}.partial")
            return open(temporary, "xb"), temporary

        handle, temporary = await asyncio.to_thread(open_temporary)
        return _LocalWriter(final, handle, temporary)

    async def read(self, key: str) -> AsyncIterator[bytes]:
        path = self.path(key)
        try:
            handle = await asyncio.to_thread(open, path, "rb")
        except FileNotFoundError:
            raise BlobMissing(key) from None
        try:
            while block := await asyncio.to_thread(handle.read, _READ_SIZE):
                yield block
        finally:
            handle.close()

    async def delete(self, key: str) -> None:
        path = self.path(key)
        with contextlib.suppress(FileNotFoundError):
            await asyncio.to_thread(path.unlink)
