"""The NATS transport end to end on a real nats-server, with the generated fixture contract.

Errors arrive as the same ServiceError, no responders is 503, a passed deadline 504, and the
context (principal, correlation id, deadline, trace) reaches the implementation.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import nats
import pytest
from nats.aio.client import Client

from framework import CallContext, NotFound, Plugin, Principal, ServiceError, TooManyRequests, load_config
from framework._host import Host
from framework._micro import MicroServices
from framework._status import collect_status
from framework._streams import Upload
from framework.transports._nats import NatsTransport
from generated.files import FilesClient
from tests._services import NatsServer
from tests._wait import eventually
from tests.codegen.golden.shop import CONTRACT, ShopClient
from tests.codegen.golden.shop.models import CardPayment, NewOrder, Order, OrderStatus


class Empty(msgspec.Struct, forbid_unknown_fields=True):
    pass


class Shop:
    """A ShopService that records the contexts it is called with."""

    def __init__(self) -> None:
        self.contexts: list[CallContext] = []
        self.order = Order(
            id=uuid.uuid4(),
            item="tea",
            quantity=1,
            status=OrderStatus.paid,
            payment=CardPayment(last4="4242"),
            placed_at=datetime.now(UTC),
        )

    async def list_orders(
        self, ctx: CallContext, *, x_request_region: str, status: OrderStatus | None = None, limit: int = 20
    ) -> list[Order]:
        if x_request_region == "slow":
            await asyncio.sleep(5)
        if x_request_region == "busy":
            raise TooManyRequests("slow down", retry_after=7)
        if x_request_region == "bug":
            raise RuntimeError("a bug")
        return [self.order][:limit]

    async def place_order(self, ctx: CallContext, *, body: NewOrder) -> Order:
        self.contexts.append(ctx)
        return msgspec.structs.replace(self.order, item=body.item, quantity=body.quantity, payment=body.payment)

    async def get_order(self, ctx: CallContext, *, order_id: uuid.UUID) -> Order:
        self.contexts.append(ctx)
        if order_id != self.order.id:
            raise NotFound("no such order")
        return self.order

    async def cancel_order(self, ctx: CallContext, *, order_id: uuid.UUID) -> None:
        self.contexts.append(ctx)


async def _create(ctx: Any) -> Shop:
    return Shop()


SHOP_PLUGIN = Plugin(name="shop", contract=CONTRACT, config_type=Empty, create_service=_create)


@pytest.fixture
async def served(nats_server: NatsServer) -> AsyncIterator[tuple[Shop, ShopClient, Client]]:
    server_nc = await nats.connect(nats_server.url)
    client_nc = await nats.connect(nats_server.url)
    shop = Shop()
    micro = MicroServices(server_nc)
    await micro.add(SHOP_PLUGIN, shop)
    try:
        yield shop, ShopClient(NatsTransport(client_nc)), client_nc
    finally:
        await micro.stop()
        await server_nc.close()
        await client_nc.close()


def _ctx(timeout: float = 5.0) -> CallContext:
    return CallContext(
        correlation_id="corr-nats-1",
        principal=Principal(subject="u1", roles=("user",), session_id="s1"),
        deadline=time.time() + timeout,
        traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        client_address="10.1.2.3",
    )


async def test_results_and_context_cross_the_wire(served: tuple[Shop, ShopClient, Client]) -> None:
    shop, client, _ = served
    ctx = _ctx()
    assert await client.get_order(ctx, order_id=shop.order.id) == shop.order
    placed = await client.place_order(ctx, body=NewOrder(item="pot", quantity=2, payment=CardPayment(last4="1111")))
    assert (placed.item, placed.quantity, placed.payment) == ("pot", 2, CardPayment(last4="1111"))
    assert await client.list_orders(ctx, x_request_region="eu", limit=1) == [shop.order]
    seen = shop.contexts[0]
    assert seen.principal == ctx.principal
    assert seen.correlation_id == "corr-nats-1"
    assert seen.deadline == pytest.approx(ctx.deadline)
    assert seen.traceparent == ctx.traceparent
    assert seen.client_address == "10.1.2.3"


async def test_service_errors_arrive_unchanged(served: tuple[Shop, ShopClient, Client]) -> None:
    _, client, _ = served
    with pytest.raises(ServiceError) as missing:
        await client.get_order(_ctx(), order_id=uuid.uuid4())
    assert (missing.value.status, missing.value.detail, missing.value.title) == (404, "no such order", "Not Found")
    with pytest.raises(ServiceError) as busy:
        await client.list_orders(_ctx(), x_request_region="busy")
    assert busy.value.status == 429
    assert busy.value.headers["Retry-After"] == "7"
    with pytest.raises(ServiceError) as bug:
        await client.list_orders(_ctx(), x_request_region="bug")
    assert bug.value.status == 500
    assert "a bug" not in (bug.value.detail or "")  # internals stay in the service's log


async def test_passed_deadline_is_504_without_waiting_for_the_handler(
    served: tuple[Shop, ShopClient, Client],
) -> None:
    _, client, _ = served
    started = time.monotonic()
    with pytest.raises(ServiceError) as slow:
        await client.list_orders(_ctx(timeout=0.3), x_request_region="slow")
    assert slow.value.status == 504
    assert time.monotonic() - started < 1.5
    with pytest.raises(ServiceError) as late:
        await client.list_orders(_ctx(timeout=-1), x_request_region="eu")
    assert late.value.status == 504


async def test_no_responders_is_503(nats_server: NatsServer) -> None:
    nc = await nats.connect(nats_server.url)
    try:
        with pytest.raises(ServiceError) as down:
            await ShopClient(NatsTransport(nc)).get_order(_ctx(), order_id=uuid.uuid4())
        assert down.value.status == 503
    finally:
        await nc.close()


async def test_concurrent_calls_each_get_their_own_reply(served: tuple[Shop, ShopClient, Client]) -> None:
    _, client, _ = served
    ctx = _ctx()
    items = [f"item-{n}" for n in range(200)]
    placed = await asyncio.gather(
        *(
            client.place_order(ctx, body=NewOrder(item=item, quantity=n % 99 + 1, payment=CardPayment(last4="4242")))
            for n, item in enumerate(items)
        )
    )
    assert [(order.item, order.quantity) for order in placed] == [(item, n % 99 + 1) for n, item in enumerate(items)]


async def test_a_reply_after_the_deadline_is_dropped_and_calls_go_on(
    served: tuple[Shop, ShopClient, Client], nats_server: NatsServer
) -> None:
    """A late reply reaches no caller; a cancelled caller leaves nothing waiting behind."""
    shop, client, _ = served
    with pytest.raises(ServiceError) as slow:
        await client.list_orders(_ctx(timeout=0.2), x_request_region="slow")
    assert slow.value.status == 504
    caller = asyncio.ensure_future(client.list_orders(_ctx(), x_request_region="slow"))
    await asyncio.sleep(0.1)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    assert await client.get_order(_ctx(), order_id=shop.order.id) == shop.order
    transport = client._transport  # what is left waiting is the point of this test
    assert isinstance(transport, NatsTransport)
    assert transport._replies._waiting == {}


async def _call_status(client: ShopClient, shop: Shop) -> int:
    try:
        assert await client.get_order(_ctx(timeout=0.5), order_id=shop.order.id) == shop.order
    except ServiceError as error:
        return error.status
    return 200


async def test_replies_survive_a_reconnect(nats_server: NatsServer) -> None:
    """The reply subscription is renewed with the connection: calls succeed after nats-server restarts."""
    server_nc = await nats.connect(nats_server.url, reconnect_time_wait=0.1, max_reconnect_attempts=-1)
    client_nc = await nats.connect(nats_server.url, reconnect_time_wait=0.1, max_reconnect_attempts=-1)
    micro = MicroServices(server_nc)
    shop = Shop()
    await micro.add(SHOP_PLUGIN, shop)
    client = ShopClient(NatsTransport(client_nc))
    try:
        assert await client.get_order(_ctx(), order_id=shop.order.id) == shop.order
        nats_server.stop()
        nats_server.start()
        deadline = time.monotonic() + 10
        statuses: list[int] = []
        while (status := await _call_status(client, shop)) != 200:
            statuses.append(status)
            assert time.monotonic() < deadline, f"calls did not recover after nats-server restarted: {statuses}"
            await asyncio.sleep(0.1)
        assert set(statuses) <= {503, 504}
    finally:
        await micro.stop()
        await server_nc.close()
        await client_nc.close()


async def _reconnecting_pair(nats_server: NatsServer) -> tuple[MicroServices, Shop, Client, Client]:
    server_nc = await nats.connect(nats_server.url, reconnect_time_wait=0.1, max_reconnect_attempts=-1)
    client_nc = await nats.connect(nats_server.url, reconnect_time_wait=0.1, max_reconnect_attempts=-1)
    micro = MicroServices(server_nc)
    shop = Shop()
    await micro.add(SHOP_PLUGIN, shop)
    return micro, shop, server_nc, client_nc


async def test_a_call_while_nats_is_down_is_503_after_the_short_wait(nats_server: NatsServer) -> None:
    """Not at the call's deadline: the caller hears 503 with Retry-After once the short wait is over."""
    micro, shop, server_nc, client_nc = await _reconnecting_pair(nats_server)
    client = ShopClient(NatsTransport(client_nc, unavailable_wait=0.5))
    try:
        assert await client.get_order(_ctx(), order_id=shop.order.id) == shop.order
        nats_server.stop()
        await eventually(lambda: not client_nc.is_connected, within=30)
        started = time.monotonic()
        with pytest.raises(ServiceError) as down:
            await client.get_order(_ctx(timeout=60), order_id=shop.order.id)
        took = time.monotonic() - started
        assert down.value.status == 503
        assert down.value.headers["Retry-After"] == "1"
        assert 0.4 <= took < 30, took  # it did wait for the connection, and far less than the deadline
        nats_server.start()
        deadline = time.monotonic() + 30
        while (status := await _call_status(client, shop)) != 200:
            assert status == 503, status
            assert time.monotonic() < deadline, "calls did not recover after nats-server came back"
            await asyncio.sleep(0.1)
    finally:
        await micro.stop()
        await server_nc.close()
        await client_nc.close()


async def test_a_call_waiting_when_nats_goes_down_is_503_after_the_short_wait(nats_server: NatsServer) -> None:
    """The request or its reply went with the connection: 503 soon, not at the deadline, and nothing left waiting."""
    micro, _, server_nc, client_nc = await _reconnecting_pair(nats_server)
    transport = NatsTransport(client_nc, unavailable_wait=0.5)
    client = ShopClient(transport)
    try:
        waiting = asyncio.ensure_future(client.list_orders(_ctx(timeout=60), x_request_region="slow"))
        await eventually(lambda: bool(transport._replies._waiting), within=30)  # published, waiting for the reply
        nats_server.stop()
        started = time.monotonic()
        with pytest.raises(ServiceError) as lost:
            await asyncio.wait_for(waiting, timeout=50)
        assert lost.value.status == 503
        assert "Retry-After" in lost.value.headers
        assert time.monotonic() - started < 30
        assert transport._replies._waiting == {}
    finally:
        nats_server.start()
        await micro.stop()
        await server_nc.close()
        await client_nc.close()


async def test_a_closed_connection_is_503(served: tuple[Shop, ShopClient, Client]) -> None:
    shop, client, nc = served
    assert await client.get_order(_ctx(), order_id=shop.order.id) == shop.order
    await nc.close()
    with pytest.raises(ServiceError) as closed:
        await client.get_order(_ctx(), order_id=shop.order.id)
    assert closed.value.status == 503

    async def chunks() -> AsyncIterator[bytes]:
        yield b"never sent"

    with pytest.raises(ServiceError) as upload:  # a streamed upload fails before anything is offered
        await FilesClient(NatsTransport(nc)).upload_file(_ctx(), file=Upload("a.txt", "text/plain", chunks()))
    assert upload.value.status == 503


async def test_bad_arguments_on_the_wire_are_400(served: tuple[Shop, ShopClient, Client]) -> None:
    _, _, nc = served
    reply = await nc.request("turnout.shop.getOrder", b'{"order_id": "not-a-uuid"}', timeout=2)
    assert reply.headers is not None
    assert reply.headers["Nats-Service-Error-Code"] == "400"
    garbage = await nc.request("turnout.shop.getOrder", b"\xff\x00", timeout=2)
    assert garbage.headers is not None
    assert garbage.headers["Nats-Service-Error-Code"] == "400"


async def test_the_context_header_is_checked(served: tuple[Shop, ShopClient, Client]) -> None:
    """A malformed or mistyped context is a 400; a call without one gets a fresh correlation id."""
    shop, _, nc = served
    payload = msgspec.json.encode({"order_id": shop.order.id})
    for bad in ("not json", '{"correlation_id": 5}', '{"correlation_id": "c", "principal": {"roles": ["x"]}}'):
        reply = await nc.request("turnout.shop.getOrder", payload, timeout=2, headers={"Turnout-Context": bad})
        assert reply.headers is not None
        assert reply.headers["Nats-Service-Error-Code"] == "400", bad
        assert msgspec.json.decode(reply.data)["detail"] == "the call context header is malformed"
    assert shop.contexts == []
    reply = await nc.request("turnout.shop.getOrder", payload, timeout=2)
    assert msgspec.json.decode(reply.data, type=Order) == shop.order
    (seen,) = shop.contexts
    assert (seen.principal, seen.deadline, len(seen.correlation_id)) == (None, None, 32)


async def test_micro_service_is_discoverable(served: tuple[Shop, ShopClient, Client]) -> None:
    shop, client, nc = served
    await client.get_order(_ctx(), order_id=shop.order.id)
    ping = msgspec.json.decode((await nc.request("$SRV.PING.shop", b"", timeout=2)).data)
    assert ping["name"] == "shop"
    info = msgspec.json.decode((await nc.request("$SRV.INFO.shop", b"", timeout=2)).data)
    assert {e["subject"] for e in info["endpoints"]} == {f"turnout.shop.{op}" for op in CONTRACT.operations}
    assert {e["queue_group"] for e in info["endpoints"]} == {"turnout"}
    [instance] = await collect_status(nc, service="shop")
    assert instance.endpoints["getOrder"] == 1


async def test_placement_alone_decides_implementation_or_client(
    nats_server: NatsServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(None, None)
    colocated = Host(config, {"shop": SHOP_PLUGIN})
    await colocated.start()
    assert isinstance(colocated.bindings["shop"].service, Shop)
    await colocated.stop()

    nc = await nats.connect(nats_server.url)
    try:
        remote = Host(config, {"shop": SHOP_PLUGIN}, local=set())
        await remote.start(NatsTransport(nc))
        assert isinstance(remote.bindings["shop"].service, ShopClient)
        assert await remote.readiness() == {"shop": "unreachable"}
        await remote.stop()
    finally:
        await nc.close()
