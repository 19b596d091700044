"""The web console's routes: ``/console`` is the page, ``/console/<file>`` the files built into generated/console."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.handlers import HTTPRouteHandler
from litestar.params import PathParameter

__all__ = ["CONSOLE_HEADERS", "console_routes"]

# Only the console's own origin: no CDN, no inline script or style, no framing.
CONSOLE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Not fingerprinted names: revalidate every time (the ETag makes that a 304).
    "Cache-Control": "no-cache",
}


@dataclass(frozen=True)
class _Asset:
    body: bytes
    media_type: str
    etag: str


def _assets(folder: Traversable) -> dict[str, _Asset]:
    found = {}
    for entry in folder.iterdir():
        if entry.is_file():
            body = entry.read_bytes()
            media = mimetypes.guess_type(entry.name)[0] or "application/octet-stream"
            if media.startswith("text/") or media.endswith("javascript"):
                media += "; charset=utf-8"
            found[entry.name] = _Asset(body, media, f'"{hashlib.sha256(body).hexdigest()[:32]}"')
    return found


def _answer(request: Request[Any, Any, Any], asset: _Asset) -> Response[bytes]:
    headers = {**CONSOLE_HEADERS, "ETag": asset.etag}
    if request.headers.get("if-none-match") == asset.etag:
        return Response(b"", status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)


def console_routes(package: str = "generated") -> list[HTTPRouteHandler]:
    """The console's handlers, or none when the package has no built console (a project without one)."""
    folder = resources.files(package).joinpath("console")
    if not folder.is_dir() or not folder.joinpath("index.html").is_file():
        return []
    # Read once: a fixed set of names, so a path can never reach outside the folder.
    assets = _assets(folder)
    page = assets["index.html"]

    @get(["/console", "/console/"], include_in_schema=False, sync_to_thread=False)
    def console_page(request: Request[Any, Any, Any]) -> Response[bytes]:
        return _answer(request, page)

    @get("/console/{name:str}", include_in_schema=False, sync_to_thread=False)
    def console_asset(request: Request[Any, Any, Any], name: Annotated[str, PathParameter()]) -> Response[bytes]:
        asset = assets.get(name)
        if asset is None:
            return Response(b"", status_code=404, headers=CONSOLE_HEADERS)
        return _answer(request, asset)

    return [console_page, console_asset]
