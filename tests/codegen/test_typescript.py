"""The TypeScript clients: generated with openapi-typescript beside the Python packages, drift-checked alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from framework.codegen import check, generate
from framework.codegen._typescript import node_available
from tests.codegen._node_project import node_project

HERE = Path(__file__).parent
REPO = HERE.parent.parent

pytestmark = pytest.mark.skipif(not node_available(), reason="Node.js and npm are needed for the TypeScript clients")


def test_clients_are_generated_typed_and_drift_checked(tmp_path: Path) -> None:
    root = node_project(tmp_path)
    generate(root / "contracts", root / "generated", root)
    ts = root / "generated" / "ts"
    schema = (ts / "shop" / "schema.d.ts").read_text(encoding="utf-8")
    assert schema.startswith("// Generated from contracts/shop.yaml by `turnout gen`.")
    assert '"/shop/orders/{order_id}"' in schema
    assert "export type Problem =" in schema
    assert "export function createShopClient(" in (ts / "shop" / "index.ts").read_text(encoding="utf-8")
    assert 'export * as shop from "./shop/index";' in (ts / "index.ts").read_text(encoding="utf-8")
    assert check(root / "contracts", root / "generated", root) == []

    # The generated code type-checks, and a caller misusing it does not.
    (root / "tsconfig.json").write_text('{"extends": "' + str(REPO / "tsconfig.json") + '", "include": ["use.ts"]}')
    use = root / "use.ts"
    use.write_text(
        'import { shop } from "./generated/ts/index";\n'
        "export async function f(): Promise<number | undefined> {\n"
        '  const { data, error } = await shop.createShopClient().GET("/shop/orders/{order_id}",'
        ' { params: { path: { order_id: "o1" } } });\n'
        "  if (error) { const status: number = error.status; return status; }\n"
        "  return data.quantity;\n}\n",
        encoding="utf-8",
    )
    tsc = [str(REPO / "node_modules" / ".bin" / "tsc"), "--noEmit", "-p", str(root / "tsconfig.json")]
    typed = subprocess.run(tsc, cwd=root, capture_output=True, text=True, check=False)
    assert typed.returncode == 0, typed.stdout
    use.write_text(use.read_text(encoding="utf-8").replace("data.quantity", "data.no_such_field"), encoding="utf-8")
    wrong = subprocess.run(tsc, cwd=root, capture_output=True, text=True, check=False)
    assert wrong.returncode != 0
    assert "no_such_field" in wrong.stdout

    index = ts / "shop" / "index.ts"
    index.write_text(index.read_text(encoding="utf-8") + "// edited by hand\n", encoding="utf-8")
    (ts / "shop" / "extra.ts").write_text("", encoding="utf-8")
    drift = {d.path.name for d in check(root / "contracts", root / "generated", root)}
    assert drift == {"index.ts", "extra.ts"}


def test_without_node_the_typescript_clients_are_left_alone(tmp_path: Path) -> None:
    root = node_project(tmp_path)
    turnout = str(Path(sys.executable).parent / "turnout")
    subprocess.run([turnout, "gen"], cwd=root, capture_output=True, check=True)
    assert (root / "generated" / "ts" / "shop" / "schema.d.ts").exists()
    stray = root / "generated" / "ts" / "shop" / "extra.ts"
    stray.write_text("", encoding="utf-8")
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # no node, no npm
    done = subprocess.run([turnout, "gen", "--check"], cwd=root, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "Node.js and npm not found" in done.stderr
    assert stray.exists()
