"""Usage counts at the HTTP edge, and their ``turnout.usage`` reports (framework._usage)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from litestar import Litestar, get
from litestar.datastructures import State
from litestar.testing import TestClient

from framework import USAGE, CallContext, EventsConfig, LocalBus, PluginUsage, Subscription, UsageReport
from framework._dependencies import check_edges
from framework._edge_auth import EdgeSettings
from framework._middleware import CorrelationMiddleware
from framework._plugin import Plugin
from framework._problems import EXCEPTION_HANDLERS
from framework._usage import PLUGIN_OPT, UsageCounter
from framework._usage_reporter import UsageReporter
from framework.runtime import Binding
from tests.codegen.golden.shop import CONTRACT, ShopService
from tests.codegen.test_generated_routes import FakeAuthenticator, FakeShop

USER = {"Authorization": "Bearer user-token"}
ADMIN = {"Authorization": "Bearer admin-token"}
ORDER = {"item": "tea", "quantity": 2, "payment": {"kind": "card", "last4": "4242"}}


class Handler:
    """Stands for a route handler of the shop plugin, as Litestar leaves it in the scope."""

    def __init__(self) -> None:
        self.opt = {PLUGIN_OPT: "shop"}


@pytest.fixture
def counter() -> UsageCounter:
    return UsageCounter()


@pytest.fixture
def client(counter: UsageCounter) -> Iterator[TestClient[Any]]:
    implementation: ShopService = FakeShop()
    router = CONTRACT.create_router(Binding("shop", implementation))
    router.opt[PLUGIN_OPT] = "shop"  # as build_app marks each plugin's router

    @get("/health", sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app = Litestar(
        route_handlers=[router, health],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=None,
        state=State({"turnout_edge": EdgeSettings(authenticator=FakeAuthenticator())}),
    )
    edge: Any = CorrelationMiddleware(app, usage=counter)  # an ASGI app, which TestClient's type does not name
    with TestClient(edge) as test_client:
        yield test_client


def test_requests_are_counted_per_plugin_with_errors_and_users(client: TestClient[Any], counter: UsageCounter) -> None:
    assert client.post("/shop/orders", headers=USER, json=ORDER).status_code == 201
    assert client.post("/shop/orders", headers=ADMIN, json=ORDER).status_code == 201
    assert client.get(f"/shop/orders/{uuid.uuid4()}").status_code == 404  # open operation: no user
    assert client.delete(f"/shop/orders/{uuid.uuid4()}", headers=USER).status_code == 403  # seen, then refused
    assert client.post("/shop/orders", headers={"Authorization": "Bearer forged"}, json=ORDER).status_code == 401
    # Not a plugin's route: neither counted nor reported.
    assert client.get("/health").status_code == 200
    assert client.get("/nowhere").status_code == 404
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, 0, 1, tzinfo=UTC)
    report = counter.take(start, end, "host:1")
    assert report is not None
    assert report.plugins == [PluginUsage("shop", requests=5, errors=0, client_errors=3)]
    assert report.active_users == ["admin-token", "user-token"]
    assert (report.window_start, report.window_end, report.instance) == (start, end, "host:1")
    # The counts start again: a window without traffic has no report.
    assert counter.take(end, end, "host:1") is None


def test_a_server_error_is_counted_as_an_error(counter: UsageCounter) -> None:
    counter.record({"route_handler": Handler()}, 503)
    counter.record({"route_handler": Handler()}, 200)
    report = counter.take(datetime.now(UTC), datetime.now(UTC), "host:1")
    assert report is not None
    assert report.plugins == [PluginUsage("shop", requests=2, errors=1, client_errors=0)]
    assert report.active_users == []


class _Collect:
    def __init__(self) -> None:
        self.reports: list[UsageReport] = []

    async def __call__(self, ctx: CallContext, report: UsageReport) -> None:
        self.reports.append(report)


class _Refusing(LocalBus):
    """A bus that refuses publishes until told otherwise (NATS down, say)."""

    refuse = True

    async def publish(self, event: Any, payload: Any, ctx: CallContext | None = None) -> None:
        if self.refuse:
            raise ConnectionError("no connection")
        await super().publish(event, payload, ctx)


async def test_reports_go_out_on_flush_and_a_refused_one_keeps_its_id() -> None:
    bus = _Refusing(EventsConfig())
    seen = _Collect()
    await bus.subscribe(Subscription("watcher", USAGE, seen))
    counter = UsageCounter()
    reporter = UsageReporter(counter, 3600.0, lambda: bus)

    counter.record({"route_handler": Handler(), "turnout_subject": "u1"}, 200)
    await reporter.flush()  # refused: kept
    await bus.drain()
    assert seen.reports == []
    bus.refuse = False
    counter.record({"route_handler": Handler(), "turnout_subject": "u2"}, 200)
    await reporter.flush()
    await bus.drain()
    assert [r.active_users for r in seen.reports] == [["u1"], ["u2"]]
    assert seen.reports[0].window_end <= seen.reports[1].window_start
    await reporter.flush()  # no traffic since: nothing published
    await bus.drain()
    assert len(seen.reports) == 2
    await bus.close()


async def test_the_last_window_is_reported_when_the_app_stops() -> None:
    bus = LocalBus(EventsConfig())
    seen = _Collect()
    await bus.subscribe(Subscription("watcher", USAGE, seen))
    counter = UsageCounter()
    reporter = UsageReporter(counter, 3600.0, lambda: bus)

    async with reporter.lifespan(None):
        counter.record({"route_handler": Handler()}, 200)
    await bus.drain()
    assert [r.plugins for r in seen.reports] == [[PluginUsage("shop", 1, 0, 0)]]
    await bus.close()


def test_a_plugin_may_consume_the_framework_s_usage_event() -> None:
    def plugin(consumes: tuple[Any, ...]) -> Plugin[Any, Any]:
        async def create(ctx: Any) -> Any:
            return None

        return Plugin(name="stats", contract=CONTRACT, config_type=Any, create_service=create, consumes=consumes)

    check_edges({"stats": plugin((USAGE,))})  # the framework publishes it: no plugin needs to
