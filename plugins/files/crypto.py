"""Encryption at rest: AES-256-GCM per file in authenticated segments, data keys wrapped by a master key.

A blob is ``MAGIC || nonce prefix (7 bytes) || segment...``. Each segment is up to 64 KiB of
plaintext sealed with AES-256-GCM under the file's data key, nonce ``prefix || counter (4 bytes)
|| last (1 byte)`` and the file id as associated data (the STREAM construction of Hoang, Reyhanitabar,
Rogaway and Vizár). Every segment is authenticated before its bytes are used, and cutting,
reordering, appending or swapping segments or whole blobs fails authentication.
"""

from __future__ import annotations

import base64
import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = [
    "SEGMENT_SIZE",
    "IntegrityError",
    "MasterKey",
    "decrypt_segments",
    "encrypt_segments",
    "load_master_key",
    "new_data_key",
]

SEGMENT_SIZE = 64 * 1024
MAGIC = b"TFB1"
_PREFIX_SIZE = 7
_TAG_SIZE = 16
HEADER_SIZE = len(MAGIC) + _PREFIX_SIZE
SEALED_SEGMENT_SIZE = SEGMENT_SIZE + _TAG_SIZE


class IntegrityError(Exception):
    """Stored bytes or a wrapped key failed authentication: tampered with, cut, or the wrong key."""


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


class MasterKey:
    """The key that wraps every file's data key; its id is recorded with each file."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the files master key must be 32 bytes (AES-256)")
        self._aead = AESGCM(key)
        self.key_id = hashlib.sha256(b"turnout-files-master-key" + key).hexdigest()[:16]

    def wrap(self, data_key: bytes, file_id: uuid.UUID) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, data_key, file_id.bytes)

    def unwrap(self, wrapped: bytes, file_id: uuid.UUID) -> bytes:
        try:
            return self._aead.decrypt(wrapped[:12], wrapped[12:], file_id.bytes)
        except InvalidTag:
            raise IntegrityError("the file's data key does not open with the master key") from None


def load_master_key(path: Path, env_value: str | None, *, env_name: str) -> MasterKey:
    """The master key from ``env_value`` (base64, read from ``$env_name``) if given, else from ``path``.

    A missing ``path`` is created (0600) with a new key.
    """
    if env_value:
        return MasterKey(_decode(env_value.strip(), f"${env_name}"))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(base64.b64encode(os.urandom(32)) + b"\n")
        try:
            os.link(temporary, path)  # atomic, and never replaces a key another process just wrote
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    raw = path.read_bytes()
    return MasterKey(raw if len(raw) == 32 else _decode(raw.strip().decode("ascii", "replace"), str(path)))


def _decode(text: str, where: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        raise ValueError(f"{where} is not base64") from None
    if len(key) != 32:
        raise ValueError(f"{where} must hold 32 bytes (AES-256), it holds {len(key)}")
    return key


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


async def encrypt_segments(chunks: AsyncIterator[bytes], data_key: bytes, file_id: uuid.UUID) -> AsyncIterator[bytes]:
    """The blob for the plaintext ``chunks``: the header, then sealed segments, the last one marked."""
    aead = AESGCM(data_key)
    prefix = os.urandom(_PREFIX_SIZE)
    aad = file_id.bytes
    yield MAGIC + prefix
    pending = bytearray()
    counter = 0
    async for chunk in chunks:
        pending += chunk
        # Seal a full segment only once more data follows it: the last one must be marked last.
        while len(pending) > SEGMENT_SIZE:
            yield aead.encrypt(_nonce(prefix, counter, False), bytes(pending[:SEGMENT_SIZE]), aad)
            del pending[:SEGMENT_SIZE]
            counter += 1
    yield aead.encrypt(_nonce(prefix, counter, True), bytes(pending), aad)


async def decrypt_segments(blocks: AsyncIterator[bytes], data_key: bytes, file_id: uuid.UUID) -> AsyncIterator[bytes]:
    """The plaintext of a blob read as ``blocks`` of any size; raises IntegrityError on any tampering."""
    aead = AESGCM(data_key)
    aad = file_id.bytes
    buffer = bytearray()
    prefix: bytes | None = None
    counter = 0
    async for block in blocks:
        buffer += block
        if prefix is None:
            if len(buffer) < HEADER_SIZE:
                continue
            if bytes(buffer[: len(MAGIC)]) != MAGIC:
                raise IntegrityError("the stored blob does not start with the expected header")
            prefix = bytes(buffer[len(MAGIC) : HEADER_SIZE])
            del buffer[:HEADER_SIZE]
        # Open a full segment only once more bytes follow it: only then is it known not to be the last.
        while len(buffer) > SEALED_SEGMENT_SIZE:
            yield _open(aead, prefix, counter, False, bytes(buffer[:SEALED_SEGMENT_SIZE]), aad)
            del buffer[:SEALED_SEGMENT_SIZE]
            counter += 1
    if prefix is None:
        raise IntegrityError("the stored blob is cut short before its header ends")
    yield _open(aead, prefix, counter, True, bytes(buffer), aad)


def _open(aead: AESGCM, prefix: bytes, counter: int, last: bool, sealed: bytes, aad: bytes) -> bytes:
    try:
        return aead.decrypt(_nonce(prefix, counter, last), sealed, aad)
    except InvalidTag:
        raise IntegrityError(f"segment {counter} of the stored blob failed authentication") from None
