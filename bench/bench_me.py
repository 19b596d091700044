"""Benchmark of one authenticated JSON endpoint, GET /auth/me, on three servers side by side.

- turnout: the all-in-one Litestar + msgspec app, served by ``turnout run --no-access-log`` (granian, one worker);
- turnout-log: the same, with its default JSON access log on (one line per request, to its log file);
- turnout-bare: the first with Prometheus metrics off (``[metrics] enabled = false``), tracing off;
- turnout-traced: the first with tracing on as well (``[tracing]``, 5% of new traces sampled, as a busy
  production platform would run; every request still gets and passes on a trace context), spans sent over
  OTLP/HTTP to an endpoint in this process: metrics and tracing against turnout-bare is what
  observability costs (goal: under 10%);
- turnout-traced-all: the same with every request sampled (``sample_ratio = 1.0``): the upper bound;
- fastapi: ``bench/fastapi_me.py``, the same endpoint written with FastAPI + pydantic, PyJWT and
  aiosqlite, served by uvicorn (one worker).

Each request carries an Ed25519 (EdDSA) access token and reads the caller's row from SQLite.
Every server runs at once, pinned to one core; ``wrk`` drives them from another core, one stack at a
time, alternating over ``--rounds``. The median requests/s of each stack, its p50/p99 latency, the
server's CPU time per request (which other load on the machine barely changes), the ratio
turnout/fastapi and what the access log costs (turnout-log against turnout) are printed and written to
``bench/results/me.json``.

Before measuring, every server must answer GET /auth/me with the bench user for the good token and 401
for a forged or malformed one; any non-2xx answer under load stops the benchmark.

Usage: ``uv run python bench/bench_me.py [--quick] [--duration S] [--connections N] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench._machine import BenchError, busy_cores, cpu_model, record, versions
from tests._platform import free_port

__all__ = [
    "Options",
    "Stack",
    "WrkResult",
    "StackSummary",
    "parse_args",
    "ensure_wrk",
    "parse_wrk",
    "run_benchmark",
    "main",
]

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_OUTPUT = BENCH_DIR / "results" / "me.json"
PATH = "/auth/me"
EMAIL = "bench@example.com"
PASSWORD = "bench-password-1"
ISSUER = "turnout"
AUDIENCE = "turnout"
GOAL_RATIO = 3.0
GOAL_ACCESS_LOG_COST = 0.10  # the access log may cost at most this share of the requests/s
GOAL_OBSERVABILITY_COST = 0.10  # metrics and tracing together, against neither

METRICS_OFF = "\n[metrics]\nenabled = false\n"
TRACING_ON = '\n[tracing]\nenabled = true\notlp_endpoint = "{endpoint}"\nsample_ratio = {ratio}\n'
SAMPLED = 0.05  # turnout-traced; turnout-traced-all samples every request
READY_TIMEOUT_S = 60.0

TURNOUT_CONFIG = """\
[platform]
name = "bench"
log_level = "info"

[gateway]
listen = "127.0.0.1:{port}"

[plugins.auth]
access_token_ttl_seconds = 3600
argon2_time_cost = 1
argon2_memory_kib = 1024
argon2_parallelism = 1
"""

BASELINE_SCHEMA = """\
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'user',
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
)
"""

STACKS = (
    "turnout",
    "turnout-log",
    "fastapi",
    "turnout-bare",
    "turnout-traced-all",
    "turnout-traced",
)  # the order they take turns in, each round
LABELS = {
    "turnout": "turnout (litestar+msgspec, granian; metrics on)",
    "turnout-log": "turnout + access log",
    "fastapi": "fastapi (pydantic, uvicorn)",
    "turnout-bare": "turnout, metrics off",
    "turnout-traced": f"turnout + tracing ({SAMPLED:.0%} sampled, OTLP)",
    "turnout-traced-all": "turnout + tracing (all sampled, OTLP)",
}


@dataclass(frozen=True)
class Options:
    duration: int
    connections: int
    threads: int
    rounds: int
    warmup: int
    output: Path


@dataclass
class Stack:
    """One running server and the access token its GET /auth/me accepts."""

    name: str
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path
    token: str = ""
    user: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return LABELS[self.name]

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty server log)"


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: dict[str, int]
    server_cpu_s: float = 0.0
    cpu_us_per_request: float = 0.0


@dataclass(frozen=True)
class StackSummary:
    label: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    cpu_us_per_request: float
    runs: list[WrkResult]


# -- options ------------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=int, default=10, help="seconds of each measured wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="open connections held by wrk (default 32)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1)")
    parser.add_argument("--rounds", type=int, default=2, help="measured runs per stack, alternating (default 2)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each measured run (default 2)")
    parser.add_argument("--quick", action="store_true", help="3 s measured runs")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"JSON results (default {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    duration = 3 if args.quick else args.duration
    for name, value in (("duration", duration), ("connections", args.connections), ("threads", args.threads)):
        if value < 1:
            parser.error(f"--{name} must be at least 1")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must not be negative")
    if args.threads > args.connections:
        parser.error("--threads must not exceed --connections")
    return Options(
        duration=duration,
        connections=args.connections,
        threads=args.threads,
        rounds=args.rounds,
        warmup=args.warmup,
        output=args.output,
    )


# -- tools --------------------------------------------------------------------------------------------------------


def ensure_wrk() -> str:
    """The path of ``wrk``, installed with apt-get when missing; exits with a clear error when it cannot be."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None:
        raise SystemExit("error: wrk is not installed and apt-get is not available: install wrk and run again")
    print("wrk is not installed: installing it with apt-get ...", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    output = ""
    for command in ([apt, "install", "-y", "wrk"], [apt, "update"], [apt, "install", "-y", "wrk"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        output = done.stdout + done.stderr
        if command[1] == "install" and done.returncode == 0:
            break
    found = shutil.which("wrk")
    if not found:
        tail = "\n".join(output.splitlines()[-10:])
        raise SystemExit(
            f"error: wrk is not installed and `apt-get install -y wrk` failed (root is needed):\n{tail}\n"
            "install wrk (Debian/Ubuntu package `wrk`) and run again"
        )
    return found


def turnout_executable() -> str:
    beside = Path(sys.executable).parent / "turnout"
    if beside.exists():
        return str(beside)
    found = shutil.which("turnout")
    if found is None:
        raise SystemExit("error: the `turnout` command is not installed; run `uv sync` first")
    return found


def core_pins() -> tuple[list[str], list[str], list[int]]:
    """taskset prefixes for the servers and for wrk: separate cores when there are two or more."""
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(cores) < 2 or shutil.which("taskset") is None:
        return [], [], cores
    return ["taskset", "-c", str(cores[0])], ["taskset", "-c", str(cores[1])], cores


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) used so far by the live processes of a process group."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 12 and int(fields[2]) == pgid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


# -- servers ------------------------------------------------------------------------------------------------------


def spawn(name: str, command: list[str], cwd: Path, port: int, env: dict[str, str] | None = None) -> Stack:
    log = cwd / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Stack(name=name, base_url=f"http://127.0.0.1:{port}", process=process, log=log)


def stop(stack: Stack) -> None:
    """Stop the server and everything it spawned (it leads its own process group)."""
    if stack.process.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, 10.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(stack.process.pid, sig)
        try:
            stack.process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_ready(stack: Stack, client: httpx.Client) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    last = "no answer"
    while time.monotonic() < deadline:
        if stack.process.poll() is not None:
            raise BenchError(
                f"{stack.name}: the server exited with status {stack.process.returncode}:\n{stack.log_tail()}"
            )
        try:
            response = client.get(f"{stack.base_url}/ready", timeout=2.0)
            if response.status_code == 200:
                return
            last = f"{response.status_code} {response.text[:200]}"
        except httpx.TransportError as error:
            last = repr(error)
        time.sleep(0.1)
    raise BenchError(f"{stack.name}: not ready after {READY_TIMEOUT_S:.0f}s ({last}):\n{stack.log_tail()}")


def start_turnout(
    workdir: Path, pin: list[str], client: httpx.Client, *, access_log: bool = False, name: str = "", extra: str = ""
) -> Stack:
    """``turnout run`` in ``workdir``, with or without its access log; registers the bench user and logs in.

    ``extra`` is more platform.toml (sections of its own); ``name`` the stack's name.
    """
    port = free_port()
    config = workdir / "platform.toml"
    config.write_text(TURNOUT_CONFIG.format(port=port) + extra, encoding="utf-8")
    command = [*pin, turnout_executable(), "run", "--config", str(config)]
    if not access_log:
        command.append("--no-access-log")
    stack = spawn(name or ("turnout-log" if access_log else "turnout"), command, workdir, port)
    wait_ready(stack, client)
    registered = client.post(f"{stack.base_url}/auth/register", json={"email": EMAIL, "password": PASSWORD})
    if registered.status_code != 201:
        raise BenchError(f"turnout: POST /auth/register gave {registered.status_code}: {registered.text[:500]}")
    login = client.post(f"{stack.base_url}/auth/login", json={"email": EMAIL, "password": PASSWORD})
    if login.status_code != 200:
        raise BenchError(f"turnout: POST /auth/login gave {login.status_code}: {login.text[:500]}")
    stack.token = login.json()["access_token"]
    return stack


def uvicorn_options() -> tuple[list[str], dict[str, str]]:
    """Extra uvicorn flags (uvloop only when installed) and the loop/http implementations it will use."""
    has_uvloop = importlib.util.find_spec("uvloop") is not None
    has_httptools = importlib.util.find_spec("httptools") is not None
    flags = ["--loop", "uvloop"] if has_uvloop else []
    return flags, {"loop": "uvloop" if has_uvloop else "asyncio", "http": "httptools" if has_httptools else "h11"}


def start_fastapi(workdir: Path, pin: list[str], client: httpx.Client, user: dict[str, Any]) -> Stack:
    """Serve bench/fastapi_me.py with its own key and SQLite file holding ``user``; mint its token."""
    private_key = Ed25519PrivateKey.generate()
    public_pem = workdir / "jwt-ed25519.pub.pem"
    public_pem.write_bytes(
        private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    database = workdir / "users.sqlite"
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute(BASELINE_SCHEMA)
        db.execute(
            "INSERT INTO users (id, email, display_name, password_hash, role, created_at, password_changed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                user["id"],
                user["email"],
                user["display_name"],
                "unused",
                user["role"],
                user["created_at"],
                user["created_at"],
            ),
        )
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": user["id"],
        "sid": str(uuid.uuid4()),
        "role": user["role"],
        "typ": "access",
        "iat": now,
        "exp": now + 3600,
        "jti": str(uuid.uuid4()),
    }
    token = jwt.encode(claims, private_key, algorithm="EdDSA", headers={"kid": "bench-baseline"})
    port = free_port()
    flags, _ = uvicorn_options()
    command = [
        *pin,
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(BENCH_DIR),
        "fastapi_me:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        *flags,
    ]
    env = {**os.environ, "BENCH_ME_DB": str(database), "BENCH_ME_PUBLIC_KEY": str(public_pem)}
    stack = spawn("fastapi", command, workdir, port, env)
    wait_ready(stack, client)
    stack.token = token
    return stack


# -- checks -------------------------------------------------------------------------------------------------------


def forged(token: str) -> str:
    """The same header and claims signed by a key nobody trusts."""
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode(claims, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": header.get("kid")})


def check_stack(stack: Stack, client: httpx.Client) -> dict[str, Any]:
    """GET /auth/me answers 200 with the bench user for the token, and 401 for bad tokens; returns the user."""
    url = f"{stack.base_url}{PATH}"
    response = client.get(url, headers={"Authorization": f"Bearer {stack.token}"})
    if response.status_code != 200:
        raise BenchError(f"{stack.name}: GET {PATH} gave {response.status_code}, not 200: {response.text[:500]}")
    body = response.json()
    if not isinstance(body, dict) or body.get("email") != EMAIL:
        raise BenchError(f"{stack.name}: GET {PATH} did not return the user {EMAIL}: {response.text[:500]}")
    missing = {"id", "email", "display_name", "role", "created_at"} - set(body)
    if missing:
        raise BenchError(f"{stack.name}: GET {PATH} lacks {sorted(missing)}: {response.text[:500]}")
    for what, bad in (("a forged signature", forged(stack.token)), ("a malformed token", "not-a-jwt")):
        denied = client.get(url, headers={"Authorization": f"Bearer {bad}"})
        if denied.status_code != 401:
            raise BenchError(
                f"{stack.name}: a token with {what} got {denied.status_code}, not 401: {denied.text[:300]}"
            )
    stack.user = body
    return body


def check_access_log(stack: Stack) -> None:
    """turnout-log writes access lines, turnout none: each figure measures what its label says."""
    want = stack.name == "turnout-log"
    deadline = time.monotonic() + 5.0  # lines are written within a second of the request
    while True:
        written = any(
            line.startswith("{") and json.loads(line).get("logger") == "turnout.access"
            for line in stack.log.read_text(encoding="utf-8", errors="replace").splitlines()
        )
        if written == want and (written or time.monotonic() >= deadline):
            return
        if time.monotonic() >= deadline:
            raise BenchError(f"{stack.name}: {'no' if want else 'an'} access log line:\n{stack.log_tail()}")
        time.sleep(0.1)


# -- load ---------------------------------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str, unit: str) -> float:
    return round(float(value) * _UNITS_MS[unit], 3)


def parse_wrk(output: str) -> WrkResult:
    """Requests/s, latency percentiles, request count and errors from ``wrk --latency`` output."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in ", output, re.MULTILINE)
    percentiles = {
        int(match[1]): _ms(match[2], match[3])
        for match in re.finditer(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    }
    if rate is None or total is None or set(percentiles) != {50, 75, 90, 99}:
        raise BenchError(f"unexpected wrk output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    socket_errors = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, errors.groups()), strict=True)) if errors else {}
    )
    return WrkResult(
        requests_per_second=float(rate[1]),
        p50_ms=percentiles[50],
        p75_ms=percentiles[75],
        p90_ms=percentiles[90],
        p99_ms=percentiles[99],
        requests=int(total[1]),
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=socket_errors,
    )


def run_wrk(wrk: str, pin: list[str], stack: Stack, options: Options, seconds: int) -> WrkResult:
    command = [
        *pin,
        wrk,
        f"-t{options.threads}",
        f"-c{options.connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
        "-H",
        f"Authorization: Bearer {stack.token}",
        f"{stack.base_url}{PATH}",
    ]
    cpu_before = group_cpu_seconds(stack.process.pid)
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=seconds + 60)
    cpu = group_cpu_seconds(stack.process.pid) - cpu_before
    if done.returncode != 0:
        raise BenchError(f"{stack.name}: wrk exited with {done.returncode}:\n{done.stdout}{done.stderr}")
    if stack.process.poll() is not None:
        raise BenchError(f"{stack.name}: the server died under load:\n{stack.log_tail()}")
    result = parse_wrk(done.stdout)
    if result.non_2xx:
        raise BenchError(
            f"{stack.name}: {result.non_2xx} of {result.requests} responses were not 2xx; figures would be wrong:\n"
            f"{done.stdout}"
        )
    if any(result.socket_errors.values()):
        print(f"  warning: {stack.name}: wrk socket errors {result.socket_errors}", file=sys.stderr)
    per_request = round(cpu / result.requests * 1e6, 1) if result.requests else 0.0
    return dataclasses.replace(result, server_cpu_s=round(cpu, 2), cpu_us_per_request=per_request)


def summarize(name: str, runs: list[WrkResult]) -> StackSummary:
    return StackSummary(
        label=LABELS[name],
        requests_per_second=statistics.median(run.requests_per_second for run in runs),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        cpu_us_per_request=statistics.median(run.cpu_us_per_request for run in runs),
        runs=runs,
    )


# -- report -------------------------------------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    return versions("litestar", "msgspec", "granian", "fastapi", "pydantic", "uvicorn", "pyjwt", "aiosqlite")


def _wrk_version(wrk: str) -> str:
    done = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    first = (done.stdout + done.stderr).strip().splitlines()
    return first[0] if first else "unknown"


def access_log_cost(summaries: dict[str, StackSummary]) -> dict[str, float]:
    """What the access log costs: the share of requests/s it takes, and the server CPU it adds per request."""
    plain, logged = summaries["turnout"], summaries["turnout-log"]
    return {
        "throughput_cost": 1 - logged.requests_per_second / plain.requests_per_second,
        "cpu_cost": logged.cpu_us_per_request / plain.cpu_us_per_request - 1 if plain.cpu_us_per_request else 0.0,
        "cpu_us_per_request": logged.cpu_us_per_request - plain.cpu_us_per_request,
    }


class OtlpSink:
    """An OTLP/HTTP endpoint that takes every export and keeps only counts: decoding would load the bench's core."""

    def __init__(self) -> None:
        sink = self

        class Receive(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                sink.exports += 1
                sink.bytes += len(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.exports = 0
        self.bytes = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Receive)
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}/v1/traces"
        threading.Thread(target=self._server.serve_forever, name="otlp-sink", daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def observability_cost(summaries: dict[str, StackSummary]) -> dict[str, float]:
    """What metrics (turnout) and metrics with tracing (turnout-traced) cost against neither (turnout-bare)."""
    bare, metered, traced = summaries["turnout-bare"], summaries["turnout"], summaries["turnout-traced"]
    everything = summaries["turnout-traced-all"]

    def cpu(summary: StackSummary) -> float:
        return summary.cpu_us_per_request / bare.cpu_us_per_request - 1 if bare.cpu_us_per_request else 0.0

    return {
        "metrics_throughput_cost": 1 - metered.requests_per_second / bare.requests_per_second,
        "metrics_cpu_cost": cpu(metered),
        "throughput_cost": 1 - traced.requests_per_second / bare.requests_per_second,
        "cpu_cost": cpu(traced),
        "p50_cost": traced.p50_ms / bare.p50_ms - 1 if bare.p50_ms else 0.0,
        "all_sampled_throughput_cost": 1 - everything.requests_per_second / bare.requests_per_second,
        "all_sampled_cpu_cost": cpu(everything),
    }


def report(summaries: dict[str, StackSummary]) -> tuple[float, float, dict[str, float]]:
    """Print the final table; return the throughput ratio, the server CPU-per-request ratio, the log's cost."""
    turnout, fastapi = summaries["turnout"], summaries["fastapi"]
    width = max(len(summary.label) for summary in summaries.values())
    print()
    print(f"GET {PATH} (Ed25519 JWT + one SQLite row + JSON), median of {len(turnout.runs)} run(s):")
    for summary in summaries.values():
        print(
            f"  {summary.label + ':':<{width + 1}} {summary.requests_per_second:>8.0f} req/s"
            f"  p50 {summary.p50_ms:.2f}ms  p99 {summary.p99_ms:.2f}ms"
            f"  server CPU {summary.cpu_us_per_request:.0f}us/req"
        )
    ratio = turnout.requests_per_second / fastapi.requests_per_second
    cpu_ratio = fastapi.cpu_us_per_request / turnout.cpu_us_per_request if turnout.cpu_us_per_request else 0.0
    verdict = "met" if ratio >= GOAL_RATIO else "NOT met"
    print(f"  ratio turnout/fastapi: {ratio:.2f}x req/s (goal >= {GOAL_RATIO:g}x: {verdict})")
    print(f"  server CPU per request, fastapi/turnout: {cpu_ratio:.2f}x")
    cost = access_log_cost(summaries)
    verdict = "met" if cost["throughput_cost"] < GOAL_ACCESS_LOG_COST else "NOT met"
    print(
        f"  access log cost, turnout-log against turnout: {cost['throughput_cost']:+.1%} req/s"
        f" (goal < {GOAL_ACCESS_LOG_COST:.0%}: {verdict}),"
        f" {cost['cpu_cost']:+.1%} server CPU per request ({cost['cpu_us_per_request']:+.1f}us)"
    )
    observed = observability_cost(summaries)
    # Server CPU per request is the verdict: other load on the machine barely moves it, unlike req/s.
    verdict = "met" if observed["cpu_cost"] < GOAL_OBSERVABILITY_COST else "NOT met"
    print(
        f"  metrics alone, turnout against turnout-bare: {-observed['metrics_throughput_cost']:+.1%} req/s,"
        f" {observed['metrics_cpu_cost']:+.1%} server CPU per request"
    )
    print(
        f"  metrics and tracing ({SAMPLED:.0%} sampled), turnout-traced against turnout-bare:"
        f" {observed['cpu_cost']:+.1%} server CPU per request (goal < {GOAL_OBSERVABILITY_COST:.0%}: {verdict}),"
        f" {-observed['throughput_cost']:+.1%} req/s, {observed['p50_cost']:+.1%} p50"
    )
    print(
        f"  metrics and tracing, every request sampled: {observed['all_sampled_cpu_cost']:+.1%} server CPU per"
        f" request, {-observed['all_sampled_throughput_cost']:+.1%} req/s"
    )
    sys.stdout.flush()
    return ratio, cpu_ratio, cost


# -- main ---------------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def running_stacks(server_pin: list[str]) -> Iterator[dict[str, Stack]]:
    stacks: dict[str, Stack] = {}
    with (
        tempfile.TemporaryDirectory(prefix="bench-me-turnout-") as turnout_dir,
        tempfile.TemporaryDirectory(prefix="bench-me-turnout-log-") as logged_dir,
        tempfile.TemporaryDirectory(prefix="bench-me-fastapi-") as fastapi_dir,
        tempfile.TemporaryDirectory(prefix="bench-me-bare-") as bare_dir,
        tempfile.TemporaryDirectory(prefix="bench-me-traced-") as traced_dir,
        tempfile.TemporaryDirectory(prefix="bench-me-traced-all-") as all_dir,
        httpx.Client(timeout=10.0) as client,
    ):
        collector = OtlpSink()
        try:
            stacks["turnout"] = start_turnout(Path(turnout_dir), server_pin, client)
            user = check_stack(stacks["turnout"], client)
            stacks["turnout-log"] = start_turnout(Path(logged_dir), server_pin, client, access_log=True)
            check_stack(stacks["turnout-log"], client)
            stacks["fastapi"] = start_fastapi(Path(fastapi_dir), server_pin, client, user)
            check_stack(stacks["fastapi"], client)
            check_access_log(stacks["turnout-log"])
            check_access_log(stacks["turnout"])
            stacks["turnout-bare"] = start_turnout(
                Path(bare_dir), server_pin, client, name="turnout-bare", extra=METRICS_OFF
            )
            check_stack(stacks["turnout-bare"], client)
            if client.get(f"{stacks['turnout-bare'].base_url}/metrics").status_code != 404:
                raise BenchError("turnout-bare: GET /metrics answers, but metrics should be off")
            for name, ratio, folder in (("turnout-traced", SAMPLED, traced_dir), ("turnout-traced-all", 1.0, all_dir)):
                traced = TRACING_ON.format(endpoint=collector.endpoint, ratio=ratio)
                stacks[name] = start_turnout(Path(folder), server_pin, client, name=name, extra=traced)
                check_stack(stacks[name], client)
            yield stacks
            if not collector.exports:
                raise BenchError("turnout-traced: no span reached the OTLP endpoint")
            print(f"turnout-traced exported {collector.exports} batch(es), {collector.bytes / 1e6:.1f} MB", flush=True)
        finally:
            for stack in stacks.values():
                stop(stack)
            collector.stop()


def run_benchmark(options: Options) -> dict[str, Any]:
    wrk = ensure_wrk()
    server_pin, wrk_pin, cores = core_pins()
    if server_pin:
        print(f"servers pinned to core {server_pin[-1]}, wrk to core {wrk_pin[-1]}", flush=True)
    else:
        print(f"warning: {len(cores) or 'unknown'} core(s): servers and wrk share the CPU", file=sys.stderr)
    background = busy_cores()
    if background is not None and background > 0.2:
        print(
            f"warning: other processes keep {background:.2f} core(s) busy; req/s and latency will be noisy"
            " (server CPU per request is not affected)",
            file=sys.stderr,
        )
    runs: dict[str, list[WrkResult]] = {name: [] for name in STACKS}
    with running_stacks(server_pin) as stacks:
        print(f"every server answers GET {PATH} with the user, and 401 for bad tokens", flush=True)
        for round_number in range(1, options.rounds + 1):
            for name in STACKS:
                stack = stacks[name]
                if options.warmup:
                    run_wrk(wrk, wrk_pin, stack, options, options.warmup)
                result = run_wrk(wrk, wrk_pin, stack, options, options.duration)
                runs[name].append(result)
                print(
                    f"  round {round_number}/{options.rounds} {name:<11} {result.requests_per_second:>9.0f} req/s"
                    f"  p50 {result.p50_ms:.2f}ms  p99 {result.p99_ms:.2f}ms"
                    f"  server CPU {result.cpu_us_per_request:.0f}us/req",
                    flush=True,
                )
    summaries = {name: summarize(name, results) for name, results in runs.items()}
    ratio, cpu_ratio, cost = report(summaries)
    _, uvicorn_impl = uvicorn_options()
    return {
        "benchmark": f"GET {PATH}",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {
            "duration_s": options.duration,
            "warmup_s": options.warmup,
            "connections": options.connections,
            "wrk_threads": options.threads,
            "rounds": options.rounds,
            "server_core": server_pin[-1] if server_pin else None,
            "wrk_core": wrk_pin[-1] if wrk_pin else None,
            "uvicorn": uvicorn_impl,
        },
        "machine": {
            "cpu": cpu_model(),
            "cores": len(cores),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "wrk": _wrk_version(wrk),
            "busy_cores_before": background,
        },
        "versions": _versions(),
        "stacks": {name: asdict(summary) for name, summary in summaries.items()},
        "ratio": round(ratio, 3),
        "cpu_per_request_ratio": round(cpu_ratio, 3),
        "goal_ratio": GOAL_RATIO,
        "goal_met": ratio >= GOAL_RATIO,
        "observability": {
            **{key: round(value, 4) for key, value in observability_cost(summaries).items()},
            "goal_cost_below": GOAL_OBSERVABILITY_COST,
            "sample_ratio": SAMPLED,
            "goal_met": observability_cost(summaries)["cpu_cost"] < GOAL_OBSERVABILITY_COST,
        },
        "access_log": {
            "throughput_cost": round(cost["throughput_cost"], 4),
            "cpu_cost": round(cost["cpu_cost"], 4),
            "cpu_us_per_request": round(cost["cpu_us_per_request"], 1),
            "goal_cost_below": GOAL_ACCESS_LOG_COST,
            "goal_met": cost["throughput_cost"] < GOAL_ACCESS_LOG_COST,
        },
    }


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    return record(lambda: run_benchmark(options), options.output)


if __name__ == "__main__":
    raise SystemExit(main())
