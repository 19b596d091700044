"""Start a real Turnout platform for tests, in either placement.

- ``all-in-one``: one ``turnout run`` process, SQLite under its ``var/``.
- ``split``: a real nats-server, ``turnout serve identity`` replicas and ``turnout gateway``,
  on a real PostgreSQL database.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx

from framework._environment import VALIDATE_RESPONSES_ENV

__all__ = [
    "CONTRACT_CHECK_ENV",
    "FAST_AUTH",
    "TEST_ADMIN",
    "TEST_FILES",
    "TEST_INFERENCE",
    "TEST_NOTIFICATIONS",
    "ManagedProcess",
    "RunningPlatform",
    "free_port",
    "nats_server_config",
    "start_platform",
    "start_split_platform",
]

REPO = Path(__file__).resolve().parents[1]
TURNOUT = str(Path(sys.executable).parent / "turnout")

# Cheap argon2 so suites that register many users stay fast; the code path is the same.
FAST_AUTH = {
    "argon2_time_cost": 1,
    "argon2_memory_kib": 1024,
    "argon2_parallelism": 1,
    "login_max_failures_per_account": 5,
    "login_max_failures_per_address": 1_000_000,
}


# Every platform a test starts checks its answers against the contract; a wrong one is a 500 (see
# framework._response_check), so the test that caused it fails. A test's own env may override it.
CONTRACT_CHECK_ENV = {VALIDATE_RESPONSES_ENV: "strict"}
# A test platform serving auth alone, for tests of auth or of the framework's edge that start their own.
AUTH_ONLY: dict[str, object] = {"plugins": ["auth"]}
# Comma-separated plugin names: test platforms enable only these (a suite that needs few starts faster).
ONLY_PLUGINS_ENV = "TURNOUT_TEST_PLUGINS"


def only_plugins() -> list[str] | None:
    """The plugins ``$TURNOUT_TEST_PLUGINS`` limits test platforms to, or None for every plugin found."""
    names = [name.strip() for name in os.environ.get(ONLY_PLUGINS_ENV, "").split(",") if name.strip()]
    return names or None


# The shared platforms' [gateway]; a test's own platform may override any key.
TEST_GATEWAY: dict[str, object] = {
    "max_body_bytes": 65536,
    "request_timeout_seconds": 5.0,
    "body_timeout_seconds": 10.0,  # a stalled body is 408 after this; shorter than the default keeps tests quick
}


def _port_slice() -> range:
    """This process's share of the test ports: one slice per pytest-xdist worker, none shared.

    The ports lie below the kernel's ephemeral range, where ``bind(0)`` and outgoing connections take
    theirs, so a port handed out here is never taken meanwhile by a client socket or another worker.
    """
    first, end = PORTS_FIRST, PORTS_END
    with contextlib.suppress(OSError, ValueError):
        ephemeral_low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
        if ephemeral_low > first + 4_000:  # an odd kernel setting leaves too few below it: ignore it then
            end = min(end, ephemeral_low)
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    count = max(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")), index + 1)
    size = (end - first) // count
    return range(first + index * size, first + (index + 1) * size)


PORTS_FIRST, PORTS_END = 10_000, 32_768
_PORTS = _port_slice()
# A random start: two runs on one machine (two checkouts, say) begin far apart in the same slice.
_next_port = itertools.count(random.randrange(len(_PORTS)))
_port_lock = threading.Lock()


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on, for a server the test is about to start.

    Each worker walks its own slice (see :func:`_port_slice`), so no two workers can pick the same port
    between picking it and binding it; a port something else holds fails the bind and is skipped.
    """
    with _port_lock:
        for _ in range(len(_PORTS)):
            port = _PORTS[next(_next_port) % len(_PORTS)]
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
    raise RuntimeError(f"no free port in {_PORTS.start}-{_PORTS.stop - 1}")


# Small limits, so refusing an oversize file or a full quota takes a few megabytes, not gigabytes.
# A user's tier limits are kept 1 s, so a test sees a tier change quickly.
TEST_FILES = {"max_file_bytes": 3_000_000, "quota_bytes": 8_000_000, "limits_cache_seconds": 1.0}
# Short leases and polls, so a job left by a killed process is re-run within seconds.
TEST_SIMULATION = {
    "backend": "numpy",
    "lease_seconds": 2.0,
    "poll_seconds": 0.2,
    "max_path_steps": 1_000_000_000,
    "limits_cache_seconds": 1.0,
}
# The default tier gives every user the limits files and simulation are configured with above.
TEST_ADMIN = {
    "default_file_quota_bytes": TEST_FILES["quota_bytes"],
    "default_simulation_max_path_steps": TEST_SIMULATION["max_path_steps"],
    "rate_limit_cache_seconds": 1.0,
}
# Tiny attempts and backoff, so a dead-lettered webhook takes a fraction of a second; the tests' receivers are local.
TEST_NOTIFICATIONS: dict[str, object] = {
    "allow_private_webhook_targets": True,
    "webhook_max_attempts": 3,
    "webhook_backoff_seconds": 0.05,
    "webhook_max_backoff_seconds": 0.2,
    "webhook_timeout_seconds": 5.0,
    "delivery_max_attempts": 3,
    "delivery_workers": 4,
    "send_workers": 1,
    "lease_seconds": 2.0,
    "poll_seconds": 0.5,  # work queued in the same process wakes the workers at once; polls only find the rest
}
# Small chunks, so a batch scoring job of a few thousand rows is long enough to cancel while it runs.
TEST_INFERENCE = {"lease_seconds": 2.0, "poll_seconds": 0.2, "batch_chunk_rows": 100}


def _lines(settings: Mapping[str, object]) -> str:
    return "".join(f"{k} = {_toml_value(v)}\n" for k, v in settings.items())


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


@dataclass
class ManagedProcess:
    """One platform process that a test can stop and start again."""

    name: str
    argv: list[str]
    cwd: Path
    env: dict[str, str]
    log_path: Path
    popen: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    def start(self) -> None:
        self._log = self.log_path.open("ab")
        # A session of its own: crash() can take down the process with its server workers.
        self.popen = subprocess.Popen(
            self.argv, cwd=self.cwd, stdout=self._log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True
        )

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def crash(self) -> None:
        """SIGKILL the process and every worker it started, as a power cut would: nothing runs its cleanup."""
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.stop()

    def stop(self, sig: int = signal.SIGTERM) -> None:
        self.request_stop(sig)
        self.wait()

    def request_stop(self, sig: int) -> None:
        """Ask the process to stop, without waiting: a platform stops all of its processes at once."""
        if self.popen is not None and self.popen.poll() is None:
            self.popen.send_signal(sig)

    def wait(self) -> None:
        """Wait for a signalled process to exit (SIGKILL after 15 s), then close its log."""
        if self.popen is not None and self.popen.poll() is None:
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None


@dataclass
class RunningPlatform:
    """A running platform, whatever its placement, and where to reach it."""

    placement: str
    base_url: str
    workdir: Path
    processes: list[ManagedProcess]
    env: dict[str, str] = field(default_factory=dict)
    infrastructure: list[Any] = field(default_factory=list)
    # Split only: NATS as the tests' probe, a user that may do everything (the services have nkeys of their own).
    nats_url: str | None = None
    nats_keys: Path | None = None  # the folder of the identities' seeds ([nats] credentials_dir)

    @property
    def config_path(self) -> Path:
        return self.workdir / "platform.toml"

    @property
    def var_dir(self) -> Path:
        return self.workdir / "var"

    def logs(self) -> str:
        return "\n".join(p.log_path.read_text(encoding="utf-8", errors="replace") for p in self.processes)

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=10.0, **kwargs)

    def process(self, name: str) -> ManagedProcess:
        return next(p for p in self.processes if p.name == name)

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for proc in self.processes:
                if proc.popen is not None and proc.popen.poll() is not None:
                    raise RuntimeError(f"{proc.name} exited with {proc.popen.returncode}:\n{self.logs()}")
            try:
                if httpx.get(f"{self.base_url}/ready", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"platform not ready within {timeout}s:\n{self.logs()}")

    def stop(self) -> None:
        # Every process shuts down at the same time; NATS and the rest stay up until the last has gone.
        for proc in reversed(self.processes):
            proc.request_stop(signal.SIGINT if proc.name == "all-in-one" else signal.SIGTERM)
        for proc in reversed(self.processes):
            proc.wait()
        for item in reversed(self.infrastructure):
            item.stop()


def write_config(
    workdir: Path,
    port: int,
    auth: Mapping[str, object] | None = None,
    extra: str = "",
    *,
    gateway: dict[str, object] | None = None,
    database_url: str | None = None,
    nats_url: str | None = None,
    nats_credentials_dir: Path | None = None,
    replicas: int = 2,
    platform_settings: Mapping[str, object] | None = None,
) -> Path:
    auth_lines = "\n".join(f"{k} = {_toml_value(v)}" for k, v in {**FAST_AUTH, **(auth or {})}.items())
    if (only := only_plugins()) is not None:
        platform_settings = {**(platform_settings or {}), "plugins": only}
    split = ""
    if database_url is not None:
        split += f'\n[database]\nurl = "{database_url}"\n'
    if nats_url is not None:
        split += f'\n[nats]\nurl = "{nats_url}"\n'
        if nats_credentials_dir is not None:
            split += f"credentials_dir = {_toml_value(str(nats_credentials_dir))}\n"
        only = _enabled(platform_settings)
        for service, (plugins, count) in split_services(replicas, _extra_plugins(platform_settings), only).items():
            split += f"\n[services.{service}]\nplugins = {_toml_value(plugins)}\nreplicas = {count}\n"
    config = workdir / "platform.toml"
    config.write_text(
        textwrap.dedent(
            """\
            [platform]
            name = "turnout-test"
            log_level = "info"
            """
        )
        + _lines(platform_settings or {})
        + f'\n[gateway]\nlisten = "127.0.0.1:{port}"\n'
        + "".join(f"{k} = {_toml_value(v)}\n" for k, v in {**TEST_GATEWAY, **(gateway or {})}.items())
        + split
        + "\n[plugins.auth]\n"
        + auth_lines
        + "\n"
        + ("" if "[plugins.files]" in extra else "\n[plugins.files]\n" + _lines(TEST_FILES))
        + ("" if "[plugins.simulation]" in extra else "\n[plugins.simulation]\n" + _lines(TEST_SIMULATION))
        + ("" if "[plugins.inference]" in extra else "\n[plugins.inference]\n" + _lines(TEST_INFERENCE))
        + ("" if "[plugins.notifications]" in extra else "\n[plugins.notifications]\n" + _lines(TEST_NOTIFICATIONS))
        + ("" if "[plugins.admin]" in extra else "\n[plugins.admin]\n" + _lines(TEST_ADMIN))
        + extra,
        encoding="utf-8",
    )
    return config


def start_platform(
    workdir: Path,
    *,
    auth: Mapping[str, object] | None = None,
    extra_config: str = "",
    env: dict[str, str] | None = None,
    gateway: dict[str, object] | None = None,
    platform_settings: Mapping[str, object] | None = None,
    timeout: float = 120.0,
) -> RunningPlatform:
    """Run the all-in-one platform in ``workdir`` and wait until /ready answers 200.

    ``platform_settings`` adds keys to its ``[platform]`` section (``extra_plugins``, say).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = write_config(workdir, port, auth, extra_config, gateway=gateway, platform_settings=platform_settings)
    full_env = {**CONTRACT_CHECK_ENV, **os.environ, **(env or {})}
    proc = ManagedProcess(
        "all-in-one", [TURNOUT, "run", "--config", str(config)], workdir, full_env, workdir / "all-in-one.log"
    )
    platform = RunningPlatform("all-in-one", f"http://127.0.0.1:{port}", workdir, [proc], env or {})
    proc.start()
    try:
        platform.wait_ready(timeout)
    except BaseException:
        platform.stop()
        raise
    return platform


def _enabled(platform_settings: Mapping[str, object] | None) -> list[str] | None:
    """The ``[platform] plugins`` a test platform enables, or None for every plugin found."""
    enabled = (platform_settings or {}).get("plugins")
    return [str(name) for name in enabled] if isinstance(enabled, list) else None


def _extra_plugins(platform_settings: Mapping[str, object] | None) -> list[str]:
    """The ``[platform] extra_plugins`` references among a test platform's settings."""
    extra = (platform_settings or {}).get("extra_plugins", [])
    assert isinstance(extra, list)
    return [str(reference) for reference in extra]


def split_services(
    replicas: int, extra_plugins: Sequence[str] = (), only: Sequence[str] | None = None
) -> dict[str, tuple[list[str], int]]:
    """The split placement tests run, derived from the plugins found (installed and ``extra_plugins``):
    each plugin in a service of its own, named after it, and the credential verifier's service
    (``identity``) with ``replicas`` replicas. ``only`` (else ``$TURNOUT_TEST_PLUGINS``) limits the plugins."""
    from framework._plugin import discover_plugins

    services: dict[str, tuple[list[str], int]] = {}
    only = only if only is not None else only_plugins()
    for name, plugin in sorted(discover_plugins(extra_plugins).items()):
        if only is not None and name not in only:
            continue
        if plugin.authenticator is not None:
            services["identity"] = ([name], replicas)
        else:
            services[name] = ([name], 1)
    return services


PROBE_USER = "probe"


def nats_server_config(
    directory: Path,
    keys: Path,
    replicas: int,
    probe_password: str,
    extra_plugins: Sequence[str] = (),
    only: Sequence[str] | None = None,
) -> Path:
    """The nats-server config of the split test platform: framework._nats_auth's, plus the tests' probe."""
    from framework._nats_auth import authorize_platform, write_server_config
    from framework._plugin import discover_plugins

    services = {service: plugins for service, (plugins, _) in split_services(replicas, extra_plugins, only).items()}
    everything = {"publish": {"allow": [">"]}, "subscribe": {"allow": [">"]}}
    probe = {"user": PROBE_USER, "password": probe_password, "permissions": everything}
    authorization = authorize_platform(services, discover_plugins(extra_plugins), keys, extra_users=[probe])
    return write_server_config(directory / "nats-server.conf", authorization)


def start_split_platform(
    workdir: Path,
    *,
    database_url: str,
    auth: Mapping[str, object] | None = None,
    env: dict[str, str] | None = None,
    replicas: int = 2,
    platform_settings: Mapping[str, object] | None = None,
    extra_config: str = "",
    gateway: dict[str, object] | None = None,
    timeout: float = 180.0,
) -> RunningPlatform:
    """Run nats-server, every service of :func:`split_services` (``replicas`` x identity) and the gateway.

    NATS admits only the platform's identities, each for its own subjects, as ``turnout up`` runs it,
    plus a probe user for the tests (``nats_url``). ``platform_settings`` adds keys to ``[platform]``; its
    ``extra_plugins`` get services of their own.
    """
    from tests._services import start_nats

    workdir.mkdir(parents=True, exist_ok=True)
    keys = workdir / "nats-keys"
    probe_password = secrets.token_hex(16)
    extra_plugins = _extra_plugins(platform_settings)
    nats = start_nats(
        workdir / "nats",
        config_file=nats_server_config(
            workdir / "nats", keys, replicas, probe_password, extra_plugins, _enabled(platform_settings)
        ),
    )
    port = free_port()
    config = write_config(
        workdir,
        port,
        auth,
        extra_config,
        gateway=gateway,
        database_url=database_url,
        nats_url=nats.url,
        nats_credentials_dir=keys,
        replicas=replicas,
        platform_settings=platform_settings,
    )
    full_env = {**CONTRACT_CHECK_ENV, **os.environ, **(env or {})}
    processes = [
        ManagedProcess(
            f"{service}.{i}",
            [TURNOUT, "serve", service, "--config", str(config)],
            workdir,
            full_env,
            workdir / f"{service}.{i}.log",
        )
        for service, (_, count) in split_services(replicas, extra_plugins, _enabled(platform_settings)).items()
        for i in range(1, count + 1)
    ]
    processes.append(
        ManagedProcess(
            "gateway", [TURNOUT, "gateway", "--config", str(config)], workdir, full_env, workdir / "gateway.log"
        )
    )
    probe_url = f"nats://{PROBE_USER}:{probe_password}@127.0.0.1:{nats.port}"
    platform = RunningPlatform(
        "split", f"http://127.0.0.1:{port}", workdir, processes, env or {}, [nats], probe_url, keys
    )
    try:
        for proc in processes:
            proc.start()
        platform.wait_ready(timeout)
    except BaseException:
        platform.stop()
        raise
    return platform
