"""FilesServiceImpl: streamed, encrypted uploads; checked downloads; sharing; quotas."""

from __future__ import annotations

import hashlib
import logging
import unicodedata
import uuid
from collections.abc import AsyncIterator
from typing import Any

from piccolo.query.functions.aggregate import Count, Sum

from framework import (
    BadRequest,
    CallContext,
    Conflict,
    EventBus,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ServiceError,
    UnsupportedMediaType,
    keyset_page,
    require_user,
    utc,
    utcnow,
)
from framework.runtime import Download, Upload
from generated.auth import AuthService
from generated.files.events import DELETED, UPLOADED
from generated.files.models import FileDeleted, FileInfo, FilePage, FileUploaded, PageInfo, StorageUsage
from plugins.files.blobstore import BlobMissing, BlobStore, new_blob_key
from plugins.files.config import FilesConfig
from plugins.files.crypto import IntegrityError, MasterKey, decrypt_segments, encrypt_segments, new_data_key
from plugins.files.tables import FileRow, ShareRow
from plugins.files.user_limits import UserLimitsReader

__all__ = ["FilesServiceImpl", "IntegrityCheckFailed", "QuotaExceeded"]

log = logging.getLogger("turnout.files")

_PROBLEMS = "https://turnout.dev/problems/"
# Multipart framing around the file part: a body longer than the limit by more than this is refused unread.
_MULTIPART_SLACK = 16 * 1024
_OPAQUE = "application/octet-stream"
_SHARE_IDS = uuid.UUID("6f1c3c1e-8a0f-4a5e-9a43-2b8f0c7d9e11")


class QuotaExceeded(Conflict):
    type = _PROBLEMS + "quota-exceeded"


class IntegrityCheckFailed(ServiceError):
    """The stored bytes of a file failed authentication or their recorded SHA-256: never served."""

    status = 502
    type = _PROBLEMS + "integrity-check-failed"


def _filename(raw: str) -> str:
    """The uploader's file name as metadata: NFC, no control characters, at most 255 characters."""
    name = unicodedata.normalize("NFC", raw).strip()
    if not name:
        raise BadRequest("the file part needs a filename")
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise BadRequest("the filename must not contain control characters")
    if len(name) > 255:
        raise BadRequest("the filename is longer than 255 characters")
    return name


def _media_type(raw: str) -> str:
    return raw.split(";", 1)[0].strip().lower()


def _describe(row: dict[str, Any], shared_with: list[uuid.UUID]) -> FileInfo:
    return FileInfo(
        id=row["id"],
        owner_id=row["owner_id"],
        filename=row["filename"],
        content_type=row["content_type"],
        size=row["size"],
        sha256=row["sha256"],
        created_at=utc(row["created_at"]),
        shared_with=shared_with,
    )


class FilesServiceImpl:
    """Implements FilesService over the plugin's tables and a blob store."""

    def __init__(
        self,
        config: FilesConfig,
        events: EventBus,
        store: BlobStore,
        master: MasterKey,
        users: AuthService,
        limits: UserLimitsReader,
    ) -> None:
        self.config = config
        self.limits = limits
        self.users = users
        self.events = events
        self.store = store
        self.master = master

    # -- helpers -------------------------------------------------------------------------------------------------

    async def _quota(self, ctx: CallContext, owner: uuid.UUID) -> int:
        """The owner's storage quota: their tier's, or ``quota_bytes`` while admin cannot say."""
        limits = await self.limits.of(ctx, owner)
        return self.config.quota_bytes if limits is None else limits.file_quota_bytes

    async def _used(self, owner: uuid.UUID) -> tuple[int, int]:
        row = await FileRow.select(Sum(FileRow.size), Count()).where(FileRow.owner_id == owner).first().run()
        return int((row or {}).get("sum") or 0), int((row or {}).get("count") or 0)

    async def _shares(self, file_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
        """Who each of these files is shared with, in one query."""
        rows = (
            await ShareRow.select(ShareRow.file_id, ShareRow.user_id)
            .where(ShareRow.file_id.is_in(file_ids))
            .order_by(ShareRow.user_id)
            .run()
        )
        shares: dict[uuid.UUID, list[uuid.UUID]] = {}
        for r in rows:
            shares.setdefault(r["file_id"], []).append(r["user_id"])
        return shares

    async def _find(self, ctx: CallContext, file_id: uuid.UUID) -> tuple[dict[str, Any], bool]:
        """The file row and whether the caller may change it; 404 unless they may read it."""
        caller, admin = require_user(ctx)
        row = await FileRow.select().where(FileRow.id == file_id).first().run()
        if row is not None:
            owns = row["owner_id"] == caller or admin
            if owns:
                return row, True
            shared = await ShareRow.exists().where((ShareRow.file_id == file_id) & (ShareRow.user_id == caller))
            if shared:
                return row, False
        raise NotFound("no such file")  # the same answer whether it does not exist or is not yours

    async def _owned(self, ctx: CallContext, file_id: uuid.UUID) -> dict[str, Any]:
        row, owns = await self._find(ctx, file_id)
        if not owns:
            raise Forbidden("only the file's owner (or an admin) can do that")
        return row

    async def _infos(self, rows: list[dict[str, Any]], owns: bool) -> list[FileInfo]:
        """The files as their callers see them: the share list only for their owner (or an admin)."""
        shares = await self._shares([r["id"] for r in rows]) if owns and rows else {}
        return [_describe(r, shares.get(r["id"], [])) for r in rows]

    async def _info(self, row: dict[str, Any], owns: bool) -> FileInfo:
        return (await self._infos([row], owns))[0]

    # -- operations ----------------------------------------------------------------------------------------------

    async def upload_file(self, ctx: CallContext, *, file: Upload) -> FileInfo:
        owner, _ = require_user(ctx)
        filename = _filename(file.filename)
        content_type = _media_type(file.content_type)
        if content_type not in self.config.allowed_content_types:
            raise UnsupportedMediaType(
                f"files of type {content_type!r} are not accepted; "
                f"allowed: {', '.join(self.config.allowed_content_types)}"
            )
        limit = self.config.max_file_bytes
        if file.length_hint is not None and file.length_hint > limit + _MULTIPART_SLACK:
            raise PayloadTooLarge(f"files are limited to {limit} bytes")
        quota = await self._quota(ctx, owner)
        used, _ = await self._used(owner)
        room = quota - used
        if file.length_hint is not None and file.length_hint - _MULTIPART_SLACK > room:
            raise self._over_quota(quota, used)

        file_id = uuid.uuid4()
        digest = hashlib.sha256()
        size = 0

        async def counted() -> AsyncIterator[bytes]:
            nonlocal size
            async for chunk in file.chunks:
                size += len(chunk)
                if size > limit:
                    raise PayloadTooLarge(f"files are limited to {limit} bytes")
                if size > room:
                    raise self._over_quota(quota, used)
                digest.update(chunk)
                yield chunk

        data_key = new_data_key()
        blob_key = new_blob_key()
        writer = await self.store.create(blob_key)
        try:
            async for sealed in encrypt_segments(counted(), data_key, file_id):
                await writer.write(sealed)
        except BaseException:
            await writer.abort()
            raise
        await writer.commit()
        created = utcnow()
        sha256 = digest.hexdigest()
        row: dict[str, Any] = {
            "id": file_id,
            "owner_id": owner,
            "filename": filename,
            "content_type": content_type,
            "size": size,
            "sha256": sha256,
            "blob_key": blob_key,
            "wrapped_key": self.master.wrap(data_key, file_id),
            "master_key_id": self.master.key_id,
            "created_at": created,
        }
        try:
            await FileRow.insert(FileRow(**row)).run()
            # Checked again once the row is in: concurrent uploads cannot together pass the quota.
            total, _ = await self._used(owner)
            if total > quota:
                await FileRow.delete().where(FileRow.id == file_id).run()
                raise self._over_quota(quota, total - size)
        except BaseException:
            await self.store.delete(blob_key)
            raise
        await self.events.publish(
            UPLOADED,
            FileUploaded(
                file_id=file_id,
                owner_id=owner,
                filename=filename,
                content_type=content_type,
                size=size,
                sha256=sha256,
                occurred_at=created,
            ),
            ctx,
        )
        return _describe(row, [])  # a new file is shared with nobody yet

    def _over_quota(self, quota: int, used: int) -> QuotaExceeded:
        return QuotaExceeded(
            f"the upload would pass your storage quota of {quota} bytes ({used} used)",
            title="Storage quota exceeded",
        )

    async def list_files(
        self, ctx: CallContext, *, limit: int = 50, cursor: str | None = None, content_type: str | None = None
    ) -> FilePage:
        owner, _ = require_user(ctx)
        query = FileRow.select().where(FileRow.owner_id == owner)
        if content_type is not None:
            query = query.where(FileRow.content_type == _media_type(content_type))
        rows, next_cursor = await keyset_page(query, FileRow.created_at, FileRow.id, limit=limit, cursor=cursor)
        items = await self._infos(rows, True)
        return FilePage(items=items, page=PageInfo(limit=limit, next_cursor=next_cursor))

    async def get_storage_usage(self, ctx: CallContext) -> StorageUsage:
        owner, _ = require_user(ctx)
        used, count = await self._used(owner)
        return StorageUsage(
            used_bytes=used,
            quota_bytes=await self._quota(ctx, owner),
            file_count=count,
            max_file_bytes=self.config.max_file_bytes,
        )

    async def get_file(self, ctx: CallContext, *, file_id: uuid.UUID) -> FileInfo:
        row, owns = await self._find(ctx, file_id)
        return await self._info(row, owns)

    async def download_file(self, ctx: CallContext, *, file_id: uuid.UUID) -> Download:
        row, _ = await self._find(ctx, file_id)
        data_key = self._data_key(row)
        # The whole file is authenticated and its digest checked before the first byte leaves.
        digest = hashlib.sha256()
        size = 0
        async for plain in self._plaintext(row, data_key):
            digest.update(plain)
            size += len(plain)
        if size != row["size"] or digest.hexdigest() != row["sha256"]:
            raise self._corrupt(row, "its SHA-256 does not match the one recorded at upload")
        # Served as opaque bytes whatever was declared: user content must never render in a browser.
        return Download(row["filename"], _OPAQUE, self._plaintext(row, data_key), row["size"])

    def _data_key(self, row: dict[str, Any]) -> bytes:
        if row["master_key_id"] != self.master.key_id:
            raise self._corrupt(row, f"it was encrypted under master key {row['master_key_id']}, not the one loaded")
        try:
            return self.master.unwrap(bytes(row["wrapped_key"]), row["id"])
        except IntegrityError as error:
            raise self._corrupt(row, str(error)) from None

    async def _plaintext(self, row: dict[str, Any], data_key: bytes) -> AsyncIterator[bytes]:
        try:
            async for plain in decrypt_segments(self.store.read(row["blob_key"]), data_key, row["id"]):
                yield plain
        except BlobMissing:
            raise self._corrupt(row, "its stored blob is missing") from None
        except IntegrityError as error:
            raise self._corrupt(row, str(error)) from None

    def _corrupt(self, row: dict[str, Any], why: str) -> IntegrityCheckFailed:
        log.error("stored file %s failed its integrity check: %s", row["id"], why)
        return IntegrityCheckFailed(
            f"the stored file failed its integrity check ({why}); it is not served",
            title="Stored file failed its integrity check",
        )

    async def delete_file(self, ctx: CallContext, *, file_id: uuid.UUID) -> None:
        row = await self._owned(ctx, file_id)
        deleted = await FileRow.delete().where(FileRow.id == file_id).returning(FileRow.id).run()
        if not deleted:  # deleted by a concurrent call meanwhile
            raise NotFound("no such file")
        await ShareRow.delete().where(ShareRow.file_id == file_id).run()
        # The row is the truth: once it is gone the file is; a blob left by a failed delete is only garbage.
        try:
            await self.store.delete(row["blob_key"])
        except OSError:
            log.exception("could not delete the blob of file %s", file_id)
        await self.events.publish(
            DELETED, FileDeleted(file_id=file_id, owner_id=row["owner_id"], occurred_at=utcnow()), ctx
        )

    async def share_file(self, ctx: CallContext, *, file_id: uuid.UUID, user_id: uuid.UUID) -> FileInfo:
        row = await self._owned(ctx, file_id)
        if user_id == row["owner_id"]:  # the owner always reads it: nothing to record
            return await self._info(row, True)
        await self.users.get_user_ref(ctx, user_id=user_id)  # 404 "no such user" when there is none
        share_id = uuid.uuid5(_SHARE_IDS, f"{file_id}:{user_id}")  # one share per (file, user), by its key
        await (
            ShareRow.insert(ShareRow(id=share_id, file_id=file_id, user_id=user_id, created_at=utcnow()))
            .on_conflict(action="DO NOTHING")
            .run()
        )
        return await self._info(row, True)

    async def unshare_file(self, ctx: CallContext, *, file_id: uuid.UUID, user_id: uuid.UUID) -> FileInfo:
        row = await self._owned(ctx, file_id)
        await ShareRow.delete().where((ShareRow.file_id == file_id) & (ShareRow.user_id == user_id)).run()
        return await self._info(row, True)
