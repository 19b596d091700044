"""The web console's routes: ``/console`` is the page, ``/console/<file>`` the files built into generated/console."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.handlers import HTTPRouteHandler
from litestar.params import PathParameter

from framework._static import folder_assets, static_answer

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


def console_routes(package: str = "generated") -> list[HTTPRouteHandler]:
    """The console's handlers, or none when the package has no built console (a project without one)."""
    folder = resources.files(package).joinpath("console")
    if not folder.is_dir() or not folder.joinpath("index.html").is_file():
        return []
    assets = folder_assets(folder)
    page = assets["index.html"]

    @get(["/console", "/console/"], include_in_schema=False, sync_to_thread=False)
    def console_page(request: Request[Any, Any, Any]) -> Response[bytes]:
        return static_answer(request, page, CONSOLE_HEADERS)

    @get("/console/{name:str}", include_in_schema=False, sync_to_thread=False)
    def console_asset(request: Request[Any, Any, Any], name: Annotated[str, PathParameter()]) -> Response[bytes]:
        asset = assets.get(name)
        if asset is None:
            return Response(b"", status_code=404, headers=CONSOLE_HEADERS)
        return static_answer(request, asset, CONSOLE_HEADERS)

    return [console_page, console_asset]
