"""The request class of the HTTP edge: a JSON body is checked for its media type and read safely."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import HTTPException

__all__ = ["EdgeRequest", "is_json_media_type"]

# Deeper than any document a contract describes; a deeper body is refused before it is decoded.
MAX_JSON_DEPTH = 64


def is_json_media_type(content_type: str) -> bool:
    """Whether a ``Content-Type`` value names JSON: ``application/json`` or ``application/*+json``.

    >>> is_json_media_type("application/json; charset=utf-8"), is_json_media_type("text/plain")
    (True, False)
    """
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


def _json_depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than ``limit``, scanned without decoding."""
    depth = 0
    in_string = False
    escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


class EdgeRequest(Request[Any, Any, Any]):
    """A Litestar request whose JSON body must say it is JSON, be UTF-8 and nest at most 64 deep.

    Each refusal is a 4xx problem, never an unhandled decoder error: 415 for another media type,
    400 for a body that is not UTF-8 JSON or nests too deeply.
    """

    async def json(self) -> Any:
        """The decoded JSON body; the handler's type is applied afterwards by Litestar."""
        body = await self.body()
        if body and not is_json_media_type(self.headers.get("content-type", "")):
            raise HTTPException(
                status_code=415, detail="send the body as application/json (Content-Type: application/json)"
            )
        # Cheap bracket count first only when the body could nest deeply at all.
        if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and _json_depth_exceeds(body, MAX_JSON_DEPTH):
            raise HTTPException(status_code=400, detail=f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels")
        try:
            return await super().json()
        except (UnicodeDecodeError, RecursionError, msgspec.DecodeError):
            # Litestar turns only some decoder errors into a 400; these escaped as a 500.
            raise HTTPException(status_code=400, detail="the body is not valid UTF-8 JSON") from None
