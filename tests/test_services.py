"""The throwaway PostgreSQL and NATS servers of `tests._services` start, serve real clients and stop cleanly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import nats
import pytest

from tests._services import NatsServer, PostgresServer, ServiceError, start_nats, start_postgres


async def _scalar(url: str, query: str) -> object:
    conn = await asyncpg.connect(url, timeout=10)
    try:
        return await conn.fetchval(query)
    finally:
        await conn.close()


async def test_postgres_serves_the_turnout_database(postgres: PostgresServer) -> None:
    assert postgres.url == f"postgresql://postgres@127.0.0.1:{postgres.port}/turnout"
    assert await _scalar(postgres.url, "select 1") == 1
    assert await _scalar(postgres.url, "select current_database()") == "turnout"
    assert await _scalar(postgres.url, "show fsync") == "off"


async def test_create_database_gives_an_isolated_database(postgres: PostgresServer) -> None:
    url = postgres.create_database("platform_a")
    assert url == postgres.url_for("platform_a")
    conn = await asyncpg.connect(url, timeout=10)
    try:
        await conn.execute("create table only_here (x int)")
        await conn.execute("insert into only_here values (42)")
        assert await conn.fetchval("select x from only_here") == 42
    finally:
        await conn.close()
    assert await _scalar(postgres.url, "select to_regclass('only_here') is null") is True


def test_create_database_rejects_odd_names(postgres: PostgresServer) -> None:
    with pytest.raises(ValueError, match="database name"):
        postgres.create_database('x"; drop database turnout; --')


def test_create_database_twice_fails_with_the_reason(postgres: PostgresServer) -> None:
    postgres.create_database("twice")
    with pytest.raises(ServiceError, match="already exists"):
        postgres.create_database("twice")


async def test_postgres_stop_removes_its_files(tmp_path: Path) -> None:
    with start_postgres(tmp_path) as server:
        root = server.root
        assert root.is_dir()
        assert await _scalar(server.url, "select 1") == 1
    assert not root.exists()
    assert "database system is shut down" in (tmp_path / "postgres.log").read_text()
    server.stop()  # idempotent


async def test_nats_publish_subscribe_round_trip(nats_server: NatsServer) -> None:
    assert nats_server.url == f"nats://127.0.0.1:{nats_server.port}"
    nc = await nats.connect(nats_server.url, connect_timeout=5, max_reconnect_attempts=0)
    try:
        sub = await nc.subscribe("greet.*")
        await nc.publish("greet.world", b"hello")
        msg = await sub.next_msg(timeout=5)
        assert (msg.subject, msg.data) == ("greet.world", b"hello")
        await sub.unsubscribe()
    finally:
        await nc.close()


async def test_nats_jetstream_is_enabled(nats_server: NatsServer) -> None:
    nc = await nats.connect(nats_server.url, connect_timeout=5, max_reconnect_attempts=0)
    try:
        js = nc.jetstream()
        await js.add_stream(name="T", subjects=["t.>"])
        ack = await js.publish("t.one", b"stored")
        assert (ack.stream, ack.seq) == ("T", 1)
    finally:
        await nc.close()


async def test_nats_restart_keeps_port_and_streams(nats_server: NatsServer) -> None:
    port = nats_server.port
    nc = await nats.connect(nats_server.url, connect_timeout=5, max_reconnect_attempts=0)
    try:
        js = nc.jetstream()
        await js.add_stream(name="T", subjects=["t.>"])
        await js.publish("t.one", b"kept")
    finally:
        await nc.close()

    nats_server.restart()
    assert nats_server.port == port
    assert nats_server.running

    nc = await nats.connect(nats_server.url, connect_timeout=5, max_reconnect_attempts=0)
    try:
        js = nc.jetstream()
        info = await js.stream_info("T")
        assert info.state.messages == 1
        msg = await js.get_msg("T", seq=1)
        assert msg.data == b"kept"
    finally:
        await nc.close()


async def test_nats_without_jetstream(tmp_path: Path) -> None:
    with start_nats(tmp_path, jetstream=False) as server:
        assert not (tmp_path / "jetstream").exists()
        nc = await nats.connect(server.url, connect_timeout=5, max_reconnect_attempts=0)
        try:
            with pytest.raises(nats.js.errors.ServiceUnavailableError):
                await asyncio.wait_for(nc.jetstream().account_info(), timeout=5)
        finally:
            await nc.close()
    assert not server.running
    server.stop()  # idempotent
