"""Files the HTTP app serves from a package (the console, the docs UI): read once, answered with an ETag.

A fixed set of names read at start-up, so a request path can never reach outside them.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from importlib.abc import Traversable
from typing import Any

from litestar import Request, Response

__all__ = ["StaticAsset", "folder_assets", "static_answer"]

# The types the platform serves, independent of the host's mime.types; others are guessed.
_MEDIA_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json"}


@dataclass(frozen=True)
class StaticAsset:
    body: bytes
    media_type: str
    etag: str

    @classmethod
    def read(cls, entry: Traversable) -> StaticAsset:
        body = entry.read_bytes()
        suffix = entry.name[entry.name.rfind(".") :] if "." in entry.name else ""
        media = _MEDIA_TYPES.get(suffix) or mimetypes.guess_type(entry.name)[0] or "application/octet-stream"
        if media.startswith("text/") or media.endswith("javascript"):
            media += "; charset=utf-8"
        return cls(body, media, f'"{hashlib.sha256(body).hexdigest()[:32]}"')


def folder_assets(folder: Traversable) -> dict[str, StaticAsset]:
    """Every file directly in ``folder``, by name."""
    return {entry.name: StaticAsset.read(entry) for entry in folder.iterdir() if entry.is_file()}


def static_answer(request: Request[Any, Any, Any], asset: StaticAsset, headers: dict[str, str]) -> Response[bytes]:
    """``asset`` with ``headers`` and its ETag; 304 and no body when the client already has it."""
    headers = {**headers, "ETag": asset.etag}
    if request.headers.get("if-none-match") == asset.etag:
        return Response(b"", status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)
