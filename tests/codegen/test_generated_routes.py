"""The generated routes, service and client work: exercised over a fake implementation."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.datastructures import State
from litestar.testing import TestClient

from framework import CallContext, NotFound, Principal, Unauthorized
from framework._edge_auth import EdgeSettings
from framework._problems import EXCEPTION_HANDLERS
from framework.runtime import Binding, Param
from tests.codegen.golden.shop import CONTRACT, ShopService
from tests.codegen.golden.shop.models import BankTransfer, CardPayment, NewOrder, Order, OrderStatus


class FakeShop:
    """An in-memory ShopService that records what reached it."""

    def __init__(self) -> None:
        self.orders: dict[uuid.UUID, Order] = {}
        self.calls: list[tuple[str, CallContext, dict[str, Any]]] = []

    async def list_orders(
        self, ctx: CallContext, *, x_request_region: str, status: OrderStatus | None = None, limit: int = 20
    ) -> list[Order]:
        self.calls.append(("list_orders", ctx, {"region": x_request_region, "status": status, "limit": limit}))
        return [o for o in self.orders.values() if status is None or o.status == status][:limit]

    async def place_order(self, ctx: CallContext, *, body: NewOrder) -> Order:
        self.calls.append(("place_order", ctx, {"body": body}))
        order = Order(
            id=uuid.uuid4(),
            item=body.item,
            quantity=body.quantity,
            status=OrderStatus.open,
            payment=body.payment,
            placed_at=datetime.now(UTC),
        )
        self.orders[order.id] = order
        return order

    async def get_order(self, ctx: CallContext, *, order_id: uuid.UUID) -> Order:
        if order_id not in self.orders:
            raise NotFound("no such order")
        return self.orders[order_id]

    async def cancel_order(self, ctx: CallContext, *, order_id: uuid.UUID) -> None:
        self.calls.append(("cancel_order", ctx, {"order_id": order_id}))
        if self.orders.pop(order_id, None) is None:
            raise NotFound("no such order")


class FakeAuthenticator:
    async def authenticate_bearer(self, token: str) -> Principal:
        if token in ("user-token", "admin-token"):
            return Principal(subject=token, roles=("admin",) if token == "admin-token" else ("user",))
        raise Unauthorized("bad token")

    async def authenticate_api_key(self, key: str) -> Principal:
        if key == "good-key":
            return Principal(subject="key-user", roles=("user",), scheme="api_key")
        raise Unauthorized("bad key")


@pytest.fixture
def shop() -> FakeShop:
    return FakeShop()


@pytest.fixture
def client(shop: FakeShop) -> Iterator[TestClient[Litestar]]:
    implementation: ShopService = shop  # the fake must satisfy the generated Protocol
    binding: Binding[ShopService] = Binding("shop", implementation)
    app = Litestar(
        route_handlers=[CONTRACT.create_router(binding)],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=None,
        state=State({"turnout_edge": EdgeSettings(authenticator=FakeAuthenticator())}),
    )
    with TestClient(app) as test_client:
        yield test_client


USER = {"Authorization": "Bearer user-token"}
ADMIN = {"Authorization": "Bearer admin-token"}


def test_body_with_tagged_union_and_enum(client: TestClient[Litestar], shop: FakeShop) -> None:
    card = client.post(
        "/shop/orders", headers=USER, json={"item": "tea", "quantity": 2, "payment": {"kind": "card", "last4": "4242"}}
    )
    assert card.status_code == 201
    assert card.json()["status"] == "open"
    assert card.json()["payment"] == {"kind": "card", "last4": "4242"}
    bank = client.post(
        "/shop/orders",
        headers=USER,
        json={"item": "pot", "quantity": 1, "payment": {"kind": "bank", "iban": "DE89370400440532013000"}},
    )
    assert bank.status_code == 201
    payments = [call[2]["body"].payment for call in shop.calls if call[0] == "place_order"]
    assert isinstance(payments[0], CardPayment)
    assert isinstance(payments[1], BankTransfer)
    ctx = shop.calls[0][1]
    assert ctx.principal is not None
    assert ctx.principal.subject == "user-token"
    assert ctx.deadline is not None


@pytest.mark.parametrize(
    "body",
    [
        {"item": "tea", "quantity": 2, "payment": {"kind": "cash"}},
        {"item": "tea", "quantity": 2, "payment": {"kind": "card", "last4": "42"}},
        {"item": "tea", "quantity": 0, "payment": {"kind": "card", "last4": "4242"}},
        {"item": "tea", "quantity": 2, "payment": {"kind": "card", "last4": "4242", "cvv": "123"}},
        {"item": "tea", "quantity": 2, "payment": {"kind": "card", "last4": "4242"}, "extra": 1},
    ],
)
def test_invalid_bodies_are_400_problems(client: TestClient[Litestar], shop: FakeShop, body: dict[str, Any]) -> None:
    response = client.post("/shop/orders", headers=USER, json=body)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert not shop.orders


def test_query_and_header_parameters(client: TestClient[Litestar], shop: FakeShop) -> None:
    ok = client.get("/shop/orders", headers={**USER, "X-Request-Region": "eu"}, params={"status": "paid", "limit": 5})
    assert ok.status_code == 200
    assert ok.json() == []
    assert shop.calls[-1][2] == {"region": "eu", "status": OrderStatus.paid, "limit": 5}
    defaults = client.get("/shop/orders", headers={"X-API-Key": "good-key", "X-Request-Region": "us"})
    assert defaults.status_code == 200
    assert shop.calls[-1][2] == {"region": "us", "status": None, "limit": 20}
    assert client.get("/shop/orders", headers=USER).status_code == 400  # required header missing
    bad_enum = client.get("/shop/orders", headers={**USER, "X-Request-Region": "eu"}, params={"status": "lost"})
    assert bad_enum.status_code == 400
    assert (
        client.get("/shop/orders", headers={**USER, "X-Request-Region": "eu"}, params={"limit": 101}).status_code == 400
    )


def test_path_parameters_security_and_roles(client: TestClient[Litestar], shop: FakeShop) -> None:
    created = client.post(
        "/shop/orders", headers=USER, json={"item": "tea", "quantity": 1, "payment": {"kind": "card", "last4": "1111"}}
    ).json()
    assert client.get(f"/shop/orders/{created['id']}").status_code == 200  # security: [] means public
    missing = client.get(f"/shop/orders/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "no such order"
    assert client.delete(f"/shop/orders/{created['id']}").status_code == 401
    assert client.delete(f"/shop/orders/{created['id']}", headers=USER).status_code == 403
    assert client.delete(f"/shop/orders/{created['id']}", headers={"X-API-Key": "good-key"}).status_code == 401
    assert client.delete(f"/shop/orders/{created['id']}", headers=ADMIN).status_code == 204
    assert not shop.orders


def test_operations_describe_the_wire() -> None:
    ops = CONTRACT.operations
    assert ops["getOrder"].path == "/shop/orders/{order_id}"
    assert ops["placeOrder"].status == 201
    assert ops["cancelOrder"].roles == ("admin",)
    assert ops["listOrders"].security == ("bearer", "api_key")
    assert ops["getOrder"].result is Order
    assert ops["placeOrder"].params == (Param("body", "body", "body"),)
    region = ops["listOrders"].params[2]
    assert (region.name, region.location, region.wire_name) == ("x_request_region", "header", "X-Request-Region")


def test_client_sends_calls_through_its_transport() -> None:
    sent: list[tuple[str, dict[str, Any]]] = []

    class Recording:
        async def call(self, op: Any, ctx: CallContext, args: dict[str, Any]) -> Any:
            sent.append((op.operation_id, args))
            return msgspec.convert([], op.result)

    import asyncio

    client = CONTRACT.client(Recording())
    result = asyncio.run(client.list_orders(CallContext.system(), x_request_region="eu"))
    assert result == []
    assert sent == [("listOrders", {"x_request_region": "eu", "status": None, "limit": 20})]
