"""The console's build: bundled by esbuild into generated/console, deterministic, drift-checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from framework.codegen import check, generate
from framework.codegen._console import render_console
from framework.codegen._typescript import node_available
from tests.codegen._node_project import node_project

HERE = Path(__file__).parent
REPO = HERE.parent.parent

pytestmark = pytest.mark.skipif(not node_available(), reason="Node.js and npm are needed to bundle the console")


def _project(tmp_path: Path) -> Path:
    node_project(tmp_path)
    src = tmp_path / "console" / "src"
    src.mkdir(parents=True)
    (src / "main.ts").write_text('import { greet } from "./greet";\ndocument.title = greet("console");\n')
    (src / "greet.ts").write_text("export function greet(name: string): string {\n  return `hello ${name}`;\n}\n")
    (tmp_path / "console" / "index.html").write_text("<!doctype html><title>t</title>\n")
    (tmp_path / "console" / "styles.css").write_text("body { margin: 0; }\n")
    return tmp_path


def test_the_console_is_bundled_checked_and_removed_with_its_sources(tmp_path: Path) -> None:
    root = _project(tmp_path)
    generate(root / "contracts", root / "generated", root)
    built = root / "generated" / "console"
    assert sorted(p.name for p in built.iterdir()) == ["app.js", "index.html", "styles.css"]
    bundle = (built / "app.js").read_text(encoding="utf-8")
    assert "hello " in bundle
    assert "import" not in bundle  # one script: the module it imported is inside
    assert (built / "styles.css").read_text(encoding="utf-8") == "body { margin: 0; }\n"
    assert check(root / "contracts", root / "generated", root) == []  # bundling again gives the same bytes

    changed = 'export function greet(name: string): string {\n  return "hi " + name;\n}\n'
    (root / "console" / "src" / "greet.ts").write_text(changed)
    assert [d.path.name for d in check(root / "contracts", root / "generated", root)] == ["app.js"]

    shutil.rmtree(root / "console")
    generate(root / "contracts", root / "generated", root)
    assert not built.exists() or not any(built.iterdir())


def test_the_console_is_built_only_into_the_projects_generated_folder(tmp_path: Path) -> None:
    root = _project(tmp_path)
    generate(root / "contracts", root / "elsewhere", root)
    assert (root / "elsewhere" / "ts" / "shop" / "index.ts").exists()
    assert not (root / "elsewhere" / "console").exists()


def test_the_repositorys_bundle_is_what_its_sources_build() -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "generated" / "console").iterdir()}
    assert render_console(REPO) == committed
    # Nothing in the console names another origin (the SVG namespace is a name, never fetched).
    script = committed["app.js"].replace("http://www.w3.org/2000/svg", "")
    assert "http://" not in script
    assert "https://" not in script
