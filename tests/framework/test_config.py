"""A bad platform.toml fails fast, naming the file and the key, before anything starts."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from framework import ConfigError, discover_plugins, load_config
from framework._host import Host

KNOWN = set(discover_plugins())

CASES = [
    pytest.param("[gateway]\nlisten = '127.0.0.1:8000'\nport = 1\n", "gateway.port", "unknown key", id="unknown-key"),
    pytest.param("[gateways]\nlisten = 'x'\n", "gateways", "unknown key", id="unknown-section"),
    pytest.param("[plugins.payroll]\nx = 1\n", "plugins.payroll", "unknown plugin", id="unknown-plugin-section"),
    pytest.param(
        "[platform]\nplugins = ['auth', 'payroll']\n",
        "platform.plugins[1]",
        "unknown plugin",
        id="unknown-enabled-plugin",
    ),
    pytest.param("[database]\nurl = 'mysql://localhost/x'\n", "database.url", "not a valid URL", id="bad-db-scheme"),
    pytest.param("[database]\nurl = 'postgresql:///nohost'\n", "database.url", "names no host", id="db-no-host"),
    pytest.param("[nats]\nurl = 'nats://127.0.0.1:notaport'\n", "nats.url", "bad port", id="bad-nats-port"),
    pytest.param("[gateway]\nlisten = 'localhost'\n", "gateway.listen", "HOST:PORT", id="bad-listen"),
    pytest.param("[gateway]\nmax_body_bytes = 'big'\n", "gateway.max_body_bytes", "Expected `int`", id="wrong-type"),
    pytest.param(
        "[services.a]\nplugins = ['auth']\n[services.b]\nplugins = ['auth']\n",
        "services.b.plugins[0]",
        "already placed",
        id="placed-twice",
    ),
    pytest.param(
        "[services.a]\nplugins = ['payroll']\n", "services.a.plugins[0]", "unknown plugin", id="placed-unknown"
    ),
    pytest.param(
        "[platform]\nplugins = ['auth']\n[services.a]\nplugins = []\n",
        "services",
        "placed in no service",
        id="placed-nowhere",
    ),
    pytest.param(
        "[services.a]\nreplicas = 2\n", "services.a.plugins", "required key is missing", id="missing-required"
    ),
    pytest.param("[platform\nname = 'x'\n", "<syntax>", "", id="toml-syntax"),
]


@pytest.mark.parametrize(("text", "key", "message"), CASES)
def test_platform_errors_name_file_and_key(tmp_path: Path, text: str, key: str, message: str) -> None:
    path = tmp_path / "platform.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, KNOWN)
    assert caught.value.file == str(path)
    assert caught.value.key == key
    assert message in caught.value.message


PLUGIN_CASES = [
    pytest.param(
        "[plugins.auth]\naccess_token_ttl = 5\n",
        "plugins.auth.access_token_ttl",
        "unknown key",
        id="plugin-unknown-key",
    ),
    pytest.param(
        "[plugins.auth]\naccess_token_ttl_seconds = 'soon'\n",
        "plugins.auth.access_token_ttl_seconds",
        "Expected `int`",
        id="plugin-wrong-type",
    ),
    pytest.param(
        "[plugins.auth]\nargon2_time_cost = 0\n",
        "plugins.auth",
        "argon2_time_cost must be at least 1",
        id="plugin-invalid-value",
    ),
]


@pytest.mark.parametrize(("text", "key", "message"), PLUGIN_CASES)
def test_plugin_sections_are_decoded_strictly(tmp_path: Path, text: str, key: str, message: str) -> None:
    path = tmp_path / "platform.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path, KNOWN)
    plugins = discover_plugins()
    with pytest.raises(ConfigError) as caught:
        Host(config, plugins)
    assert caught.value.key == key
    assert message in caught.value.message


def test_defaults_need_no_file() -> None:
    config = load_config(None, KNOWN)
    assert config.database.url == "sqlite:///var"
    assert config.gateway.listen == "127.0.0.1:8000"


def test_the_shipped_platform_toml_is_valid() -> None:
    config = load_config(Path(__file__).parents[2] / "platform.toml", KNOWN)
    Host(config, discover_plugins())


@pytest.mark.parametrize("command", ["run", "check"])
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[gateway]\nlisten = '127.0.0.1:8000'\nbogus = 1\n", "gateway.bogus"),
        ("[plugins.payroll]\n", "plugins.payroll"),
        ("[database]\nurl = 'ftp://x'\n", "database.url"),
        ("[plugins.auth]\nissuer = 3\n", "plugins.auth.issuer"),
    ],
)
def test_cli_exits_2_before_starting_anything(tmp_path: Path, command: str, text: str, key: str) -> None:
    path = tmp_path / "platform.toml"
    path.write_text(text, encoding="utf-8")
    turnout = str(Path(sys.executable).parent / "turnout")
    started = time.monotonic()
    result = subprocess.run(
        [turnout, command, "--config", str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert str(path) in result.stderr
    assert key in result.stderr
    assert time.monotonic() - started < 10
    assert not (tmp_path / "var").exists()  # nothing started, nothing written
