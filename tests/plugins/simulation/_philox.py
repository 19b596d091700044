"""A NumPy reference of the GPU kernel's random stream and path step (``kernels/gbm.cu``), in float64."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = ["M0", "M1", "W0", "W1", "philox4x32_10", "call_normals", "path_normals", "simulate_paths"]

M0, M1 = 0xD2511F53, 0xCD9E8D57
W0, W1 = 0x9E3779B9, 0xBB67AE85
_MASK = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)


def philox4x32_10(counter: NDArray[np.uint64], key: tuple[int, int]) -> NDArray[np.uint64]:
    """Philox4x32-10 of each row of ``counter`` (k x 4 words) under ``key`` (2 words), as in Random123."""
    c: NDArray[np.uint64] = counter.astype(np.uint64) & _MASK
    k0, k1 = key
    for round_ in range(10):
        if round_ > 0:
            k0, k1 = (k0 + W0) & 0xFFFFFFFF, (k1 + W1) & 0xFFFFFFFF
        p0 = np.uint64(M0) * c[:, 0]  # a 32 x 32 bit product fits in 64 bits: hi and lo words are exact
        p1 = np.uint64(M1) * c[:, 2]
        c = np.stack(
            [
                (p1 >> _SHIFT) ^ c[:, 1] ^ np.uint64(k0),
                p1 & _MASK,
                (p0 >> _SHIFT) ^ c[:, 3] ^ np.uint64(k1),
                p0 & _MASK,
            ],
            axis=1,
        )
    return c


def _box_muller(a: NDArray[np.uint64], b: NDArray[np.uint64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    u = ((a >> np.uint64(8)) + np.uint64(1)).astype(np.float64) * 2.0**-24
    angle = ((b >> np.uint64(8)).astype(np.float64) * 2.0**-24 - 0.5) * 2 * math.pi
    radius = np.sqrt(-2 * np.log(u))
    return radius * np.cos(angle), radius * np.sin(angle)


def call_normals(calls: NDArray[np.uint64], path: int, seed: int) -> NDArray[np.float64]:
    """The four normals of each Philox call in ``calls`` of one path (one row per call)."""
    counter = np.stack(
        [calls & _MASK, calls >> _SHIFT, np.full_like(calls, path & 0xFFFFFFFF), np.full_like(calls, path >> 32)],
        axis=1,
    )
    words = philox4x32_10(counter, (seed & 0xFFFFFFFF, seed >> 32))
    z0, z1 = _box_muller(words[:, 0], words[:, 1])
    z2, z3 = _box_muller(words[:, 2], words[:, 3])
    return np.stack([z0, z1, z2, z3], axis=1)


def path_normals(path: int, count: int, seed: int) -> NDArray[np.float64]:
    """The first ``count`` normals of one path: call c gives normals 4c..4c+3."""
    return call_normals(np.arange(-(-count // 4), dtype=np.uint64), path, seed).ravel()[:count]


def simulate_paths(
    coefficients: NDArray[np.float64],
    report_steps: list[int],
    steps: int,
    initial_value: float,
    contribution: float,
    seed: int,
    paths: range,
) -> NDArray[np.float64]:
    """The value of each path at each report step, stepped as the kernel steps it."""
    n = math.isqrt(len(coefficients) + 1) - 1  # len = 2n + n^2 = (n + 1)^2 - 1
    drift, loadings, weights = coefficients[:n], coefficients[n : n + n * n].reshape(n, n), coefficients[n + n * n :]
    out = np.empty((len(paths), len(report_steps)))
    for row, path in enumerate(paths):
        eps = path_normals(path, steps * n, seed).reshape(steps, n)
        value = initial_value
        for step in range(1, steps + 1):
            growth = float(weights @ np.exp(drift + loadings @ eps[step - 1]))
            value = max(value * growth + contribution, 0.0)
            if step in report_steps:
                out[row, report_steps.index(step)] = value
    return out
