"""Uploads read from a streamed multipart/form-data request, downloads written as a streamed response."""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import AsyncIterator
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from multipart import MultipartSegment, ParserError, ParserLimitReached, PushMultipartParser, parse_options_header

from framework._errors import BadRequest, UnsupportedMediaType
from framework._streams import Download, Upload

if TYPE_CHECKING:  # Litestar loads only where HTTP is served, not in every service process
    from litestar import Request
    from litestar.response import Stream

__all__ = ["MultipartUpload", "download_response", "event_stream_response"]

_DRAIN_LIMIT = 64 * 1024 * 1024  # read and drop at most this much of an unread body, so the caller gets the answer
_DEFAULT_TYPE = "application/octet-stream"


class MultipartUpload:
    """``async with MultipartUpload(request, "file") as upload``: the named file part, streamed.

    The body is parsed as it arrives; the file part's bytes are handed on chunk by chunk and
    never gathered. The part must be the only one. Whatever the service left unread is drained
    on exit (up to 64 MiB), so a caller still sending a refused file reads the refusal.
    """

    def __init__(self, request: Request[Any, Any, Any], field: str) -> None:
        self._request = request
        self._field = field
        self._body = request.stream()
        self._parser: PushMultipartParser | None = None
        self._events_iter: AsyncIterator[Any] | None = None

    async def __aenter__(self) -> Upload:
        media_type, options = parse_options_header(self._request.headers.get("content-type", ""))
        boundary = options.get("boundary")
        if media_type != "multipart/form-data" or not boundary:
            raise UnsupportedMediaType(f"send the file as multipart/form-data with a '{self._field}' part")
        try:
            self._parser = PushMultipartParser(boundary, max_segment_count=1, strict=True)
        except ParserError as error:
            raise BadRequest(f"the multipart boundary is invalid: {error}") from None
        segment = await self._first_segment()
        if segment.name != self._field or segment.filename is None:
            raise BadRequest(f"the first part must be the file, named '{self._field}' with a filename")
        length = self._request.headers.get("content-length")
        return Upload(
            filename=segment.filename,
            content_type=segment.content_type or _DEFAULT_TYPE,
            chunks=self._file_chunks(),
            length_hint=int(length) if length and length.isdigit() else None,
        )

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        drained = 0
        with contextlib.suppress(Exception):
            async for chunk in self._body:
                drained += len(chunk)
                if drained > _DRAIN_LIMIT:
                    break

    async def _events(self) -> AsyncIterator[Any]:
        assert self._parser is not None
        try:
            async for chunk in self._body:
                for event in self._parser.parse(chunk):
                    yield event
                if self._parser.closed:
                    return
            self._parser.close()
        except ParserLimitReached:
            raise BadRequest(f"send exactly one part, the file named '{self._field}'") from None
        except ParserError as error:
            raise BadRequest(f"the multipart body is malformed: {error}") from None

    async def _first_segment(self) -> MultipartSegment:
        self._events_iter = self._events()
        async for event in self._events_iter:
            if isinstance(event, MultipartSegment):
                return event
            raise BadRequest("the multipart body is malformed: data before the first part")
        raise BadRequest(f"the multipart body has no parts; send the file as the '{self._field}' part")

    async def _file_chunks(self) -> AsyncIterator[bytes]:
        assert self._events_iter is not None
        async for event in self._events_iter:
            if event is None:  # end of the file part: what follows must be the end of the body
                async for extra in self._events_iter:
                    if extra is not None:
                        raise BadRequest(f"send exactly one part, the file named '{self._field}'")
                return
            if isinstance(event, MultipartSegment):  # pragma: no cover - the parser ends a part first
                raise BadRequest(f"send exactly one part, the file named '{self._field}'")
            yield bytes(event)
        raise BadRequest("the multipart body ended inside the file part")


# RFC 5987 attr-char beyond letters and digits: these stay as they are in ``filename*``.
_ATTR_CHARS = "!#$&+-.^_`|~"
_MAX_NAME = 200


def _safe_filename(filename: str) -> str:
    """The uploaded name without path separators, control characters or quotes; never empty.

    >>> _safe_filename('../../etc/pass"wd')
    '_.._etc_pass_wd'
    """
    cleaned = "".join("_" if c in "/\\\"'" else c for c in filename if unicodedata.category(c)[0] != "C").strip(" .")
    return cleaned[:_MAX_NAME] or "file"


def _content_disposition(filename: str) -> str:
    """``attachment`` with a sanitized ASCII fallback name and the UTF-8 name in RFC 5987 form (RFC 6266).

    >>> print(_content_disposition("résumé 1.pdf"))
    attachment; filename="resume 1.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%201.pdf
    """
    name = _safe_filename(filename)
    # Accents fall away (é -> e); any other non-ASCII character, and '%' (which some clients unescape), is '_'.
    decomposed = (c for c in unicodedata.normalize("NFKD", name) if unicodedata.category(c) != "Mn")
    fallback = "".join(c if c.isascii() and c != "%" else "_" for c in decomposed)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe=_ATTR_CHARS)}"


def download_response(download: Download, status_code: int) -> Stream:
    """A streamed response of ``download`` with its media type, length and file name."""
    from litestar.response import Stream

    headers = {"Content-Disposition": _content_disposition(download.filename), "X-Content-Type-Options": "nosniff"}
    if download.size is not None:
        headers["Content-Length"] = str(download.size)
    return Stream(download.chunks, status_code=status_code, media_type=download.content_type, headers=headers)


# Intermediaries must neither cache nor hold back an event stream (X-Accel-Buffering: nginx and its kin).
_EVENT_STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", "X-Content-Type-Options": "nosniff"}


def event_stream_response(stream: Download, status_code: int) -> Stream:
    """A ``text/event-stream`` response: each frame is sent as it comes, nothing is cached or buffered."""
    from litestar.response import Stream

    return Stream(stream.chunks, status_code=status_code, media_type=stream.content_type, headers=_EVENT_STREAM_HEADERS)
