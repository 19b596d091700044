"""Benchmark of notification fan-out: in-app to many users, and webhooks to many endpoints, each beside a baseline.

- in-app: one send to ``--users`` users (10,000 by default) through the plugin's fan-out job, each stored
  notification also put on its user's live stream as the plugin does (preferences
  read per chunk, rows with derived ids, multi-row INSERT ... ON CONFLICT DO NOTHING) vs a plain bulk
  INSERT of the same rows, already prepared as tuples, into the same table of a fresh SQLite file
  (``executemany`` in one transaction).
- webhooks: one send to ``--endpoints`` users (100 by default), each with one webhook on a local receiver
  (a separate process answering 200): fan-out, then the delivery jobs (claimed from the queue, signed,
  POSTed with httpx, each attempt recorded) vs raw httpx POSTs of the same number of bodies to the same
  receiver with the same concurrency (``delivery_workers``).

SQLite in a temporary folder; timings are the best of ``--rounds``. Figures and ratios are printed side
by side and written to ``bench/results/notifications.json``.

Usage: ``uv run python bench/bench_notifications.py [--quick] [--users N] [--endpoints N] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import httpx
import msgspec

from bench._machine import BenchError, busy_cores, cpu_model, record, versions
from framework import LocalBus, utcnow
from framework._db import PluginDatabase, open_plugin_database
from framework.jobs import Jobs, RunningJob
from generated.auth import AuthService
from generated.notifications.models import Channel
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.delivery import Deliverer, delivery_kind, delivery_limits
from plugins.notifications.fanout import Fanout, SendInputs
from plugins.notifications.live import LiveEventRow, LiveFeed
from plugins.notifications.preferences import PreferenceStore
from plugins.notifications.recipients import Recipients
from plugins.notifications.signing import signature_header
from plugins.notifications.tables import TABLES, DeliveryRow, NotificationRow, WebhookRow
from plugins.notifications.webhook import WebhookChannel

__all__ = ["Options", "main", "parse_args", "run_benchmark"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "bench" / "results" / "notifications.json"
WORKERS = 16
CONFIG = NotificationsConfig(
    allow_private_webhook_targets=True, delivery_workers=WORKERS, max_running_deliveries_per_user=WORKERS,
    poll_seconds=0.05, lease_seconds=15.0,
)  # fmt: skip
# A receiver that answers 200 to every request, keep-alive, in a process of its own.
RECEIVER = textwrap.dedent(
    """\
    import asyncio, sys

    async def serve(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\\r\\n\\r\\n")
                length = 0
                for line in head.split(b"\\r\\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                await reader.readexactly(length)
                writer.write(b"HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main():
        server = await asyncio.start_server(serve, "127.0.0.1", int(sys.argv[1]), backlog=512)
        print("ready", flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(main())
    """
)


@dataclass(frozen=True, slots=True)
class Options:
    users: int
    endpoints: int
    rounds: int
    output: Path


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--endpoints", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="2,000 users, 20 endpoints, one round")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if args.quick:
        args.users, args.endpoints, args.rounds = 2_000, 20, 1
    if min(args.users, args.endpoints, args.rounds) < 1:
        parser.error("--users, --endpoints and --rounds must be at least 1")
    return Options(args.users, args.endpoints, args.rounds, args.output)


async def _database(folder: Path) -> PluginDatabase:
    database = await open_plugin_database(f"sqlite:///{folder}", "notifications", folder)
    database.bind([*TABLES, LiveEventRow])
    await database.migrate([*TABLES, LiveEventRow], [])
    return database


def _fanout(deliveries: Jobs[Any, Any] | None = None) -> Fanout:
    recipients = Recipients(cast(AuthService, object()))  # no email here: auth is never asked
    return Fanout(CONFIG, PreferenceStore(), recipients, lambda: cast(Jobs[Any, Any], deliveries))


def _send(users: list[uuid.UUID], channel: Channel) -> RunningJob[SendInputs]:
    inputs = SendInputs(
        kind="announcement", title="Maintenance", body="Read-only on Sunday.", data={"window": "02:00-03:00"},
        user_ids=users, channels=[channel], created_at=utcnow(),
    )  # fmt: skip
    return RunningJob(id=uuid.uuid4(), owner_id=uuid.UUID(int=0), inputs=inputs, attempt=1)


async def _in_app_round(folder: Path, users: int) -> float:
    """Seconds for the fan-out job to store ``users`` in-app notifications."""
    database = await _database(folder)
    try:
        job = _send([uuid.uuid4() for _ in range(users)], Channel.in_app)
        fanout = _fanout()
        # As the plugin wires it: every stored notification also goes onto its user's live stream.
        fanout.listeners.append(LiveFeed(CONFIG, database, LocalBus()).notifications)
        started = time.perf_counter()
        outcome = await fanout.run(job)
        elapsed = time.perf_counter() - started
        if outcome.notified != users or await NotificationRow.count().run() != users:
            raise BenchError(f"the fan-out stored {outcome.notified} notifications, not {users}")
        if await LiveEventRow.count().run() != users:
            raise BenchError("the fan-out did not put every notification on the live stream")
        return elapsed
    finally:
        await database.close()


def _bulk_insert_round(folder: Path, users: int) -> float:
    """Seconds for a plain executemany of the same rows, prepared as tuples, into the same table."""
    folder.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(folder / "baseline.sqlite")
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(
            "CREATE TABLE notifications (id TEXT PRIMARY KEY, user_id TEXT, send_id TEXT, kind TEXT, title TEXT,"
            " body TEXT, data TEXT, created_at TEXT, read_at TEXT)"
        )
        connection.execute("CREATE INDEX n_user ON notifications (user_id)")
        connection.execute("CREATE INDEX n_send ON notifications (send_id)")
        send, now = str(uuid.uuid4()), utcnow().isoformat()
        rows = [
            (str(uuid.uuid4()), str(uuid.uuid4()), send, "announcement", "Maintenance", "Read-only on Sunday.",
             '{"window":"02:00-03:00"}', now, None)
            for _ in range(users)
        ]  # fmt: skip
        started = time.perf_counter()
        with connection:
            connection.executemany("INSERT INTO notifications VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return time.perf_counter() - started
    finally:
        connection.close()


async def _webhook_round(folder: Path, endpoints: int, url: str) -> float:
    """Seconds from the send to every webhook delivery recorded as delivered."""
    database = await _database(folder)
    try:
        async with httpx.AsyncClient(follow_redirects=False) as client:
            deliveries: Jobs[Any, Any] = Jobs(
                delivery_kind(Deliverer({"webhook": WebhookChannel(CONFIG, client)}, CONFIG)), delivery_limits(CONFIG)
            )
            users = [uuid.uuid4() for _ in range(endpoints)]
            await WebhookRow.insert(
                *[
                    WebhookRow(id=uuid.uuid4(), owner_id=user, url=f"{url}/{user}", secret="whsec_bench_secret_0123",
                               kinds="[]", created_at=utcnow())
                    for user in users
                ]
            ).run()  # fmt: skip
            deliveries.start()
            try:
                started = time.perf_counter()
                await _fanout(deliveries).run(_send(users, Channel.webhook))
                # The rows are the truth the workers write: poll them.
                while await DeliveryRow.count().where(DeliveryRow.outcome.is_null()).run():  # noqa: ASYNC110
                    await asyncio.sleep(0.005)
                elapsed = time.perf_counter() - started
            finally:
                await deliveries.stop()
        delivered = await DeliveryRow.count().where(DeliveryRow.outcome == "delivered").run()
        if delivered != endpoints:
            raise BenchError(f"{delivered} of {endpoints} webhook deliveries were delivered")
        return elapsed
    finally:
        await database.close()


async def _raw_posts_round(endpoints: int, url: str) -> float:
    """Seconds for raw httpx POSTs of as many signed bodies, ``WORKERS`` at a time."""
    limit = asyncio.Semaphore(WORKERS)
    body = msgspec.json.encode({"id": str(uuid.uuid4()), "kind": "announcement", "title": "Maintenance"})

    async with httpx.AsyncClient() as client:

        async def post(user: int) -> None:
            async with limit:
                headers = {"Content-Type": "application/json", "Turnout-Signature": signature_header("s" * 20, body)}
                response = await client.post(f"{url}/{user}", content=body, headers=headers)
                if response.status_code != 200:
                    raise BenchError(f"the receiver answered {response.status_code}")

        started = time.perf_counter()
        await asyncio.gather(*(post(i) for i in range(endpoints)))
        return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start_receiver() -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", RECEIVER, str(port)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        process.kill()
        raise BenchError("the webhook receiver did not start")
    return process, f"http://127.0.0.1:{port}"


def _row(name: str, plugin: float, baseline: float, count: int, baseline_name: str) -> dict[str, Any]:
    ours, theirs = count / plugin, count / baseline
    print(f"{name:<10} {ours:>12,.0f}/s   {baseline_name:<24} {theirs:>12,.0f}/s   ratio {ours / theirs:.2f}x")
    return {
        "count": count,
        "plugin_per_second": round(ours, 1),
        "baseline": baseline_name,
        "baseline_per_second": round(theirs, 1),
        "ratio": round(ours / theirs, 3),
        "plugin_seconds": round(plugin, 4),
        "baseline_seconds": round(baseline, 4),
    }


def run_benchmark(options: Options) -> dict[str, Any]:
    background = busy_cores()
    receiver, url = _start_receiver()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-notifications-") as workdir:
            base = Path(workdir)
            in_app = min(asyncio.run(_in_app_round(base / f"in-app-{i}", options.users)) for i in range(options.rounds))
            bulk = min(_bulk_insert_round(base / f"bulk-{i}", options.users) for i in range(options.rounds))
            hooks = min(
                asyncio.run(_webhook_round(base / f"hooks-{i}", options.endpoints, url)) for i in range(options.rounds)
            )
            raw = min(asyncio.run(_raw_posts_round(options.endpoints, url)) for _ in range(options.rounds))
    finally:
        receiver.kill()
        receiver.wait()
    print(f"deliveries per second, best of {options.rounds} (SQLite; {os.cpu_count()} cores, {background} busy)")
    return {
        "in_app": _row("in-app", in_app, bulk, options.users, "plain bulk INSERT"),
        "webhooks": _row("webhooks", hooks, raw, options.endpoints, f"raw httpx POSTs (x{WORKERS})"),
        "rounds": options.rounds,
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "busy_cores": background,
            "python": platform.python_version(),
        },
        "versions": versions("piccolo", "httpx", "msgspec"),
    }


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    return record(lambda: run_benchmark(options), options.output)


if __name__ == "__main__":
    raise SystemExit(main())
