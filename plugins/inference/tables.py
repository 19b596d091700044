"""The inference plugin's own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.columns import UUID, BigInt, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from framework.jobs import JobColumns

__all__ = ["TABLES", "BatchChunkRow", "BatchJobRow", "ModelRow", "VersionRow"]


class ModelRow(Table, tablename="models"):
    """A model by name, and which of its versions every replica serves (read on each call)."""

    name = Varchar(length=64, primary_key=True)
    active_version = Integer()
    activated_at = Timestamptz()


class VersionRow(Table, tablename="model_versions"):
    """One version of a model; its id derives from name and version, so a version number is taken once.

    ``file_id`` is the artifact in the files service (owned by ``owner_id``, who uploaded it); None
    for the model the platform ships, which is built in memory. ``schema`` is the ModelSchema as JSON.
    """

    id = UUID(primary_key=True)
    name = Varchar(length=64, index=True)
    version = Integer()
    file_id = UUID(null=True, default=None)
    owner_id = UUID(null=True, default=None)
    sha256 = Varchar(length=64)
    size = BigInt()
    schema = Text()
    created_at = Timestamptz()


class BatchJobRow(JobColumns, Table, tablename="batch_jobs"):
    """A batch scoring job: the framework's job columns, and what a listing shows without reading ``inputs``."""

    model = Varchar(length=64)
    version = Integer()
    rows = Integer()
    result_file_id = UUID(null=True, default=None)


class BatchChunkRow(Table, tablename="batch_chunks"):
    """The scored CSV lines of one finished chunk of a running job: a restarted job skips these chunks."""

    id = UUID(primary_key=True)
    job_id = UUID(index=True)
    chunk = Integer()
    lines = Text()


TABLES: list[type[Table]] = [ModelRow, VersionRow, BatchJobRow, BatchChunkRow]
