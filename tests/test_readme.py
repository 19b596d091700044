"""The README's commands: each one exists, and a test of the suite runs it.

A command is read from the README's code (indented or fenced blocks, with or without ``uv run``)
and from the first column of its command table. ``just`` recipes are followed to what they run.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer

from framework import cli

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
JUST = str(Path(sys.executable).parent / "just")

# Recipes that run the suite's own tools, and where the suite (or CI, for `just test`) runs them.
RECIPE_EVIDENCE = {
    "test": (REPO / ".ci" / "run", "uv run just test"),
    "lint": (REPO / "justfile", "test *args: lint"),
    "typecheck": (REPO / "tests" / "codegen" / "test_typescript.py", '"tsc"'),
    "test-faults": (REPO / "tests" / "framework" / "test_faults.py", "pytest.mark.faults"),
    "fuzz": (REPO / "tests" / "contract" / "test_schemathesis.py", "FUZZ_EXAMPLES_ENV"),
}


def _code_lines(text: str) -> list[str]:
    lines, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith("    "):
            lines.append(line.strip())
    return lines


def _command(text: str) -> tuple[str, ...] | None:
    text = text.split(" #", 1)[0].split("|", 1)[0].strip().removeprefix("uv run ")
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    if len(words) < 2 or words[0] not in ("just", "turnout"):
        return None
    return tuple(words)


def readme_commands() -> set[tuple[str, ...]]:
    """Each command the README shows, as its words."""
    text = README.read_text(encoding="utf-8")
    found = {c for line in _code_lines(text) if (c := _command(line))}
    table = text[text.index("## Commands") :]
    for row in table.splitlines():
        if row.startswith("| `"):
            cell = row.split("|")[1]
            found |= {c for piece in re.findall(r"`([^`]+)`", cell) if (c := _command(piece))}
    return found


@cache
def _turnout() -> Any:
    cli._add_plugin_commands()
    return typer.main.get_command(cli.app)  # a click group (typer's own copy of click)


def turnout_path(words: tuple[str, ...]) -> tuple[str, ...]:
    """The subcommand words of ``turnout ...`` (``audit verify``, ``run``), checked to exist."""
    group = _turnout()
    path: list[str] = []
    for word in words[1:]:
        if not hasattr(group, "commands") or word.startswith("-"):
            break
        sub = group.commands.get(word)
        assert sub is not None, f"README: `{' '.join(words)}`: turnout has no command {' '.join([*path, word])!r}"
        path.append(word)
        group = sub
    assert path, f"README: `{' '.join(words)}` names no turnout command"
    return tuple(path)


@cache
def _test_sources() -> dict[Path, str]:
    here = Path(__file__).resolve()
    return {p: p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("*.py") if p.resolve() != here}


def exercised_turnout(path: tuple[str, ...]) -> list[Path]:
    """Test files that run ``turnout <path>``: its words as arguments, in order, beside a turnout invocation."""
    pattern = re.compile(r",\s*".join(re.escape(f'"{word}"') for word in path))
    invocation = re.compile(r'TURNOUT|turnout"|"turnout|cli\.app|\bapp\b,|main\(')
    return [p for p, text in _test_sources().items() if pattern.search(text) and invocation.search(text)]


def recipe_body(recipe: str) -> list[str]:
    shown = subprocess.run([JUST, "--show", recipe], cwd=REPO, capture_output=True, text=True, check=False)
    assert shown.returncode == 0, f"README: `just {recipe}`: no such recipe ({shown.stderr.strip()})"
    return [line.strip() for line in shown.stdout.splitlines()[1:] if line.strip() and not line.strip().startswith("#")]


def exercised_recipe(recipe: str) -> list[str]:
    """Where ``just <recipe>`` is run: the turnout command, script or tool it runs, by a test."""
    if recipe in RECIPE_EVIDENCE:
        where, needle = RECIPE_EVIDENCE[recipe]
        return [str(where)] if needle in where.read_text(encoding="utf-8") else []
    evidence = []
    for line in recipe_body(recipe):
        words = line.split()
        if words[0] == "turnout":
            evidence += [str(p) for p in exercised_turnout(turnout_path(tuple(words)))]
        elif words[0] == "python" and words[1] == "-c":  # the module it imports must be used by a test
            imported = re.search(r"from (\S+) import", line)
            assert imported, f"`just {recipe}`: cannot tell what `{line}` runs"
            evidence += [str(p) for p, text in _test_sources().items() if imported.group(1) in text]
        elif words[0] == "python":
            script = words[1] if words[1] != "-m" else words[2].replace(".", "/") + ".py"
            module = script.removesuffix(".py").replace("/", ".")
            evidence += [str(p) for p, text in _test_sources().items() if script in text or module in text]
            if script.startswith("bench/bench_") and (REPO / script).exists():
                evidence.append("tests/test_bench_scripts.py")  # every bench/bench_*.py, to --help
    return evidence


def test_the_readme_shows_the_walkthrough_commands() -> None:
    commands = {" ".join(c[:2]) for c in readme_commands()}
    for expected in (
        "just run",
        "just test",
        "just up",
        "just gen",
        "turnout new-plugin",
        "turnout top",
        "turnout logs",
    ):
        assert expected in commands, f"{expected} is not in the README"


@pytest.mark.parametrize("words", sorted(readme_commands()), ids=lambda words: " ".join(words[:3]))
def test_every_readme_command_exists_and_a_test_runs_it(words: tuple[str, ...]) -> None:
    if words[0] == "turnout":
        path = turnout_path(words)
        assert exercised_turnout(path), f"no test runs `turnout {' '.join(path)}`"
    else:
        assert exercised_recipe(words[1]), f"no test runs what `just {words[1]}` runs"
