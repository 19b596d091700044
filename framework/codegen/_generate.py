"""``turnout gen``: contracts in, generated packages out; ``--check`` fails on any drift."""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framework.codegen._bundle import ContractError, bundle_contract
from framework.codegen._console import CONSOLE_DIR, console_enabled, render_console
from framework.codegen._render import (
    header,
    render_client,
    render_contract,
    render_events,
    render_init,
    render_operations,
    render_routes,
    render_service,
)
from framework.codegen._spec import read_events, read_operations
from framework.codegen._typescript import TS_DIR, render_typescript, typescript_enabled
from framework.runtime import GENERATOR_VERSION

__all__ = ["Drift", "check", "contract_names", "generate", "render_package"]

_DMC_FLAGS = [
    "--input-file-type", "openapi",
    "--output-model-type", "msgspec.Struct",
    "--use-standard-primitive-types",
    "--output-datetime-class", "datetime",
    "--use-specialized-enum",
    "--keyword-only",
    "--target-python-version", "3.11",
    "--disable-timestamp",
    "--field-constraints",
    "--use-annotated",
    "--use-union-operator",
    "--use-schema-description",
    "--formatters", "ruff-format",
]  # fmt: skip


@dataclass(frozen=True)
class Drift:
    """A generated file that differs from what the contract says it should be."""

    path: Path
    diff: str


def contract_names(contracts_dir: Path) -> dict[str, Path]:
    """Plugin contracts (those with ``x-turnout-plugin``) by plugin name."""
    found = {}
    for path in sorted(contracts_dir.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"^x-turnout-plugin:\s*([\w-]+)\s*$", text, re.MULTILINE)
        if match:
            found[match.group(1)] = path
    return found


def _forbid_unknown_fields(source: str, document: dict[str, Any]) -> str:
    """Make request models with ``additionalProperties: false`` reject unknown fields."""
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        if isinstance(schema, dict) and schema.get("additionalProperties") is False:
            source = re.sub(
                rf"^class {re.escape(name)}\(Struct, kw_only=True(?=[,)])",
                f"class {name}(Struct, kw_only=True, forbid_unknown_fields=True",
                source,
                flags=re.MULTILINE,
            )
    return source


def _models(document: dict[str, Any], file_header: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "contract.json"
        target = Path(tmp) / "models.py"
        source.write_text(json.dumps(document), encoding="utf-8")
        command = [
            sys.executable, "-m", "datamodel_code_generator",
            "--input", str(source), "--output", str(target),
            "--custom-file-header", file_header.rstrip("\n"),
            *_DMC_FLAGS,
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise ContractError(f"datamodel-codegen failed:\n{result.stderr}")
        text = target.read_text(encoding="utf-8")
    text = text.replace("\n\nfrom __future__", '\n"""Wire models (msgspec Structs)."""\n\nfrom __future__', 1)
    text = re.sub(r"\nfrom msgspec import", "\nfrom msgspec import", text)
    return _forbid_unknown_fields(text, document)


def _format(files: dict[str, str]) -> dict[str, str]:
    """Format with ruff so the output does not depend on how the templates wrap lines."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        base = [sys.executable, "-m", "ruff"]
        isolated = ["--isolated", "--line-length", "110", "--target-version", "py311"]
        fix = [*base, "check", "--fix-only", "--quiet", *isolated, "--select", "I,F401", tmp]
        subprocess.run(fix, capture_output=True, text=True, check=False)
        subprocess.run([*base, "format", "--quiet", *isolated, tmp], capture_output=True, text=True, check=True)
        return {name: (Path(tmp) / name).read_text(encoding="utf-8") for name in files}


def _public(document: dict[str, Any]) -> dict[str, Any]:
    """The served form of a contract: operations marked ``x-internal`` are left out."""
    paths = {}
    for route, item in document.get("paths", {}).items():
        kept = {k: v for k, v in item.items() if not (isinstance(v, dict) and v.get("x-internal"))}
        if any(k in kept for k in ("get", "put", "post", "delete", "patch")):
            paths[route] = kept
    return {**document, "paths": paths}


def render_package(name: str, contract: Path, display: str) -> dict[str, str]:
    """Every file of ``generated/<name>/`` as text, keyed by file name."""
    document = bundle_contract(contract)
    operations, types = read_operations(document, display)
    head = header(display, GENERATOR_VERSION)
    args = (name, display, operations, types.models, types.imports, GENERATOR_VERSION)
    files = {
        "__init__.py": render_init(name, display, GENERATOR_VERSION),
        "service.py": render_service(*args),
        "operations.py": render_operations(*args),
        "routes.py": render_routes(*args),
        "client.py": render_client(*args),
        "contract.py": render_contract(
            name, display, GENERATOR_VERSION, str(document.get("info", {}).get("version", "0"))
        ),
    }
    events = read_events(document, display, name, types)
    if events:  # a contract without webhooks has no events module; the framework treats that as none
        files["events.py"] = render_events(name, display, events, GENERATOR_VERSION)
    files["models.py"] = _models(document, head)
    files = _format(files)
    files["openapi.json"] = json.dumps(_public(document), indent=2, sort_keys=True) + "\n"
    return files


def _targets(contracts_dir: Path, output_dir: Path, root: Path) -> dict[Path, str]:
    targets: dict[Path, str] = {}
    documents: dict[str, tuple[str, str]] = {}
    for name, path in contract_names(contracts_dir).items():
        absolute, base = path.resolve(), root.resolve()
        display = absolute.relative_to(base).as_posix() if absolute.is_relative_to(base) else path.name
        package = render_package(name, path, display)
        for file, text in package.items():
            targets[output_dir / name.replace("-", "_") / file] = text
        documents[name] = (package["openapi.json"], display)
    targets[output_dir / "__init__.py"] = (
        '"""Code generated from contracts/ by `turnout gen`. Never edited by hand."""\n'
    )
    if typescript_enabled(root):
        for file, text in render_typescript(documents, root).items():
            targets[output_dir / TS_DIR / file] = text
        if _builds_console(output_dir, root):
            for file, text in render_console(root).items():
                targets[output_dir / CONSOLE_DIR / file] = text
    return targets


def _builds_console(output_dir: Path, root: Path) -> bool:
    # Only into the project's own generated/ (not, say, a test suite's generated contracts).
    return console_enabled(root) and output_dir.resolve() == (root / "generated").resolve()


def generate(contracts_dir: Path, output_dir: Path, root: Path) -> list[Path]:
    """Write every generated package; remove generated files no contract produces any more."""
    targets = _targets(contracts_dir, output_dir, root)
    written = []
    for path, text in targets.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    for stale in _stale(output_dir, targets, root):
        stale.unlink()
        written.append(stale)
    return written


def _stale(output_dir: Path, targets: dict[Path, str], root: Path) -> list[Path]:
    if not output_dir.exists():
        return []
    keep = set(targets)
    # Without Node.js the TypeScript clients and the console are neither written nor checked: leave them be.
    skipped = [] if typescript_enabled(root) else [output_dir / TS_DIR, output_dir / CONSOLE_DIR]
    return sorted(
        p
        for p in output_dir.rglob("*")
        if p.is_file()
        and p not in keep
        and "__pycache__" not in p.parts
        and not any(p.is_relative_to(folder) for folder in skipped)
    )


def check(contracts_dir: Path, output_dir: Path, root: Path) -> list[Drift]:
    """What differs between the generated packages and what the contracts generate now."""
    targets = _targets(contracts_dir, output_dir, root)
    drift = []
    for path, text in targets.items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            diff = "".join(
                difflib.unified_diff(current.splitlines(True), text.splitlines(True), str(path), f"{path} (expected)")
            )
            drift.append(Drift(path, diff or f"{path} is missing"))
    drift += [Drift(p, f"{p} is not generated by any contract") for p in _stale(output_dir, targets, root)]
    return drift
