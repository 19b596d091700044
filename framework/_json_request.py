"""The request class of the HTTP edge: a JSON body is checked for its media type and read safely."""

from __future__ import annotations

from typing import Any

import msgspec
import numpy as np
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


_BRACKETS = np.zeros(256, dtype=np.int8)
_BRACKETS[[0x5B, 0x7B]] = 1  # [ {
_BRACKETS[[0x5D, 0x7D]] = -1  # ] }


def _json_depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than ``limit``, scanned without decoding.

    Escaped backslashes, then escaped quotes, are blanked (bytes.replace pairs them left to right as
    JSON does), so every quote left opens or closes a string; a bracket is text when an odd number
    of quotes comes before it. Both sums run in NumPy: a 1 MiB body takes milliseconds.

    >>> _json_depth_exceeds(rb'[[["]]]]\"]]\\"]]]', 3), _json_depth_exceeds(b'[[[[]]]]', 3)
    (False, True)
    """
    plain = body.replace(b"\\\\", b"  ").replace(b'\\"', b"  ")
    codes = np.frombuffer(plain, dtype=np.uint8)
    in_string = (np.cumsum(codes == 0x22, dtype=np.int64) & 1).astype(bool)
    steps = np.where(in_string, 0, _BRACKETS[codes])
    return bool(np.cumsum(steps, dtype=np.int64).max(initial=0) > limit)


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
