"""``[plugins.files]`` settings."""

from __future__ import annotations

from typing import Annotated, ClassVar

import msgspec
from msgspec import Meta

from framework import PluginConfig

__all__ = ["FilesConfig"]

_MIB = 1024 * 1024


class FilesConfig(PluginConfig):
    """Decoded strictly from ``[plugins.files]``; every key has a safe default."""

    # An admin may change these at run time (read from the config on every upload).
    changeable: ClassVar[frozenset[str]] = frozenset({"max_file_bytes", "quota_bytes"})

    # Where the local blob store keeps encrypted blobs; default var/files/blobs.
    storage_dir: str | None = None
    # File of the 32-byte master key (raw or base64); when unset, one is generated as var/files/master.key.
    master_key_file: str | None = None
    # An environment variable holding the master key in base64; it wins over the file when set.
    master_key_env: str = "TURNOUT_FILES_MASTER_KEY"
    max_file_bytes: Annotated[int, Meta(ge=1)] = 100 * _MIB
    # Used only while the admin service cannot say the user's tier quota (file_quota_bytes).
    quota_bytes: Annotated[int, Meta(ge=0)] = 1024 * _MIB
    # How long a user's tier limits are kept before admin is asked again: a tier change applies within it.
    limits_cache_seconds: Annotated[float, Meta(ge=0)] = 5.0
    # Media types an upload may declare (parameters such as charset are ignored when checking).
    allowed_content_types: Annotated[list[str], Meta(min_length=1)] = msgspec.field(
        default_factory=lambda: [
            "application/octet-stream",
            "text/csv",
            "text/plain",
            "application/json",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",  # XLSX, for analytics imports
            "application/pdf",
            "image/png",
            "image/jpeg",
        ]
    )

    def __post_init__(self) -> None:
        self.allowed_content_types = [t.strip().lower() for t in self.allowed_content_types]
