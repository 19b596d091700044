"""Start a real Turnout platform for tests: a `turnout run` process on a free port."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

__all__ = ["FAST_AUTH", "RunningPlatform", "free_port", "start_platform"]

REPO = Path(__file__).resolve().parents[1]

# Cheap argon2 so suites that register many users stay fast; the code path is the same.
FAST_AUTH = {
    "argon2_time_cost": 1,
    "argon2_memory_kib": 1024,
    "argon2_parallelism": 1,
    "login_max_failures_per_account": 5,
    "login_max_failures_per_address": 1_000_000,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


@dataclass
class RunningPlatform:
    """A platform process and where to reach it."""

    placement: str
    base_url: str
    workdir: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def var_dir(self) -> Path:
        return self.workdir / "var"

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=10.0, **kwargs)  # type: ignore[arg-type]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def write_config(workdir: Path, port: int, auth: dict[str, object] | None = None, extra: str = "") -> Path:
    auth_lines = "\n".join(f"{k} = {_toml_value(v)}" for k, v in {**FAST_AUTH, **(auth or {})}.items())
    config = workdir / "platform.toml"
    config.write_text(
        textwrap.dedent(
            f"""\
            [platform]
            name = "turnout-test"
            log_level = "info"

            [gateway]
            listen = "127.0.0.1:{port}"
            max_body_bytes = 65536

            [plugins.auth]
            """
        )
        + auth_lines
        + "\n"
        + extra,
        encoding="utf-8",
    )
    return config


def start_platform(
    workdir: Path,
    *,
    auth: dict[str, object] | None = None,
    extra_config: str = "",
    env: dict[str, str] | None = None,
    timeout: float = 20.0,
) -> RunningPlatform:
    """Run the all-in-one platform in ``workdir`` and wait until /ready answers 200."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = write_config(workdir, port, auth, extra_config)
    log_path = workdir / "platform.log"
    turnout = shutil.which("turnout", path=str(Path(sys.executable).parent)) or "turnout"
    full_env = {**os.environ, **(env or {})}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [turnout, "run", "--config", str(config)],
            cwd=workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=full_env,
        )
    platform = RunningPlatform("all-in-one", f"http://127.0.0.1:{port}", workdir, process, log_path, env or {})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"platform exited with {process.returncode}:\n{platform.logs()}")
        try:
            if httpx.get(f"{platform.base_url}/ready", timeout=1.0).status_code == 200:
                return platform
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    platform.stop()
    raise RuntimeError(f"platform not ready within {timeout}s:\n{platform.logs()}")
