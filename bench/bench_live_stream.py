"""Benchmark of the live stream: from a job's event being published to the SSE client reading it, per placement.

A real platform runs (``turnout run``, all-in-one on SQLite; and split: nats-server, a service per plugin, the
gateway, PostgreSQL). One signed-in user holds ``GET /notifications/stream`` open over HTTP and runs tiny
simulations one after the other; the jobs kit publishes ``turnout.job_progress`` / ``turnout.job_finished`` for
each, stamped ``occurred_at`` just before publishing. The notifications plugin stores each as a live item and
wakes the stream, which writes the frame; the latency of an item is the client's clock when it has parsed the
frame minus ``occurred_at`` (one machine, one clock). Split adds the event's trip through JetStream, the
stream's pull over NATS and the gateway.

In the same run, the baseline: a bare nats-py publish -> subscribe on a local nats-server (two connections,
one message in flight at a time), the least any event to any subscriber can take here. Printed side by side:
p50 and p99 of each, and each placement's p50 / p99 over the baseline's.

Usage: ``uv run python bench/bench_live_stream.py [--quick] [--jobs N] [--placement all-in-one|split|both]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import nats

from bench._machine import BenchError, busy_cores, cpu_model, record, versions
from tests._platform import RunningPlatform, start_platform, start_split_platform
from tests._services import start_nats, start_postgres
from tests.conftest import register_and_login

__all__ = ["main", "nats_baseline", "stream_latencies"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "bench" / "results" / "live_stream.json"
PLUGINS = {
    "plugins": ["auth", "files", "simulation", "notifications", "admin"]
}  # files and simulation read limits from admin
TINY_SIMULATION: dict[str, Any] = {
    "assets": [{"name": "stocks", "weight": 1.0, "expected_return": 0.07, "volatility": 0.18}],
    "correlation": [[1]],
    "initial_value": 1_000,
    "contribution": 0,
    "horizon_years": 1,
    "steps": 12,
    "paths": 100,
    "seed": 3,
}
READ_TIMEOUT = httpx.Timeout(30.0, read=120.0)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(samples: list[float]) -> dict[str, float]:
    """p50 / p99 / mean in microseconds."""
    return {
        "count": len(samples),
        "p50_us": percentile(samples, 0.5) * 1e6,
        "p99_us": percentile(samples, 0.99) * 1e6,
        "mean_us": statistics.fmean(samples) * 1e6,
    }


def frames(lines: Iterator[str]) -> Iterator[dict[str, str]]:
    """The fields of each SSE frame, comments skipped."""
    fields: dict[str, str] = {}
    for line in lines:
        if line == "":
            if fields:
                yield fields
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")


def stream_latencies(platform: RunningPlatform, jobs: int) -> list[float]:
    """Seconds from each job event's ``occurred_at`` to the frame parsed by the client, for ``jobs`` simulations."""
    samples: list[float] = []
    with platform.client() as http:
        user = register_and_login(http)
        opened = http.stream(
            "GET", "/notifications/stream", params={"duration": 3600}, headers=user.auth, timeout=READ_TIMEOUT
        )
        with opened as live:
            if live.status_code != 200:
                raise BenchError(f"the stream answered {live.status_code}")
            parsed = frames(live.iter_lines())
            next(parsed)  # the retry hint
            for _ in range(jobs):
                created = http.post("/simulations", json=TINY_SIMULATION, headers=user.auth)
                if created.status_code != 202:
                    raise BenchError(f"a simulation was refused: {created.status_code} {created.text}")
                job_id = created.json()["id"]
                for frame in parsed:
                    arrived = time.time()
                    data = json.loads(frame["data"])
                    if frame["event"] == "notification" or data["job_id"] != job_id:
                        continue  # the in-app notices (welcome, finished simulations) and earlier jobs
                    samples.append(arrived - datetime.fromisoformat(data["occurred_at"]).timestamp())
                    if frame["event"] != "simulation.progress":
                        break
    return samples


async def nats_baseline(url: str, count: int) -> list[float]:
    """Seconds from a nats-py publish to the subscriber's callback, one message in flight at a time."""
    publisher, subscriber = await nats.connect(url), await nats.connect(url)
    received: asyncio.Queue[float] = asyncio.Queue()

    async def heard(msg: Any) -> None:
        received.put_nowait(time.perf_counter())

    await subscriber.subscribe("bench.live", cb=heard)
    await subscriber.flush()
    samples: list[float] = []
    try:
        for _ in range(count + 50):  # the first 50 warm up
            sent = time.perf_counter()
            await publisher.publish("bench.live", b'{"progress":0.5}')
            await publisher.flush()
            samples.append(await asyncio.wait_for(received.get(), 10) - sent)
    finally:
        await publisher.close()
        await subscriber.close()
    return samples[50:]


def run(placements: list[str], jobs: int, workdir: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": {"cpu": cpu_model(), "busy_cores_before": busy_cores()}}
    results["versions"] = versions("litestar", "granian", "nats-py", "msgspec", "piccolo")
    nats_server = start_nats(workdir / "baseline-nats")
    try:
        results["nats_publish_subscribe"] = summary(asyncio.run(nats_baseline(nats_server.url, jobs * 5)))
    finally:
        nats_server.stop()
    for placement in placements:
        if placement == "split":
            postgres = start_postgres(workdir / "postgres")
            try:
                database = postgres.create_database("bench_live")
                platform = start_split_platform(
                    workdir / "split", database_url=database, replicas=1, platform_settings=PLUGINS
                )
                try:
                    results[placement] = summary(stream_latencies(platform, jobs))
                finally:
                    platform.stop()
            finally:
                postgres.stop()
        else:
            platform = start_platform(workdir / "all-in-one", platform_settings=PLUGINS)
            try:
                results[placement] = summary(stream_latencies(platform, jobs))
            finally:
                platform.stop()
    return results


def report(results: dict[str, Any]) -> None:
    base = results["nats_publish_subscribe"]
    print(f"{'path':<34}{'n':>6}{'p50 us':>12}{'p99 us':>12}{'p50 / nats':>12}{'p99 / nats':>12}")
    print(f"{'nats-py publish -> subscribe':<34}{base['count']:>6}{base['p50_us']:>12.0f}{base['p99_us']:>12.0f}")
    for placement in ("all-in-one", "split"):
        if placement in results:
            row = results[placement]
            label = f"event -> SSE client, {placement}"
            print(
                f"{label:<34}{row['count']:>6}{row['p50_us']:>12.0f}{row['p99_us']:>12.0f}"
                f"{row['p50_us'] / base['p50_us']:>12.1f}{row['p99_us'] / base['p99_us']:>12.1f}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--jobs", type=int, default=200, help="simulations per placement (each gives 2+ events)")
    parser.add_argument("--quick", action="store_true", help="20 simulations per placement")
    parser.add_argument("--placement", choices=["all-in-one", "split", "both"], default="both")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    options = parser.parse_args(argv)
    jobs = 20 if options.quick else options.jobs
    placements = ["all-in-one", "split"] if options.placement == "both" else [options.placement]

    def measure() -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix=f"bench-live-{uuid.uuid4().hex[:6]}-") as workdir:
            results = run(placements, jobs, Path(workdir))
        report(results)
        return results

    return record(measure, options.output)


if __name__ == "__main__":
    sys.exit(main())
