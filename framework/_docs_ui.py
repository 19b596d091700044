"""The API docs UI at /schema: Swagger UI served from this package, so it works with no outside network.

The assets are swagger-ui-dist as pinned in package-lock.json, copied into framework/static/swagger-ui
(a test keeps the copies equal to the pinned package).
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

from litestar import MediaType, Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.params import PathParameter

from framework._static import StaticAsset, static_answer

__all__ = ["docs_handlers"]

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/schema/assets/swagger-ui.css"></head>
<body><div id="docs"><noscript>
The API document is at <a href="/schema/openapi.json">/schema/openapi.json</a>.
</noscript></div>
<script src="/schema/assets/swagger-ui-bundle.js"></script>
<script src="/schema/assets/docs.js"></script>
</body></html>
"""

# Swagger UI builds styles at run time and shows images as data: URLs; nothing leaves the origin.
_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
    " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)

# Served name -> file under framework/static.
_ASSETS = {
    "swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui/swagger-ui.css",
    "docs.js": "docs.js",
}


def docs_handlers(title: str) -> list[HTTPRouteHandler]:
    """GET /schema (the page) and GET /schema/assets/{name} (its files, read once, cached by browsers a day)."""
    page = _PAGE.format(title=title)
    static = resources.files("framework").joinpath("static")
    assets = {name: StaticAsset.read(static.joinpath(*path.split("/"))) for name, path in _ASSETS.items()}
    headers = {"Content-Security-Policy": _POLICY, "X-Content-Type-Options": "nosniff"}
    cached = {**headers, "Cache-Control": "public, max-age=86400"}

    @get("/schema", include_in_schema=False, sync_to_thread=False, media_type=MediaType.HTML)
    def docs() -> Response[str]:
        return Response(page, media_type=MediaType.HTML, headers=headers)

    @get("/schema/assets/{name:str}", include_in_schema=False, sync_to_thread=False)
    def asset(request: Request[Any, Any, Any], name: Annotated[str, PathParameter()]) -> Response[bytes]:
        found = assets.get(name)
        if found is None:
            raise NotFoundException(f"no docs asset {name!r}")
        return static_answer(request, found, cached)

    return [docs, asset]
