"""The web console's build: ``console/src/main.ts`` bundled by esbuild into ``generated/console/``.

The bundle is committed with the rest of generated/ (a clean clone serves it without Node) and
drift-checked the same way, so esbuild is run with options that give the same bytes every time.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from framework.codegen._bundle import ContractError
from framework.codegen._typescript import ensure_node_tools

__all__ = ["CONSOLE_DIR", "CONSOLE_SOURCE", "console_enabled", "render_console"]

CONSOLE_SOURCE = "console"  # the project's console sources: index.html, styles.css, src/main.ts
CONSOLE_DIR = "console"  # under the output folder: app.js, index.html, styles.css
_COPIED = ("index.html", "styles.css")
_ESBUILD_FLAGS = [
    "--bundle",
    "--format=iife",
    "--target=es2022",
    "--platform=browser",
    "--minify",
    "--charset=utf8",
    "--legal-comments=none",  # no licence banners: they would vary with the dependencies' comments
    "--log-level=warning",
]


def console_enabled(root: Path) -> bool:
    """A project with a ``console/`` folder holding ``src/main.ts`` has a console to build."""
    return (root / CONSOLE_SOURCE / "src" / "main.ts").is_file()


def render_console(root: Path) -> dict[str, str]:
    """``app.js`` (the bundle) and the copied page and stylesheet, keyed by file name."""
    tools = ensure_node_tools(root)
    source = root / CONSOLE_SOURCE
    # Relative paths only, from the root: the bundle must not depend on where the checkout lives.
    command = [str(tools / ".bin" / "esbuild"), f"{CONSOLE_SOURCE}/src/main.ts", *_ESBUILD_FLAGS]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ContractError(f"esbuild failed to bundle the console (exit {done.returncode}):\n{done.stderr.strip()}")
    files = {"app.js": done.stdout}
    for name in _COPIED:
        files[name] = (source / name).read_text(encoding="utf-8")
    return files
