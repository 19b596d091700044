"""The all-in-one Litestar app: every enabled plugin's routes over its implementation."""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
import os
from importlib import resources
from typing import Any

from litestar import Litestar, Response, get
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.middleware.rate_limit import RateLimitConfig

from framework._access_log import ACCESS_LOGGER, AccessLog
from framework._client_address import TrustedProxies
from framework._config import PlatformConfig
from framework._console import console_routes
from framework._docs_ui import docs_handlers
from framework._edge_auth import EdgeSettings
from framework._environment import ACCESS_LOG_ENV, CONFIG_ENV, ROLE_ENV
from framework._host import Host
from framework._json_request import EdgeRequest
from framework._logging import configure_logging
from framework._loop import loop_name
from framework._metrics import configure_metrics, metrics_token
from framework._metrics_route import metrics_route
from framework._middleware import CorrelationMiddleware
from framework._platform import load_platform
from framework._plugin import Plugin
from framework._problems import EXCEPTION_HANDLERS
from framework._query_null import null_refusing_parameters
from framework._rate_policy import PrincipalRateLimit
from framework._request_check import RequestBodyCheck
from framework._response_check import Mode, ResponseCheck, ResponseContract, response_check_mode
from framework._strict_body import StrictBodies
from framework._tracing import configure_tracing, flush_tracing
from framework._usage import PLUGIN_OPT, UsageCounter
from framework._usage_reporter import UsageReporter
from framework.codegen._bundle import merge_documents

__all__ = ["build_app", "create_asgi_app", "platform_openapi"]

log = logging.getLogger("turnout.app")

# Litestar searches these regexes anywhere in the path: anchored, so /auth/health is still limited.
_UNLIMITED = ["^/health$", "^/ready$", "^/schema(/|$)", "^/metrics$", "^/console(/|$)"]


def platform_openapi(config: PlatformConfig, plugins: dict[str, Plugin[Any, Any]]) -> dict[str, Any]:
    """The served OpenAPI document: the union of the enabled plugins' bundled contracts."""
    documents = []
    for plugin in plugins.values():
        resource = resources.files(plugin.contract.package).joinpath(plugin.contract.openapi_resource)
        documents.append(json.loads(resource.read_text(encoding="utf-8")))
    return merge_documents(documents, title=config.platform.name, version="1.0.0")


def build_app(
    config: PlatformConfig,
    plugins: dict[str, Plugin[Any, Any]],
    *,
    local: set[str] | None = None,
    log_requests: bool = True,
    validate_responses: Mode | None = None,
) -> Any:
    """The HTTP app over ``plugins``: ``local`` ones run in this process, the rest over NATS.

    All-in-one is every plugin local; the gateway is none local. Same routes either way.
    ``validate_responses`` (default ``[gateway] validate_responses``) checks answers against the contract.
    ``log_requests`` writes the access log, when the log level lets ``info`` lines through.
    """
    # Before the host: its event bus and transport keep the metrics they find when built.
    metrics = configure_metrics(config, "gateway" if local == set() else "all-in-one")
    host = Host(config, plugins, local=local)
    document = platform_openapi(config, plugins)
    edge = EdgeSettings(
        request_timeout=config.gateway.request_timeout_seconds,
        transfer_timeout=config.gateway.transfer_timeout_seconds,
        null_refusing=null_refusing_parameters(document),
        strict_body=StrictBodies(),
    )
    document_bytes = json.dumps(document, indent=2).encode()

    @get("/health", include_in_schema=False, sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @get("/ready", include_in_schema=False)
    async def ready() -> Response[dict[str, Any]]:
        states = await host.readiness()
        ok = all(state == "ok" for state in states.values())
        return Response({"status": "ok" if ok else "down", "plugins": states}, status_code=200 if ok else 503)

    @get("/schema/openapi.json", include_in_schema=False, sync_to_thread=False)
    def openapi_document() -> Response[bytes]:
        return Response(document_bytes, media_type="application/vnd.oai.openapi+json")

    async def bind_edge(app: Litestar) -> None:
        edge.authenticator = host.authenticator
        edge.rate_limit = PrincipalRateLimit(host.rate_policy) if host.rate_policy is not None else None
        log.info("serving HTTP", extra={"loop": loop_name(asyncio.get_running_loop())})

    access_log = None
    if log_requests and logging.getLogger(ACCESS_LOGGER).isEnabledFor(logging.INFO):
        access_log = AccessLog()
        atexit.register(access_log.flush)  # lines buffered when the process ends without a lifespan shutdown

    observability = [metrics_route(metrics, metrics_token(config))] if metrics is not None else []
    docs = docs_handlers(config.platform.name)
    routers = [plugin.contract.create_router(host.bindings[name]) for name, plugin in plugins.items()]
    for router, name in zip(routers, plugins, strict=True):
        router.opt[PLUGIN_OPT] = name  # each handler inherits it at registration: the usage counts read it
    usage = UsageCounter() if config.gateway.usage_interval > 0 else None
    lifespan: list[Any] = [host.lifespan]
    if usage is not None:
        # After the host's: it stops first, so the last report goes out before the bus closes.
        lifespan.append(UsageReporter(usage, config.gateway.usage_interval, lambda: host.events).lifespan)
    cors = CORSConfig(allow_origins=config.gateway.cors_origins) if config.gateway.cors_origins else None
    middleware = []
    if config.gateway.rate_limit_per_minute is not None:
        # Keyed on request.client, which the edge middleware has already resolved through trusted proxies.
        limit = RateLimitConfig(rate_limit=("minute", config.gateway.rate_limit_per_minute), exclude=_UNLIMITED)
        middleware.append(limit.middleware)
    app = Litestar(
        route_handlers=[*routers, health, ready, openapi_document, *docs, *console_routes(), *observability],
        lifespan=lifespan,
        on_startup=[bind_edge],
        on_shutdown=[*([access_log.flush] if access_log is not None else []), flush_tracing],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=None,
        request_max_body_size=config.gateway.max_body_bytes,
        request_class=EdgeRequest,
        cors_config=cors,
        middleware=middleware,
        state=State({"turnout_edge": edge, "turnout_host": host, "turnout_body_check": RequestBodyCheck(document)}),
        logging_config=None,
    )
    mode = validate_responses or config.gateway.validate_responses
    checked: Any = app if mode == "off" else ResponseCheck(app, ResponseContract(document), strict=mode == "strict")
    return CorrelationMiddleware(
        checked,
        access_log=access_log,
        trusted_proxies=TrustedProxies(config.gateway.trusted_proxies),
        body_timeout=config.gateway.body_timeout_seconds,
        usage=usage,
        metrics=metrics.http if metrics is not None else None,
    )


def create_asgi_app() -> Any:
    """Granian's factory: reads the config named by ``$TURNOUT_CONFIG`` (validated already).

    ``$TURNOUT_ROLE`` is ``all-in-one`` (every plugin local) or ``gateway`` (every plugin remote).
    """
    path = os.environ.get(CONFIG_ENV) or None
    config, plugins = load_platform(path)
    configure_logging(config.platform.log_level)
    log_requests = os.environ.get(ACCESS_LOG_ENV, "1") != "0"
    local: set[str] | None = set() if os.environ.get(ROLE_ENV) == "gateway" else None
    configure_tracing(config.tracing, os.environ.get(ROLE_ENV) or "all-in-one", namespace=config.platform.name)
    mode = response_check_mode(config.gateway.validate_responses)
    return build_app(config, plugins, local=local, log_requests=log_requests, validate_responses=mode)
