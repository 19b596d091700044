"""Files' own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.columns import UUID, BigInt, Bytea, Timestamptz, Varchar
from piccolo.table import Table

__all__ = ["TABLES", "FileRow", "ShareRow"]


class FileRow(Table, tablename="files"):
    """One stored file: its metadata, where its encrypted blob is, and its wrapped data key."""

    id = UUID(primary_key=True)
    owner_id = UUID(index=True)
    filename = Varchar(length=255)
    content_type = Varchar(length=255, index=True)
    size = BigInt()
    sha256 = Varchar(length=64)
    blob_key = Varchar(length=64)
    wrapped_key = Bytea()
    master_key_id = Varchar(length=16)
    created_at = Timestamptz()


class ShareRow(Table, tablename="shares"):
    """One user a file is shared with."""

    id = UUID(primary_key=True)
    file_id = UUID(index=True)
    user_id = UUID(index=True)
    created_at = Timestamptz()


TABLES: list[type[Table]] = [FileRow, ShareRow]
