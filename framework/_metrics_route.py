"""``GET /metrics`` of the HTTP app (all-in-one, gateway): outside the OpenAPI document and rate limits."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.handlers import HTTPRouteHandler
from prometheus_client import CONTENT_TYPE_LATEST

from framework._errors import Unauthorized
from framework._metrics import ProcessMetrics, token_matches

__all__ = ["METRICS_PATH", "metrics_route"]

METRICS_PATH = "/metrics"
# Litestar adds the charset to a text/* media type itself; given twice, clients would see it twice.
_MEDIA_TYPE = CONTENT_TYPE_LATEST.split("; charset=")[0]


def metrics_route(metrics: ProcessMetrics, token: str | None) -> HTTPRouteHandler:
    """The route serving ``metrics``; with ``token``, only to a caller sending it as a bearer token."""

    @get(METRICS_PATH, include_in_schema=False)
    async def serve_metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
        if not token_matches(request.headers.get("authorization"), token):
            raise Unauthorized("/metrics needs the bearer token of [metrics] token_env", headers=_CHALLENGE)
        return Response(await metrics.scrape(), media_type=_MEDIA_TYPE)

    return serve_metrics


_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="turnout-metrics"'}
