"""Debian's Chromium for the browser tests, driven by Playwright's sync API (no browser is ever downloaded)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ensure_chromium", "launch"]

CHROMIUM = Path("/usr/bin/chromium")
# No outside network here: without these, Chromium stalls on refused connections to its own services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_INSTALL_HINT = "install Debian's Chromium: `sudo apt-get install -y chromium` (or, as root, `uv run just browser`)"


def _apt_install() -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=900)


def ensure_chromium() -> Path:
    """The Chromium binary, installed with apt-get when missing and we are root; otherwise the test fails."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.fail(f"{CHROMIUM} not found: {_INSTALL_HINT}", pytrace=False)
    done = _apt_install()
    if done.returncode != 0:  # stale package lists: refresh them once
        subprocess.run(["apt-get", "update"], capture_output=True, text=True, check=False, timeout=900)
        done = _apt_install()
    if done.returncode != 0 or not CHROMIUM.exists():
        why = done.stderr.strip()[-500:]
        pytest.fail(f"apt-get could not install chromium ({why}): {_INSTALL_HINT}", pytrace=False)
    return CHROMIUM


def launch(playwright: Playwright) -> Browser:
    """A headless Chromium from the system's package, with the flags this offline machine needs."""
    return playwright.chromium.launch(executable_path=str(ensure_chromium()), headless=True, args=CHROMIUM_ARGS)
