"""``turnout new-plugin``: what it refuses (writing nothing), and what it writes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framework._scaffold import ScaffoldError, new_plugin, plugin_files
from framework.cli import app
from tests._platform import ONLY_PLUGINS_ENV

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A repository root as far as the scaffold reads one: pyproject.toml, platform.toml, contracts/."""
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copy(REPO / "platform.toml", tmp_path / "platform.toml")
    shutil.copytree(REPO / "contracts", tmp_path / "contracts")
    for package in ("framework", "plugins", "generated", "tests", "tests/plugins"):  # first-party to ruff's isort
        (tmp_path / package).mkdir(parents=True)
        (tmp_path / package / "__init__.py").touch()
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Ledger", "not a plugin name"),
        ("1ledger", "not a plugin name"),
        ("_ledger", "not a plugin name"),
        ("ledger_", "not a plugin name"),
        ("led__ger", "not a plugin name"),
        ("led-ger", "not a plugin name"),
        ("led ger", "not a plugin name"),
        ("lédger", "not a plugin name"),
        ("", "not a plugin name"),
        ("a" * 33, "longer than 32"),
        ("class", "Python keyword"),
        ("import", "Python keyword"),
        ("gateway", "reserved"),
        ("operator", "reserved"),
        ("framework", "reserved"),
        ("generated", "reserved"),
        ("tests", "reserved"),
        ("common", "reserved"),
        ("gen", "turnout command"),
        ("serve", "turnout command"),
        ("auth", "already registered"),
        ("files", "already registered"),
        ("identity", "[services.identity]"),
    ],
)
def test_a_bad_or_taken_name_is_refused_and_nothing_is_written(root: Path, name: str, why: str) -> None:
    before = snapshot(root)
    with pytest.raises(ScaffoldError, match=r"(?i)" + re.escape(why)):
        new_plugin(root, name)
    assert snapshot(root) == before


@pytest.mark.parametrize("folder", ["plugins/ledger", "generated/ledger", "tests/plugins/ledger"])
def test_an_existing_folder_is_refused(root: Path, folder: str) -> None:
    (root / folder).mkdir(parents=True)
    before = snapshot(root)
    with pytest.raises(ScaffoldError, match=f"{folder} already exists"):
        new_plugin(root, "ledger")
    assert snapshot(root) == before


def test_a_contract_of_that_name_is_refused(root: Path) -> None:
    (root / "contracts" / "books.yaml").write_text("openapi: 3.1.0\nx-turnout-plugin: ledger\npaths: {}\n")
    before = snapshot(root)
    with pytest.raises(ScaffoldError, match=r"contracts/books\.yaml is already the contract"):
        new_plugin(root, "ledger")
    assert snapshot(root) == before


def test_a_path_or_schema_another_contract_declares_is_refused(root: Path) -> None:
    (root / "contracts" / "books.yaml").write_text(
        "openapi: 3.1.0\nx-turnout-plugin: books\npaths:\n  /ledger/items: {}\n"
        "components:\n  schemas:\n    LedgerItem: {type: object}\n"
    )
    before = snapshot(root)
    with pytest.raises(ScaffoldError, match=r"components\.schemas\.LedgerItem, path /ledger/items"):
        new_plugin(root, "ledger")
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("description", "why"),
    [('say "hi"', "double quotes"), ("back\\slash", "backslashes"), ("x" * 101, "longer than 100")],
)
def test_a_description_that_cannot_be_written_safely_is_refused(root: Path, description: str, why: str) -> None:
    before = snapshot(root)
    with pytest.raises(ScaffoldError, match=why):
        new_plugin(root, "ledger", description)
    assert snapshot(root) == before


def test_outside_a_repository_root_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="not a Turnout repository root"):
        new_plugin(tmp_path, "ledger")
    assert list(tmp_path.iterdir()) == []


def test_the_command_exits_2_and_says_nothing_was_written(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    before = snapshot(root)
    result = CliRunner().invoke(app, ["new-plugin", "Ledger"])
    assert result.exit_code == 2
    assert "not a plugin name" in result.output
    assert "nothing was written" in result.output
    assert snapshot(root) == before


def test_the_command_writes_the_plugin_and_prints_the_next_steps(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    pyproject = (root / "pyproject.toml").read_text()
    result = CliRunner().invoke(app, ["new-plugin", "ledger", "--description", "Budgets and their entries."])
    assert result.exit_code == 0, result.output
    assert "uv run just gen" in result.output
    assert "uv run just test tests/plugins/ledger" in result.output
    for path in [
        "contracts/ledger.yaml",
        "plugins/ledger/__init__.py",
        "plugins/ledger/plugin.py",
        "plugins/ledger/service.py",
        "plugins/ledger/config.py",
        "plugins/ledger/tables.py",
        "tests/plugins/ledger/__init__.py",
        "tests/plugins/ledger/test_ledger.py",
    ]:
        assert (root / path).is_file(), path
        assert f"wrote {path}" in result.output
    assert 'description="Budgets and their entries."' in (root / "plugins/ledger/plugin.py").read_text()
    # pyproject.toml gains exactly one line, right after the last plugin entry point.
    old, new = pyproject.splitlines(), (root / "pyproject.toml").read_text().splitlines()
    added = 'ledger = "plugins.ledger.plugin:plugin"'
    assert [line for line in new if line not in old] == [added]
    last_entry_point = [line for line in old if line.endswith('.plugin:plugin"')][-1]
    assert new[new.index(added) - 1] == old[new.index(added) - 1] == last_entry_point
    assert len(new) == len(old) + 1
    # A second run finds the plugin there and writes nothing.
    before = snapshot(root)
    again = CliRunner().invoke(app, ["new-plugin", "ledger"])
    assert again.exit_code == 2
    assert snapshot(root) == before


@pytest.mark.parametrize("name", ["ledger", "a", "net_worth2", "x" * 32, "i_f"])
def test_every_placeholder_is_filled_and_identifiers_follow_the_generator(name: str) -> None:
    files = plugin_files(name)
    assert not [path for path, text in files.items() if "$$" in text]
    pascal = "".join(part.capitalize() for part in name.split("_"))
    from framework.codegen._spec import snake_case

    service = files[f"plugins/{name}/service.py"]
    for operation in (f"create{pascal}Item", f"list{pascal}Items", f"get{pascal}Item", f"delete{pascal}Item"):
        assert f"operationId: {operation}\n" in files[f"contracts/{name}.yaml"]
        assert f"async def {snake_case(operation)}(" in service
    assert f"class {pascal}ServiceImpl" in service
    assert f"  /{name}/items:\n" in files[f"contracts/{name}.yaml"]
    assert f"x-turnout-plugin: {name}\n" in files[f"contracts/{name}.yaml"]


# --- the whole path, in a copy of the repository ---------------------------------------------------------------------

SCAFFOLDED = (
    "contracts/ledger.yaml",
    "generated/ledger/",
    "generated/ts/ledger/",
    "generated/ts/index.ts",  # now exports the new client too
    "plugins/ledger/",
    "tests/plugins/ledger/",
)


def _copy_repository(target: Path) -> None:
    """The working tree as git sees it (tracked and untracked, not ignored), committed in a fresh repository."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    for relative in filter(None, listed.stdout.decode().split("\0")):
        source = REPO / relative
        if source.is_file():  # a tracked file deleted in the working tree is not part of it
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relative)
    if (REPO / ".mypy_cache").is_dir():  # a warm cache: mypy checks by content, so it stays correct
        shutil.copytree(REPO / ".mypy_cache", target / ".mypy_cache")
    git = ["git", "-c", "user.name=scaffold test", "-c", "user.email=scaffold@example.com"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "repository as copied"]):
        subprocess.run([*git, *command], cwd=target, capture_output=True, check=True)


def _run(copy: Path, *argv: str, timeout: float, env_extra: dict[str, str] | None = None) -> str:
    """``uv run`` a command in the copy's own environment (offline: the packages come from uv's cache)."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONPATH")}
    env.update(env_extra or {})
    result = subprocess.run(
        ["uv", "run", "--frozen", "--offline", *argv],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(argv)} failed:\n{output}"
    return output


def test_a_new_plugin_generates_lints_and_passes_its_tests_in_both_placements(tmp_path: Path) -> None:
    assert shutil.which("uv"), "uv is how this repository is installed and run"
    copy = tmp_path / "repo"
    _copy_repository(copy)

    out = _run(copy, "turnout", "new-plugin", "ledger", timeout=300)  # uv makes the copy's .venv first
    assert "uv run just gen" in out
    _run(copy, "turnout", "gen", timeout=600)  # uv re-installs the project: the new entry point appears

    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=copy, capture_output=True, text=True, check=True
    )
    changed = {line[3:] for line in status.stdout.splitlines()}
    assert " M pyproject.toml" in status.stdout.splitlines()
    assert all(path == "pyproject.toml" or path.startswith(SCAFFOLDED) for path in changed), status.stdout
    assert {prefix for prefix in SCAFFOLDED for path in changed if path.startswith(prefix)} == set(SCAFFOLDED)
    diff = subprocess.run(["git", "diff", "-U0", "pyproject.toml"], cwd=copy, capture_output=True, text=True).stdout
    assert [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        '+ledger = "plugins.ledger.plugin:plugin"'
    ]

    new_code = ["plugins/ledger", "tests/plugins/ledger"]
    _run(copy, "ruff", "check", *new_code, timeout=120)
    _run(copy, "ruff", "format", "--check", *new_code, timeout=120)
    _run(copy, "mypy", *new_code, "generated/ledger", timeout=600)

    # Its platforms serve only what it needs (auth for its users), so they start in a fraction of the time.
    only = {ONLY_PLUGINS_ENV: "auth,ledger"}
    out = _run(copy, "pytest", "tests/plugins/ledger", "-q", "-p", "no:cacheprovider", timeout=900, env_extra=only)
    passed = re.search(r"(\d+) passed", out)
    assert passed, out
    tests = len(re.findall(r"^def test_", (copy / "tests/plugins/ledger/test_ledger.py").read_text(), re.MULTILINE))
    assert int(passed.group(1)) == 2 * tests, out  # every test, in both placements
    assert " failed" not in out
    assert " error" not in out


@pytest.mark.parametrize("name", ["ledger", "n" * 32])
def test_the_written_python_is_lint_clean_for_any_accepted_name(root: Path, name: str) -> None:
    written = [str(p) for p in new_plugin(root, name) if p.suffix == ".py"]
    (root / "generated" / name).mkdir()  # as `turnout gen` makes it: ruff's isort then knows it is first-party
    for module in ("__init__", "events", "models"):
        (root / "generated" / name / f"{module}.py").touch()
    for check in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *check, *written], cwd=root, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
