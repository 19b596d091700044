"""``turnout up``: the whole split topology from one command; start-up failures stop everything."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import threading
from pathlib import Path

import httpx
import pytest

from framework._connect import connect_nats
from tests._platform import TURNOUT, free_port, write_config


def _processes_of(workdir: Path) -> list[str]:
    out = subprocess.run(["ps", "-ww", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if str(workdir) in line and "turnout" in line and " up " not in line]


UP_PLUGINS = {
    "plugins": ["auth", "files", "admin", "notifications"]
}  # files reads quotas from admin, which calls notifications


def test_up_runs_everything_and_ctrl_c_stops_it(tmp_path: Path) -> None:
    port = free_port()
    nats_url = f"nats://127.0.0.1:{free_port()}"
    # Two plugins are enough to see `turnout up` start, serve and stop a topology; fewer processes start sooner.
    config = write_config(tmp_path, port, nats_url=nats_url, replicas=2, platform_settings=UP_PLUGINS)
    process = subprocess.Popen(
        [TURNOUT, "up", "--config", str(config)], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            line = raw.decode(errors="replace")
            lines.append(line)
            if line.startswith("[up] ready:"):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(timeout=180), "".join(lines)  # a bound for failure only
        register = httpx.post(
            f"http://127.0.0.1:{port}/auth/register", json={"email": "up@example.com", "password": "up password"}
        )
        assert register.status_code == 201
        assert len(_processes_of(tmp_path)) >= 3  # two replicas and the gateway
        # NATS admits only the platform's identities: a process without credentials is turned away...
        with pytest.raises(ConnectionError, match="refused the credentials"):
            asyncio.run(connect_nats(nats_url, name="intruder", wait=10))
        # ...while the operator identity `turnout up` made lists the services.
        status = subprocess.run(
            [TURNOUT, "status", "--config", str(config), "--json"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert status.returncode == 0, status.stderr
        assert '"service":"auth"' in status.stdout
        # Each service process serves /metrics on a port of its own, and says where.
        announced = {
            line.split("|", 1)[0].strip(): json.loads(line.split("|", 1)[1])["metrics"]
            for line in lines
            if '"service ready"' in line
        }
        assert {"identity.1", "identity.2"} <= set(announced), "".join(lines)
        assert len(set(announced.values())) == len(announced)
        for url in announced.values():
            assert "turnout_process_info" in httpx.get(url, timeout=10).text
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=40)
        reader.join(timeout=5)
        if process.stdout is not None:
            process.stdout.close()
    text = "".join(lines)
    assert process.returncode == 0, text
    for prefix in ("nats ", "identity.1", "identity.2", "gateway"):
        assert any(line.startswith(prefix) for line in lines), prefix
    assert "[up] stopping" in text
    assert _processes_of(tmp_path) == []
    assert (tmp_path / "var" / "nats").is_dir()  # JetStream data under var/
    keys = tmp_path / "var" / "nats-keys"
    assert keys.stat().st_mode & 0o777 == 0o700
    for identity in ("identity", "gateway", "operator"):
        assert (keys / f"{identity}.nk").stat().st_mode & 0o777 == 0o600
    assert '"nkey"' in (tmp_path / "var" / "nats-server.conf").read_text()


def test_a_child_dying_at_start_up_stops_the_rest(tmp_path: Path) -> None:
    port = free_port()
    # The first admin is configured without its password: the identity service refuses to start.
    config = write_config(
        tmp_path,
        port,
        auth={"admin_email": "root@example.com", "admin_password_env": "UNSET_TEST_PASSWORD_VARIABLE"},
        nats_url=f"nats://127.0.0.1:{free_port()}",
        replicas=1,
        platform_settings=UP_PLUGINS,
    )
    result = subprocess.run(
        [TURNOUT, "up", "--config", str(config)], cwd=tmp_path, capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 1, result.stdout
    assert "identity exited with status" in result.stdout
    assert "during start-up; stopping everything" in result.stdout
    assert "UNSET_TEST_PASSWORD_VARIABLE holds no password" in result.stdout
    assert _processes_of(tmp_path) == []
