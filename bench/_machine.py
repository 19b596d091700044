"""What the benchmarks need to know about the machine they run on."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

__all__ = ["BenchError", "busy_cores", "cpu_model", "record", "versions", "write_results"]


class BenchError(RuntimeError):
    """A check failed, a bound was broken or a server misbehaved: the benchmark stops (exit status 1)."""


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def busy_cores(interval: float = 1.0) -> float | None:
    """How many cores' worth of CPU other processes use now (sampled over ``interval``); None off Linux."""
    try:
        busy_before, total_before = _cpu_ticks()
        time.sleep(interval)
        busy_after, total_after = _cpu_ticks()
    except (OSError, ValueError, IndexError):
        return None
    total = total_after - total_before
    cores = os.cpu_count() or 1
    return round((busy_after - busy_before) / total * cores, 2) if total else None


def cpu_model() -> str:
    """The CPU's model name, for the results file."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def versions(*packages: str) -> dict[str, str]:
    """The installed version of each package, or "not installed"."""
    found = {}
    for package in packages:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def write_results(path: Path, results: object) -> None:
    """Write a run's results as indented JSON (creating the folder) and say where."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {path}")


def record(run: Callable[[], object], output: Path) -> int:
    """A benchmark's exit status: 0 with its results written to ``output``, 1 with the reason it stopped."""
    try:
        results = run()
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    write_results(output, results)
    return 0
