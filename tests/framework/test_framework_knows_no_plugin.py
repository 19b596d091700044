"""The framework knows no plugin: it imports none and names none; plugins bring their own rules."""

from __future__ import annotations

import ast
from pathlib import Path

FRAMEWORK = Path(__file__).resolve().parents[2] / "framework"
BUILT_IN = {"auth", "files", "simulation"}


def _modules() -> list[Path]:
    return [path for path in FRAMEWORK.rglob("*.py") if "templates" not in path.parts]


def test_no_framework_module_imports_a_plugin_or_generated_code() -> None:
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
                names = [node.module]
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("plugins", "generated")]
    assert found == []


def test_no_framework_module_names_a_built_in_plugin() -> None:
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in BUILT_IN:
                found.append(f"{path.relative_to(FRAMEWORK)}:{node.lineno}: {node.value!r}")
    assert found == []
