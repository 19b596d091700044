"""TypeScript clients: openapi-typescript types per contract, typed openapi-fetch clients over them.

The Node tools are pinned in package-lock.json and installed with ``npm ci`` when node_modules does
not match the lock file, so ``turnout gen`` needs Node.js and npm but nothing installed by hand.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from framework.codegen._bundle import ContractError

__all__ = ["TS_DIR", "ensure_node_tools", "node_available", "render_typescript", "typescript_enabled"]

TS_DIR = "ts"  # generated/ts/<contract>/: schema.d.ts (types) and index.ts (the client)


def node_available() -> bool:
    """True when Node.js and npm are on PATH (the TypeScript clients need them)."""
    return shutil.which("node") is not None and shutil.which("npm") is not None


def typescript_enabled(root: Path) -> bool:
    """TypeScript clients are generated for a project that pins the tools (package-lock.json), with Node."""
    return (root / "package-lock.json").exists() and node_available()


def _lock_matches(root: Path) -> bool:
    # npm writes node_modules/.package-lock.json on every install: what it lists must be what the
    # lock file pins (optional packages for other platforms are absent, as they should be).
    installed = root / "node_modules" / ".package-lock.json"
    if not installed.exists():
        return False
    pinned = json.loads((root / "package-lock.json").read_text(encoding="utf-8")).get("packages", {})
    have = json.loads(installed.read_text(encoding="utf-8")).get("packages", {})
    versions = {path: entry.get("version") for path, entry in pinned.items() if path}
    required = {path for path, entry in pinned.items() if path and not entry.get("optional")}
    return required <= set(have) and all(versions.get(path) == entry.get("version") for path, entry in have.items())


def ensure_node_tools(root: Path) -> Path:
    """The project's node_modules, installed from package-lock.json (``npm ci``) when it does not match."""
    if not (root / "package-lock.json").exists():
        raise ContractError(f"no package-lock.json under {root}: the TypeScript tools are pinned there")
    if not _lock_matches(root):
        # No install scripts: none of the pinned tools needs one, and none should run unasked.
        command = ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"]
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise ContractError(f"`npm ci` failed (exit {done.returncode}):\n{done.stderr.strip()}")
    return root / "node_modules"


def _index(name: str, display: str) -> str:
    factory = "create" + "".join(part.capitalize() for part in name.replace("-", "_").split("_")) + "Client"
    return f"""// Generated from {display} by `turnout gen`. Never edited by hand.
import createClient, {{ type Client, type ClientOptions }} from "openapi-fetch";
import type {{ paths }} from "./schema";

// Every schema by name; `Problem` is the RFC 9457 body of every error answer (application/problem+json).
export type * from "./schema";

/** A typed client for every operation of {display}: `data` as the contract says, `error` a `Problem`. */
export function {factory}(options: ClientOptions = {{}}): Client<paths> {{
  return createClient<paths>(options);
}}
"""


def render_typescript(documents: dict[str, tuple[str, str]], root: Path) -> dict[str, str]:
    """``<contract>/schema.d.ts`` and ``<contract>/index.ts`` for each ``name -> (openapi JSON, display)``."""
    tools = ensure_node_tools(root)
    script = Path(__file__).with_name("openapi_ts.mjs")
    request = json.dumps({name: json.loads(document) for name, (document, _) in documents.items()})
    # NODE_PATH does not reach ES module imports: run the script from a copy beside node_modules.
    with tempfile.TemporaryDirectory(dir=tools) as tmp:
        runner = Path(tmp) / script.name
        shutil.copyfile(script, runner)
        done = subprocess.run(
            ["node", str(runner)], input=request, capture_output=True, text=True, check=False, cwd=root
        )
    if done.returncode != 0:
        raise ContractError(f"openapi-typescript failed (exit {done.returncode}):\n{done.stderr.strip()}")
    types: dict[str, str] = json.loads(done.stdout)
    files: dict[str, str] = {}
    for name, (_, display) in documents.items():
        head = f"// Generated from {display} by `turnout gen`. Never edited by hand.\n"
        files[f"{name}/schema.d.ts"] = head + types[name]
        files[f"{name}/index.ts"] = _index(name, display)
    exports = "".join(f'export * as {n.replace("-", "_")} from "./{n}/index";\n' for n in sorted(documents))
    files["index.ts"] = "// Generated from the contracts by `turnout gen`. Never edited by hand.\n" + exports
    return files
