"""Paths on the CPU: one chunk of paths vectorised with NumPy, stepped in place in float32 buffers.

Normals come from Box-Muller on 24-bit uniforms (the GPU kernel's transform too): on the machine measured it is
over 3x faster than ``Generator.standard_normal`` (1.8 against 7.4 ns a float32 normal). With 24 bits,
|z| <= sqrt(2 ln 2^24) = 5.77; what that cuts off has a probability of 8e-9 per draw.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from plugins.simulation.engine._plan import Plan
from plugins.simulation.engine._result import Cancelled

__all__ = ["CANCEL_EVERY_STEPS", "Observer", "Workspace", "chunk_generator", "box_muller", "simulate_chunk"]

CANCEL_EVERY_STEPS = 64

Observer = Callable[[int, NDArray[np.float32]], None]
"""Called with (report point index >= 1, the chunk's values); the array is reused after the call returns."""

_SHIFT = np.uint32(8)
_UNIT = np.float32(2.0**-24)
_TWO_PI_UNIT = np.float32(2 * math.pi * 2.0**-24)


def chunk_generator(seed: int, chunk: int) -> np.random.Generator:
    """The generator of chunk number ``chunk``: the same for a seed however the chunks are scheduled."""
    return np.random.Generator(np.random.SFC64(np.random.SeedSequence(seed, spawn_key=(chunk,))))


def box_muller(rng: np.random.Generator, out: NDArray[np.float32], scratch: NDArray[np.float32], scale: float) -> None:
    """Fill ``out`` (even length) with independent N(0, scale^2) draws; ``scratch`` holds half as many floats.

    Each normal takes 24 bits of a raw 32-bit word, as the GPU kernel does: u = (k + 1) 2^-24 in (0, 1] for the
    radius, 2 pi k 2^-24 for the angle. Raw words and an int-to-float pass beat ``Generator.random`` by 15%.
    """
    half = len(out) // 2
    words = rng.bit_generator.random_raw(half).view(np.uint32)  # half 64-bit draws: one 32-bit word per normal
    np.right_shift(words, _SHIFT, out=words)
    np.copyto(out, words.view(np.int32), casting="unsafe")  # < 2^24: exact in float32, and int32 converts fastest
    radius, angle, cosine = out[:half], out[half:], scratch[:half]
    np.add(radius, np.float32(1), out=radius)
    np.multiply(radius, _UNIT, out=radius)  # a power of two: exact, so u <= 1 and ln u <= 0
    np.log(radius, out=radius)
    np.multiply(radius, np.float32(-2 * scale * scale), out=radius)  # the scale folded into the radius
    np.sqrt(radius, out=radius)
    np.multiply(angle, _TWO_PI_UNIT, out=angle)
    np.cos(angle, out=cosine)
    np.sin(angle, out=angle)
    np.multiply(angle, radius, out=angle)
    np.multiply(radius, cosine, out=radius)


@dataclass(frozen=True, slots=True)
class _Step:
    """One step's constants in float32; the drift of a multi-asset step is folded into the weights."""

    scale: float
    drift: np.float32
    loadings: NDArray[np.float32]
    weights: NDArray[np.float32]
    contribution: np.float32

    @classmethod
    def of(cls, plan: Plan) -> _Step:
        return cls(
            scale=float(plan.loadings[0, 0]) if plan.n_assets == 1 else 1.0,
            drift=np.float32(plan.drift[0]),
            loadings=plan.loadings.astype(np.float32),
            weights=(plan.weights * np.exp(plan.drift)).astype(np.float32),  # w_i exp(a_i + y_i) = w_i e^a_i e^y_i
            contribution=np.float32(plan.problem.contribution),
        )


class Workspace:
    """The buffers of one chunk, allocated once per run: memory depends on the chunk size, not on the paths."""

    def __init__(self, n_assets: int, size: int) -> None:
        size += size & 1  # Box-Muller fills pairs
        self.n_assets = n_assets
        self.normals = np.empty(n_assets * size, dtype=np.float32)
        self.scratch = np.empty(n_assets * size // 2, dtype=np.float32)
        self.mixed = np.empty(n_assets * size if n_assets > 1 else 0, dtype=np.float32)
        self.growth = np.empty(size, dtype=np.float32)
        self.values = np.empty(size, dtype=np.float32)


def simulate_chunk(
    plan: Plan,
    chunk: int,
    size: int,
    workspace: Workspace,
    observe: Observer,
    cancelled: Callable[[], bool] | None = None,
) -> NDArray[np.float32]:
    """Step ``size`` paths of chunk number ``chunk`` to the horizon; return their terminal values.

    ``observe`` sees the values at every report point after t=0 (the last one is the horizon).
    """
    rng = chunk_generator(int(plan.problem.seed), chunk)
    step_constants = _Step.of(plan)
    n, width = plan.n_assets, size + (size & 1)  # an odd chunk draws one spare path, never observed
    normals = workspace.normals[: n * width]
    scratch = workspace.scratch[: n * width // 2]
    values = workspace.values[:width]
    values.fill(plan.problem.initial_value)
    contribution = step_constants.contribution
    reports = [int(step) for step in plan.report_steps[1:]]
    report = 0
    for step in range(1, plan.problem.steps + 1):
        if n == 1:
            box_muller(rng, normals, scratch, step_constants.scale)
            np.add(normals, step_constants.drift, out=normals)
            np.exp(normals, out=normals)
            np.multiply(values, normals, out=values)
        else:
            box_muller(rng, normals, scratch, 1.0)
            mixed = workspace.mixed[: n * width].reshape(n, width)
            np.matmul(step_constants.loadings, normals.reshape(n, width), out=mixed)
            np.exp(mixed, out=mixed)
            growth = workspace.growth[:width]
            np.matmul(step_constants.weights, mixed, out=growth)
            np.multiply(values, growth, out=values)
        if contribution != 0:
            np.add(values, contribution, out=values)
            if contribution < 0:
                np.maximum(values, np.float32(0), out=values)  # ruin: clamped to 0, and 0 stays 0 from then on
        if step == reports[report]:
            observe(report + 1, values[:size])
            report = min(report + 1, len(reports) - 1)
        if cancelled is not None and step % CANCEL_EVERY_STEPS == 0 and cancelled():
            raise Cancelled
    return values[:size]
