"""``turnout new-plugin NAME``: a contract, a plugin package and its tests, ready for ``turnout gen``.

Templates live in ``framework/templates/new_plugin``; placeholders are ``$${key}``, since a single
``$`` is common in contracts (``$ref``). Everything is checked before the first file is written.
"""

from __future__ import annotations

import keyword
import re
import string
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import yaml

from framework._errors import ScaffoldError
from framework._plugin import ENTRY_POINT_GROUP
from framework.codegen._spec import snake_case

__all__ = ["RESERVED_NAMES", "ScaffoldError", "new_plugin", "next_steps", "plugin_files"]

# Names the platform itself uses: NATS identities, top-level folders, shared contract, app routes.
RESERVED_NAMES = frozenset(
    {"gateway", "operator", "framework", "generated", "tests", "common", "plugins", "contracts", "bench"}
    | {"schema", "health", "ready", "turnout"}
)
_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_MAX_NAME = 32  # also a PostgreSQL schema and a NATS subject token: keep it short
_MAX_SUMMARY = 100  # one line of plugin.py, within the line length
_DEFAULT_SUMMARY = "Items each user keeps: created, listed, read and deleted by their owner."
_SECTION = f'[project.entry-points."{ENTRY_POINT_GROUP}"]'

# template file -> where it goes, relative to the repository root
_LAYOUT = {
    "contract.yaml.tmpl": "contracts/{name}.yaml",
    "package_init.py.tmpl": "plugins/{name}/__init__.py",
    "plugin.py.tmpl": "plugins/{name}/plugin.py",
    "service.py.tmpl": "plugins/{name}/service.py",
    "config.py.tmpl": "plugins/{name}/config.py",
    "tables.py.tmpl": "plugins/{name}/tables.py",
    "tests_init.py.tmpl": "tests/plugins/{name}/__init__.py",
    "test_plugin.py.tmpl": "tests/plugins/{name}/test_{name}.py",
}


class _Template(string.Template):
    delimiter = "$$"


@dataclass(frozen=True)
class _Names:
    """Every identifier the templates derive from the plugin's name, as the generator derives them."""

    name: str
    summary: str

    def values(self) -> dict[str, str]:
        pascal = "".join(part.capitalize() for part in self.name.split("_"))
        return {
            "name": self.name,
            "Name": pascal,
            "camel": pascal[0].lower() + pascal[1:],
            "summary": self.summary,
            "create_item": snake_case(f"create{pascal}Item"),
            "list_items": snake_case(f"list{pascal}Items"),
            "get_item": snake_case(f"get{pascal}Item"),
            "delete_item": snake_case(f"delete{pascal}Item"),
        }


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise ScaffoldError(
            f"{name!r} is not a plugin name: use lowercase letters, digits and single underscores,"
            " starting with a letter (a lowercase Python identifier)"
        )
    if len(name) > _MAX_NAME:
        raise ScaffoldError(f"{name!r} is longer than {_MAX_NAME} characters")
    if keyword.iskeyword(name):
        raise ScaffoldError(f"{name!r} is a Python keyword")
    if name in RESERVED_NAMES:
        raise ScaffoldError(f"{name!r} is reserved by the platform ({', '.join(sorted(RESERVED_NAMES))})")
    if name in _command_names():
        raise ScaffoldError(f"{name!r} is a turnout command; a plugin's commands are mounted as `turnout <plugin>`")


def _command_names() -> set[str]:
    from framework.cli import app  # imported late: the CLI imports this module when the command runs

    return {c.name or c.callback.__name__ for c in app.registered_commands if c.callback is not None}


def _check_summary(summary: str) -> None:
    if len(summary) > _MAX_SUMMARY:
        raise ScaffoldError(f"the description is longer than {_MAX_SUMMARY} characters")
    if any(c in summary for c in '"\\') or not summary.isprintable():
        raise ScaffoldError("the description must be one line without double quotes, backslashes or control characters")


def _registered(pyproject: str) -> list[str]:
    """Plugin names in pyproject.toml's entry-point table and in the installed distributions."""
    table = tomllib.loads(pyproject).get("project", {}).get("entry-points", {}).get(ENTRY_POINT_GROUP, {})
    return [*table, *(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))]


def _contract_surface(document: dict[str, Any]) -> set[str]:
    """What a contract adds to the one served document: paths, operationIds, component names."""
    paths = document.get("paths") or {}
    found = {f"path {route}" for route in paths}
    for item in paths.values():
        operations = [op for op in (item or {}).values() if isinstance(op, dict) and op.get("operationId")]
        found |= {f"operationId {op['operationId']}" for op in operations}
    for kind, entries in (document.get("components") or {}).items():
        found |= {f"components.{kind}.{entry}" for entry in entries or {}}
    return found


def _check_free(root: Path, name: str, contract: str, pyproject: str) -> None:
    if name in _registered(pyproject):
        raise ScaffoldError(f"a plugin called {name!r} is already registered")
    if name in _service_groups(root):
        raise ScaffoldError(f"platform.toml has a [services.{name}] group; the plugin's own service would clash")
    for folder in (f"plugins/{name}", f"generated/{name}", f"tests/plugins/{name}"):
        if (root / folder).exists():
            raise ScaffoldError(f"{folder} already exists")
    new = _contract_surface(yaml.safe_load(contract))
    for path in sorted((root / "contracts").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict):  # not a contract; `turnout gen` names it
            continue
        if path.stem == name or document.get("x-turnout-plugin") == name:
            raise ScaffoldError(f"contracts/{path.name} is already the contract of a plugin called {name!r}")
        if path.stem == "common":  # shared definitions, referenced rather than repeated
            continue
        clash = sorted(new & _contract_surface(document))
        if clash:
            raise ScaffoldError(f"contracts/{path.name} already declares {', '.join(clash)}")


def _service_groups(root: Path) -> set[str]:
    config = root / "platform.toml"
    if not config.exists():
        return set()
    return set(tomllib.loads(config.read_text(encoding="utf-8")).get("services", {}))


def _register(pyproject: str, name: str) -> str:
    """pyproject.toml with ``name`` appended to the plugin entry points, every other line as it was."""
    lines = pyproject.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == _SECTION)
    last = start
    for i in range(start + 1, len(lines)):
        if lines[i].lstrip().startswith("["):
            break
        if lines[i].strip():
            last = i
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    lines.insert(last + 1, f'{name} = "plugins.{name}.plugin:plugin"\n')
    return "".join(lines)


def plugin_files(name: str, description: str | None = None) -> dict[str, str]:
    """The text of every file of a new plugin, by path relative to the repository root."""
    _check_name(name)
    summary = " ".join((description or _DEFAULT_SUMMARY).split())
    _check_summary(summary)
    values = _Names(name, summary).values()
    templates = resources.files("framework").joinpath("templates", "new_plugin")
    return {
        target.format(name=name): _Template(templates.joinpath(source).read_text(encoding="utf-8")).substitute(values)
        for source, target in _LAYOUT.items()
    }


def new_plugin(root: Path, name: str, description: str | None = None) -> list[Path]:
    """Write a new plugin under ``root`` and register it in pyproject.toml; the paths written."""
    files = plugin_files(name, description)
    pyproject_path = root / "pyproject.toml"
    if not pyproject_path.exists() or not (root / "contracts" / "common.yaml").exists():
        raise ScaffoldError(f"{root} is not a Turnout repository root (pyproject.toml and contracts/common.yaml)")
    pyproject = pyproject_path.read_text(encoding="utf-8")
    if not any(line.strip() == _SECTION for line in pyproject.splitlines()):
        raise ScaffoldError(f"pyproject.toml has no {_SECTION} table to register the plugin in")
    _check_free(root, name, files[f"contracts/{name}.yaml"], pyproject)
    written: list[Path] = []
    try:
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as handle:  # never overwrite, even one made meanwhile
                written.append(path)
                handle.write(text)
        pyproject_path.write_text(_register(pyproject, name), encoding="utf-8")
    except OSError as error:
        for path in written:  # all or nothing
            path.unlink(missing_ok=True)
        raise ScaffoldError(f"could not write the plugin: {error}") from None
    _format([p for p in written if p.suffix == ".py"], root)
    return [*written, pyproject_path]


def _format(paths: list[Path], root: Path) -> None:
    """Wrap lines the way ``ruff format`` does, so long plugin names stay lint-clean; best effort."""
    ruff = [sys.executable, "-m", "ruff"]
    try:
        subprocess.run([*ruff, "format", "--quiet", *map(str, paths)], cwd=root, capture_output=True, check=False)
    except OSError:  # no ruff here: the templates are formatted already for names of ordinary length
        return


def next_steps(name: str) -> str:
    """What to do after ``turnout new-plugin``."""
    return (
        f"Next steps:\n"
        f"  1. Edit contracts/{name}.yaml (the API), then generate its code:  uv run just gen\n"
        f"  2. Implement plugins/{name}/service.py to match, then run its tests (both placements):\n"
        f"     uv run just test tests/plugins/{name}\n"
    )
