"""A project copy for the Node-built outputs (TypeScript clients, console): the shop contracts, the pinned tools."""

from __future__ import annotations

import shutil
from pathlib import Path

from framework.codegen._typescript import ensure_node_tools

__all__ = ["node_project"]

HERE = Path(__file__).parent
REPO = HERE.parent.parent


def node_project(tmp_path: Path) -> Path:
    """``tmp_path`` as a project: shop contracts, the repository's package files and node_modules (linked)."""
    (tmp_path / "contracts").mkdir()
    shutil.copy(HERE / "fixtures" / "shop.yaml", tmp_path / "contracts" / "shop.yaml")
    shutil.copy(HERE / "fixtures" / "shared.yaml", tmp_path / "contracts" / "shared.yaml")
    for pinned in ("package.json", "package-lock.json", "tsconfig.json"):
        shutil.copy(REPO / pinned, tmp_path / pinned)
    # The repository's tools, installed from the same lock file (`just gen` runs npm ci there when needed).
    (tmp_path / "node_modules").symlink_to(ensure_node_tools(REPO))
    return tmp_path
