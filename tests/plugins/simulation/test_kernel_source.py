"""The CUDA kernel's source without a GPU: nvcc compiles it, and a host build of its functions matches NumPy.

``kernels/gbm.cu`` keeps its Philox, normals, binning and path step in ``__host__ __device__`` functions, so
``gbm_host.cpp`` (beside this file) runs them on the CPU and the tests compare them with ``_philox.py``.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest
from numpy.typing import NDArray

from plugins.simulation.engine._cupy import KERNEL_NAME, KERNEL_PATH, kernel_options
from plugins.simulation.engine._plan import Plan, make_plan
from tests.plugins.simulation._philox import call_normals, path_normals, philox4x32_10, simulate_paths
from tests.plugins.simulation._problems import single_asset, three_assets

HOST_DRIVER = Path(__file__).with_name("gbm_host.cpp")

# Random123's kat_vectors for philox4x32_10: counter (4 words), key (2 words) -> output (4 words).
KNOWN_ANSWERS = [
    ((0x00000000, 0x00000000, 0x00000000, 0x00000000), (0x00000000, 0x00000000), "6627e8d5 e169c58d bc57ac4c 9b00dbd8"),
    ((0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF), (0xFFFFFFFF, 0xFFFFFFFF), "408f276d 41c83b0e a20bc7c6 6d5451fd"),
    ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0), "d16cfe09 94fdcceb 5001e420 24126ea1"),
]


def _nvcc() -> str | None:
    found = shutil.which("nvcc")
    if found is None and Path("/usr/local/cuda/bin/nvcc").exists():
        found = "/usr/local/cuda/bin/nvcc"
    return found


NVCC = _nvcc()
HOST_COMPILER = shutil.which("g++") or shutil.which("clang++")


@pytest.mark.skipif(NVCC is None, reason="nvcc not found on PATH or at /usr/local/cuda/bin/nvcc")
@pytest.mark.parametrize("n_assets", [1, 3, 16])
def test_nvcc_compiles_the_kernel_to_ptx_without_warnings(n_assets: int, tmp_path: Path) -> None:
    assert NVCC is not None
    ptx = tmp_path / "gbm.ptx"
    command = [NVCC, "-arch=sm_90", "--ptx", "-Werror", "all-warnings", *kernel_options(n_assets)]
    done = subprocess.run([*command, str(KERNEL_PATH), "-o", str(ptx)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert f".entry {KERNEL_NAME}(" in ptx.read_text(encoding="utf-8")  # extern "C": the name is not mangled


def test_python_philox_matches_the_published_vectors() -> None:
    for counter, key, expected in KNOWN_ANSWERS:
        words = philox4x32_10(np.array([counter], dtype=np.uint64), key)[0]
        assert " ".join(f"{int(w):08x}" for w in words) == expected


@pytest.fixture(scope="module")
def host_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int, str, str], str]:
    """Runs ``gbm_host <mode>`` built for N assets with the given stdin; builds once per N."""
    if HOST_COMPILER is None:
        pytest.skip("no host C++ compiler (g++ or clang++) to build the kernel's functions for the CPU")
    directory = tmp_path_factory.mktemp("gbm-host")
    built: dict[int, Path] = {}

    def run(n_assets: int, mode: str, stdin: str) -> str:
        if n_assets not in built:
            binary = directory / f"gbm_host_{n_assets}"
            flags = ["-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror", f"-DN_ASSETS={n_assets}"]
            command = [str(HOST_COMPILER), *flags, f"-I{KERNEL_PATH.parent}", str(HOST_DRIVER), "-o", str(binary)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            assert done.returncode == 0, done.stderr
            built[n_assets] = binary
        done = subprocess.run([str(built[n_assets]), mode], input=stdin, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


def test_kernel_philox_matches_the_published_vectors(host_build: Callable[[int, str, str], str]) -> None:
    lines = [" ".join(f"{w:x}" for w in (*counter, *key)) for counter, key, _ in KNOWN_ANSWERS]
    out = host_build(1, "kat", "\n".join(lines) + "\n").splitlines()
    assert out == [expected for _, _, expected in KNOWN_ANSWERS]


def test_kernel_normals_match_the_reference(host_build: Callable[[int, str, str], str]) -> None:
    seed = 0x0123456789ABCDEF
    queries = [(call, path) for path in (0, 7, 2**40 + 3) for call in (0, 1, 2**33 + 5)]
    out = host_build(1, "normals", "".join(f"{call} {path} {seed}\n" for call, path in queries)).splitlines()
    for (call, path), line in zip(queries, out, strict=True):
        got = np.array([float(x) for x in line.split()])
        want = call_normals(np.array([call], dtype=np.uint64), path, seed)[0]
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
        assert np.all(np.abs(got) <= math.sqrt(2 * math.log(2**24)) + 1e-5)
    first_two_calls = call_normals(np.arange(2, dtype=np.uint64), 7, seed).ravel()
    np.testing.assert_allclose(path_normals(7, 6, seed), first_two_calls[:6])


def test_kernel_binning_matches_the_engine_bins(host_build: Callable[[int, str, str], str]) -> None:
    bins = make_plan(single_asset()).bins
    rng = np.random.default_rng(3)
    values = np.concatenate(
        [[0.0, -1.0, bins.edge(-5), bins.edge(bins.count + 5)], np.exp(rng.uniform(bins.log_lo, bins.log_hi, 5000))]
    ).astype(np.float32)
    header = f"{bins.log_lo!r} {1 / bins.width!r} {bins.count}\n"
    got = np.array([int(x) for x in host_build(1, "slots", header + "\n".join(map(repr, values.tolist()))).split()])
    want = bins.slot_of(values.astype(np.float64))
    assert list(got[:4]) == [0, 0, 1, bins.overflow]
    assert np.mean(got == want) > 0.998  # float32 logs may put a value at an edge in the neighbouring bin
    assert np.all(np.abs(got - want) <= 1)


def _paths_input(plan: Plan, paths: range, contribution: float) -> tuple[str, list[int], NDArray[np.float64]]:
    reports = [int(s) for s in plan.report_steps[1:]]
    coefficients = plan.coefficients()
    problem = plan.problem
    header = (
        f"{problem.steps} {len(reports)} {problem.initial_value!r} {contribution!r} {problem.seed}"
        f" {paths.start} {len(paths)}\n"
    )
    body = " ".join(map(str, reports)) + "\n" + " ".join(repr(float(c)) for c in coefficients) + "\n"
    return header + body, reports, coefficients.astype(np.float64)


def test_kernel_paths_match_the_reference_three_assets(host_build: Callable[[int, str, str], str]) -> None:
    problem = three_assets(steps=30, report_points=4, contribution=-30.0, seed=2**40 + 9)
    plan = make_plan(problem)
    paths = range(1000, 1040)
    stdin, reports, coefficients = _paths_input(plan, paths, problem.contribution)
    got = np.array([[float(x) for x in line.split()] for line in host_build(3, "paths", stdin).splitlines()])
    want = simulate_paths(
        coefficients, reports, problem.steps, problem.initial_value, problem.contribution, problem.seed, paths
    )
    assert got.shape == (40, 3)
    np.testing.assert_allclose(got, want, rtol=2e-4, atol=1e-3)
    assert (want[:, -1] == 0).any()  # some of these paths are ruined: the clamp is exercised
    assert (want[:, -1] > 0).any()


def test_kernel_paths_follow_the_lognormal(host_build: Callable[[int, str, str], str]) -> None:
    problem = single_asset(steps=20, report_points=2)
    plan = make_plan(problem)
    count = 20_000
    stdin, _, _ = _paths_input(plan, range(count), 0.0)
    logs = np.log(np.array([float(x) for x in host_build(1, "paths", stdin).split()]) / problem.initial_value)
    asset = problem.assets[0]
    mean = (asset.expected_return - asset.volatility**2 / 2) * problem.horizon_years
    sd = asset.volatility * math.sqrt(problem.horizon_years)
    assert abs(logs.mean() - mean) < 4 * sd / math.sqrt(count)
    assert abs(logs.std() / sd - 1) < 4 / math.sqrt(2 * count)
    for q in (0.05, 0.5, 0.95):
        z = NormalDist().inv_cdf(q)
        se = math.sqrt(q * (1 - q) / count) / NormalDist().pdf(z) * sd
        assert abs(np.quantile(logs, q) - (mean + sd * z)) < 4 * se
