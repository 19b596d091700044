"""The generated AuthClient over the HTTP transport, against the running platform."""

from __future__ import annotations

import uuid

import pytest

from framework import CallContext, ServiceError
from framework.transports import HttpTransport
from generated.auth import AuthClient
from generated.auth.models import ApiKeyCreateRequest, LoginRequest, RegisterRequest, Role, User
from tests._platform import RunningPlatform


async def test_typed_client_round_trip(platform: RunningPlatform) -> None:
    transport = HttpTransport(platform.base_url)
    client = AuthClient(transport)
    ctx = CallContext.system(timeout=10)
    email = f"client-{uuid.uuid4().hex[:8]}@example.com"
    try:
        user = await client.register_user(ctx, body=RegisterRequest(email=email, password="client password"))
        assert isinstance(user, User)
        assert user.role is Role.user
        with pytest.raises(ServiceError) as taken:
            await client.register_user(ctx, body=RegisterRequest(email=email, password="client password"))
        assert taken.value.status == 409
        tokens = await client.login(ctx, body=LoginRequest(email=email, password="client password"))
        transport.bearer_token = tokens.access_token
        me = await client.get_me(ctx)
        assert me.id == user.id
        key = await client.create_api_key(ctx, body=ApiKeyCreateRequest(name="from the client"))
        page = await client.list_api_keys(ctx, limit=10)
        assert [k.id for k in page.items] == [key.id]
        await client.revoke_api_key(ctx, key_id=key.id)
        with pytest.raises(ServiceError) as gone:
            await client.revoke_api_key(ctx, key_id=key.id)
        assert gone.value.status == 404
        transport.bearer_token = None
        with pytest.raises(ServiceError) as anonymous:
            await client.get_me(ctx)
        assert anonymous.value.status == 401
        assert "WWW-Authenticate" in anonymous.value.headers or "www-authenticate" in anonymous.value.headers
    finally:
        await transport.aclose()
