"""Files as streams: what an upload and a download are, the same on every transport.

An operation whose request is ``multipart/form-data`` with a binary part takes an :class:`Upload`;
one whose success response is binary returns a :class:`Download`. Both carry their bytes as an
async iterator of chunks, so no transport ever holds a whole file in memory.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass

import msgspec

__all__ = ["CHUNK_SIZE", "Download", "FileMeta", "Upload", "close_chunks", "iterate_bytes", "rechunk"]

CHUNK_SIZE = 256 * 1024
"""Largest chunk a transport sends at once (well under NATS's 1 MiB default payload limit)."""


class FileMeta(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """A file's name, media type and, when known, size: what travels ahead of its bytes."""

    filename: str
    content_type: str
    size: int | None = None


async def iterate_bytes(data: bytes, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
    """``data`` as chunks of at most ``chunk_size`` bytes."""
    for start in range(0, len(data), chunk_size):
        yield data[start : start + chunk_size]


async def rechunk(chunks: AsyncIterable[bytes], chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
    """The same bytes in chunks of at most ``chunk_size``; empty chunks are dropped."""
    async for chunk in chunks:
        for start in range(0, len(chunk), chunk_size):
            yield chunk[start : start + chunk_size]


async def close_chunks(chunks: AsyncIterator[bytes]) -> None:
    """Close an iterator of chunks when it can be closed (an async generator's cleanup runs)."""
    aclose = getattr(chunks, "aclose", None)
    if aclose is not None:
        await aclose()


@dataclass(eq=False, slots=True)
class Upload:
    """A file arriving as a stream of chunks; it can be read once.

    ``length_hint`` is an upper bound of the size when the transport knows one (an HTTP
    Content-Length), so a service can refuse an oversize file before reading it.
    """

    filename: str
    content_type: str
    chunks: AsyncIterator[bytes]
    length_hint: int | None = None

    @classmethod
    def from_bytes(cls, data: bytes, *, filename: str, content_type: str) -> Upload:
        """An upload of ``data`` held in memory (tests, small generated files)."""
        return cls(filename, content_type, iterate_bytes(data), len(data))

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self.chunks

    async def aclose(self) -> None:
        """Stop reading: the sender is told, and whatever holds the bytes is released."""
        await close_chunks(self.chunks)

    def meta(self) -> FileMeta:
        return FileMeta(filename=self.filename, content_type=self.content_type, size=self.length_hint)


@dataclass(eq=False, slots=True)
class Download:
    """A file leaving as a stream of chunks; read it once, or close it to stop early."""

    filename: str
    content_type: str
    chunks: AsyncIterator[bytes]
    size: int | None = None

    @classmethod
    def from_bytes(cls, data: bytes, *, filename: str, content_type: str) -> Download:
        return cls(filename, content_type, iterate_bytes(data), len(data))

    @classmethod
    def from_meta(cls, meta: FileMeta, chunks: AsyncIterator[bytes]) -> Download:
        return cls(meta.filename, meta.content_type, chunks, meta.size)

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self.chunks

    async def read(self, limit: int | None = None) -> bytes:
        """Every byte, joined; more than ``limit`` bytes is a ValueError (the rest is not read)."""
        parts: list[bytes] = []
        total = 0
        try:
            async for chunk in self.chunks:
                total += len(chunk)
                if limit is not None and total > limit:
                    raise ValueError(f"{self.filename} is larger than {limit} bytes")
                parts.append(chunk)
        finally:
            await close_chunks(self.chunks)
        return b"".join(parts)

    async def aclose(self) -> None:
        await close_chunks(self.chunks)

    def meta(self) -> FileMeta:
        return FileMeta(filename=self.filename, content_type=self.content_type, size=self.size)
