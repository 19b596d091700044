"""Each benchmark script imports and states its options (`--help`); `just bench*` runs them in full.

The measurements themselves take minutes on a quiet machine, so they are not part of `just test`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p for p in (REPO / "bench").glob("bench_*.py"))


def test_every_bench_recipe_runs_a_script_of_bench() -> None:
    justfile = (REPO / "justfile").read_text(encoding="utf-8")
    for script in SCRIPTS:
        assert f"python bench/{script.name}" in justfile, f"no just recipe runs bench/{script.name}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_a_bench_script_states_its_options(script: Path) -> None:
    done = subprocess.run(
        [sys.executable, f"bench/{script.name}", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
    assert "--quick" in done.stdout
