"""Benchmark of the simulation engine: path-steps per second on NumPy and CuPy side by side, and NumPy's memory.

- throughput: the same problems on each backend, timed end to end (``Backend.run``: validation, every chunk,
  the histograms and the summary), best of ``--rounds``:
  - 3 assets (weights 0.6/0.3/0.1, correlated), 1e6 paths x 252 steps (daily over a year), 101 report points;
  - 1 asset, 1e6 paths x 252 steps, 101 report points;
  - CuPy also gets 1e8 paths x 252 steps of each, enough work to fill the GPU (after one untimed run that
    compiles the kernel).
  NumPy runs single-threaded (OMP/OPENBLAS/MKL threads set to 1, the process pinned to one core): its goal is
  per core. CuPy's rows say "not run: no usable GPU" when there is none.
- memory: the NumPy backend's peak for 1e6 and 1e7 paths (3 assets, 4 steps), each in a fresh process: the rise
  of ru_maxrss over the process's own baseline (after imports and a small warm-up run) and tracemalloc's peak.
  It must not grow with the paths (chunks of 2^16 paths): the benchmark fails if 1e7 needs 1.5x what 1e6 does.

Every measurement runs in its own subprocess of this script (``--worker``). Figures, ratios and goals are printed
and written to ``bench/results/simulation.json``.

Usage: ``uv run python bench/bench_simulation.py [--quick] [--paths N] [--gpu-paths N] [--steps N] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._machine import BenchError, busy_cores, cpu_model, record

__all__ = ["Options", "parse_args", "problem", "run_worker", "run_benchmark", "main"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "bench" / "results" / "simulation.json"
SINGLE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

GOAL_NUMPY = 1e8  # path-steps per second on one core
GOAL_CUPY = 2e11  # path-steps per second on an H100
MEMORY_PATHS = (1_000_000, 10_000_000)
MEMORY_STEPS = 4
GOAL_MEMORY_RATIO = 1.5


@dataclass(frozen=True, slots=True)
class Options:
    paths: int
    gpu_paths: int
    steps: int
    rounds: int
    output: Path


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--paths", type=int, default=1_000_000, help="paths of the side-by-side problems")
    parser.add_argument("--gpu-paths", type=int, default=100_000_000, help="paths of CuPy's larger problems")
    parser.add_argument("--steps", type=int, default=252)
    parser.add_argument("--rounds", type=int, default=3, help="timed runs per measurement; the best counts")
    parser.add_argument("--quick", action="store_true", help="a fifth of the paths, one round")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if min(args.paths, args.gpu_paths, args.steps, args.rounds) < 1:
        parser.error("--paths, --gpu-paths, --steps and --rounds must be positive")
    divisor = 5 if args.quick else 1
    return Options(
        paths=max(1, args.paths // divisor),
        gpu_paths=max(1, args.gpu_paths // divisor),
        steps=args.steps,
        rounds=1 if args.quick else args.rounds,
        output=args.output,
    )


# -- the workers (each in its own process) --------------------------------------------------------------------------


def problem(assets: int, paths: int, steps: int) -> Any:
    """The benchmark's problem with 1 or 3 assets over one year."""
    from plugins.simulation.engine import Asset, Problem

    portfolio: tuple[Asset, ...] = (
        Asset("stocks", 0.6, 0.08, 0.18),
        Asset("bonds", 0.3, 0.03, 0.06),
        Asset("gold", 0.1, 0.04, 0.15),
    )
    correlation: tuple[tuple[float, ...], ...] = ((1.0, -0.2, 0.1), (-0.2, 1.0, 0.3), (0.1, 0.3, 1.0))
    if assets == 1:
        portfolio, correlation = (Asset("stocks", 1.0, 0.08, 0.18),), ((1.0,),)
    return Problem(
        assets=portfolio,
        correlation=correlation,
        initial_value=1_000_000.0,
        contribution=0.0,
        horizon_years=1.0,
        steps=steps,
        paths=paths,
        seed=2024,
    )


def _backend(name: str) -> Any:
    from plugins.simulation.engine import CuPyBackend, NumPyBackend

    return CuPyBackend() if name == "cupy" else NumPyBackend()


def _throughput(spec: dict[str, Any]) -> dict[str, Any]:
    backend = _backend(spec["backend"])
    job = problem(spec["assets"], spec["paths"], spec["steps"])
    if spec["backend"] == "cupy":
        backend.run(problem(spec["assets"], 1024, spec["steps"]))  # compiles the kernel, outside the timing
    times = []
    for _ in range(spec["rounds"]):
        start = time.perf_counter()
        backend.run(job)
        times.append(time.perf_counter() - start)
    best = min(times)
    return {"seconds": round(best, 4), "path_steps_per_s": job.paths * job.steps / best}


def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _memory(spec: dict[str, Any]) -> dict[str, Any]:
    backend = _backend("numpy")
    backend.run(problem(3, 1000, MEMORY_STEPS))  # one-time allocations (BLAS buffers, ufunc loops) out of the way
    job = problem(3, spec["paths"], MEMORY_STEPS)
    baseline = _maxrss_kib()
    backend.run(job)
    peak = _maxrss_kib()
    tracemalloc.start()
    backend.run(job)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"baseline_kib": baseline, "rss_rise_kib": peak - baseline, "tracemalloc_peak_bytes": traced}


def run_worker(spec: dict[str, Any]) -> dict[str, Any]:
    """One measurement in this process: pinned to one core, one thread of BLAS."""
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    return _throughput(spec) if spec["kind"] == "throughput" else _memory(spec)


def _spawn(spec: dict[str, Any]) -> dict[str, Any]:
    environment = {**os.environ, **SINGLE_THREAD}
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise BenchError(f"worker {spec} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- the run --------------------------------------------------------------------------------------------------------


def _gpu() -> tuple[bool, str]:
    from plugins.simulation.engine import gpu_usable

    return gpu_usable()


def _rate(value: float) -> str:
    return f"{value:.3g}"


def run_benchmark(options: Options) -> dict[str, Any]:
    background = busy_cores()
    if background is not None and background > 0.2:
        print(f"warning: other processes keep {background:.2f} core(s) busy; rates will be low", file=sys.stderr)
    usable, reason = _gpu()
    print(f"GPU: {'usable' if usable else 'none'} ({reason})", flush=True)
    throughput: dict[str, dict[str, Any]] = {}
    for assets in (3, 1):
        cases = [("numpy", options.paths)]
        if usable:
            cases += [("cupy", options.paths), ("cupy", options.gpu_paths)]
        for backend, paths in cases:
            spec = {"kind": "throughput", "backend": backend, "assets": assets, "paths": paths}
            spec |= {"steps": options.steps, "rounds": options.rounds}
            label = f"{backend} {assets} asset{'s' if assets > 1 else ''}, {paths:.0e} paths x {options.steps} steps"
            throughput[label] = {**spec, **_spawn(spec)}
            print(f"  {label:<44} {_rate(throughput[label]['path_steps_per_s']):>9} path-steps/s", flush=True)
    memory: dict[str, dict[str, Any]] = {}
    for paths in MEMORY_PATHS:
        memory[f"{paths:.0e}"] = _spawn({"kind": "memory", "paths": paths})
    return report(options, throughput, memory, usable, reason, background)


def _lookup(throughput: dict[str, dict[str, Any]], backend: str, assets: int, paths: int) -> float | None:
    for row in throughput.values():
        if (row["backend"], row["assets"], row["paths"]) == (backend, assets, paths):
            rate: float = row["path_steps_per_s"]
            return rate
    return None


def report(
    options: Options,
    throughput: dict[str, dict[str, Any]],
    memory: dict[str, dict[str, Any]],
    usable: bool,
    reason: str,
    background: float | None,
) -> dict[str, Any]:
    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print()
    ratios: dict[str, float | None] = {}
    goals: dict[str, bool | None] = {}
    for assets in (3, 1):
        numpy_rate = _lookup(throughput, "numpy", assets, options.paths)
        assert numpy_rate is not None
        cupy_rate = _lookup(throughput, "cupy", assets, options.paths)
        big_rate = _lookup(throughput, "cupy", assets, options.gpu_paths)
        key = f"{assets}_asset{'s' if assets > 1 else ''}"
        ratios[f"cupy_over_numpy_{key}"] = round(cupy_rate / numpy_rate, 1) if cupy_rate else None
        goals[f"numpy_{key}_1e8_per_core"] = numpy_rate >= GOAL_NUMPY
        goals[f"cupy_{key}_2e11"] = big_rate >= GOAL_CUPY if big_rate else None
        print(
            f"  numpy, {assets} asset(s): {_rate(numpy_rate)} path-steps/s on one core"
            f" (goal >= {GOAL_NUMPY:.0e}: {verdict(numpy_rate >= GOAL_NUMPY)})"
        )
        if cupy_rate is None or big_rate is None:
            print(f"  cupy,  {assets} asset(s): not run: no usable GPU ({reason})")
        else:
            print(
                f"  cupy,  {assets} asset(s): {_rate(cupy_rate)} path-steps/s on the same problem"
                f" ({cupy_rate / numpy_rate:.0f}x numpy); {_rate(big_rate)} with {options.gpu_paths:.0e} paths"
                f" (goal >= {GOAL_CUPY:.0e} on an H100: {verdict(big_rate >= GOAL_CUPY)})"
            )
    small, large = (memory[f"{paths:.0e}"] for paths in MEMORY_PATHS)
    ratio = max(large["rss_rise_kib"], 1) / max(small["rss_rise_kib"], 1)
    for paths in MEMORY_PATHS:
        row = memory[f"{paths:.0e}"]
        print(
            f"  numpy memory, {paths:.0e} paths x {MEMORY_STEPS} steps: ru_maxrss +{row['rss_rise_kib'] / 1024:.1f} MiB"
            f" over a {row['baseline_kib'] / 1024:.0f} MiB baseline; tracemalloc peak"
            f" {row['tracemalloc_peak_bytes'] / 2**20:.1f} MiB"
        )
    bounded = ratio < GOAL_MEMORY_RATIO and large["tracemalloc_peak_bytes"] < GOAL_MEMORY_RATIO * max(
        small["tracemalloc_peak_bytes"], 1
    )
    goals["numpy_memory_bounded"] = bounded
    print(f"  memory 1e7 / 1e6 paths: {ratio:.2f}x (goal < {GOAL_MEMORY_RATIO}x: {verdict(bounded)})")
    sys.stdout.flush()
    if not bounded:
        raise BenchError(f"NumPy backend memory grows with paths: {small} -> {large}")
    return {
        "benchmark": "simulation engine: path-steps per second (numpy, cupy) and numpy peak memory",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {
            "paths": options.paths,
            "gpu_paths": options.gpu_paths,
            "steps": options.steps,
            "rounds": options.rounds,
            "memory_paths": list(MEMORY_PATHS),
            "memory_steps": MEMORY_STEPS,
            "threads": SINGLE_THREAD,
        },
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "busy_cores_before": background,
            "gpu": {"usable": usable, "reason": reason},
        },
        "throughput": throughput,
        "ratios": ratios,
        "memory": memory,
        "goals": goals,
    }


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--worker"]:
        print(json.dumps(run_worker(json.loads(arguments[1]))))
        return 0
    options = parse_args(arguments)
    return record(lambda: run_benchmark(options), options.output)


if __name__ == "__main__":
    raise SystemExit(main())
