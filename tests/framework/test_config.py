"""A bad platform.toml fails fast, naming the file and the key, before anything starts."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from framework import ConfigError, discover_plugins, load_config
from framework._host import Host
from tests._platform import free_port

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
        "plugins.auth.argon2_time_cost",
        "Expected `int` >= 1",
        id="plugin-out-of-range",
    ),
    pytest.param(
        "[plugins.simulation]\nlease_seconds = 0\n",
        "plugins.simulation.lease_seconds",
        "Expected `float` > 0",
        id="plugin-seconds-not-positive",
    ),
    pytest.param(
        "[plugins.auth]\nargon2_memory_kib = 8\nargon2_parallelism = 4\n",
        "plugins.auth",
        "argon2_memory_kib must be at least 8 x argon2_parallelism",
        id="plugin-fields-that-disagree",
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


def test_a_plugin_placed_nowhere_gets_a_service_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "platform.toml"
    path.write_text("[services.files]\nplugins = ['auth']\n", encoding="utf-8")
    config = load_config(path, KNOWN)
    placed = {name: service.plugins for name, service in config.services.items()}
    # "files" is taken by the group that holds auth, so the files plugin's own service is renamed.
    others = {name: [name] for name in KNOWN - {"auth", "files"}}
    assert placed == {"files": ["auth"], "files-service": ["files"], **others}
    assert load_config(None, KNOWN).services.keys() == KNOWN


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
    result = subprocess.run(
        [turnout, command, "--config", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert str(path) in result.stderr
    assert key in result.stderr
    # It exited by itself (within the run's timeout) having printed nothing: no start-up, no listener, no log.
    assert result.stdout == ""
    assert not (tmp_path / "var").exists()  # nothing started, nothing written


# [nats] credentials: files are checked before anything connects. `SERVICES` places every plugin once.
SERVICES = "[services.identity]\nplugins = ['auth']\n[services.rest]\nplugins = ['files', 'simulation']\n"

NATS_CASES = [
    pytest.param("[nats]\ncredentials = 'x'\n", "nats.credentials", "unknown key", id="unknown-nats-key"),
    pytest.param(
        "[nats.identities.gateway]\nnkey_seed_file = 'x'\nseed = 'y'\n",
        "nats.identities.gateway.seed",
        "unknown key",
        id="unknown-identity-key",
    ),
    pytest.param(
        "[nats.identities.gateway]\nnkey_seed_file = '{missing}'\n",
        "nats.identities.gateway.nkey_seed_file",
        "no such file",
        id="missing-seed",
    ),
    pytest.param(
        "[nats.identities.gateway]\ncreds_file = '{open}'\n",
        "nats.identities.gateway.creds_file",
        "open to other users",
        id="world-readable-creds",
    ),
    pytest.param(
        "[nats.identities.gateway]\nnkey_seed_file = '{private}'\ncreds_file = '{private}'\n",
        "nats.identities.gateway",
        "exactly one",
        id="seed-and-creds",
    ),
    pytest.param(
        "[nats.identities.billing]\nnkey_seed_file = '{private}'\n",
        "nats.identities.billing",
        "unknown identity",
        id="unknown-identity",
    ),
    pytest.param("[services.gateway]\nplugins = []\n", "services.gateway", "NATS identity", id="reserved-service"),
    pytest.param("[services.'a.b']\nplugins = []\n", "services.a.b", "only hold letters", id="service-name"),
    pytest.param("[nats]\ncredentials_dir = '{private}'\n", "nats.credentials_dir", "not a folder", id="dir-is-file"),
    pytest.param("[nats.tls]\nca_file = '{missing}'\n", "nats.tls.ca_file", "no such file", id="missing-ca"),
    pytest.param("[nats.tls]\ncert_file = '{private}'\n", "nats.tls", "together", id="cert-without-key"),
    pytest.param(
        "[nats.tls]\ncert_file = '{private}'\nkey_file = '{open}'\n",
        "nats.tls.key_file",
        "open to other users",
        id="world-readable-tls-key",
    ),
]


@pytest.mark.parametrize(("text", "key", "message"), NATS_CASES)
def test_nats_credential_errors_name_file_and_key(tmp_path: Path, text: str, key: str, message: str) -> None:
    private = tmp_path / "private.nk"
    private.write_text("SU...\n", encoding="utf-8")
    private.chmod(0o600)
    world = tmp_path / "open.creds"
    world.write_text("-----BEGIN NATS USER JWT-----\n", encoding="utf-8")
    world.chmod(0o644)
    files = {"missing": tmp_path / "missing.nk", "private": private, "open": world}
    path = tmp_path / "platform.toml"
    path.write_text(text.format(**files) + SERVICES, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, KNOWN)
    assert caught.value.file == str(path)
    assert caught.value.key == key
    assert message in caught.value.message


def test_nats_credentials_that_exist_and_are_private_load(tmp_path: Path) -> None:
    seed = tmp_path / "gateway.nk"
    seed.write_text("SU...\n", encoding="utf-8")
    seed.chmod(0o600)
    path = tmp_path / "platform.toml"
    text = f"[nats]\ncredentials_dir = '{tmp_path / 'keys'}'\n[nats.identities.gateway]\nnkey_seed_file = '{seed}'\n"
    path.write_text(text + SERVICES, encoding="utf-8")
    config = load_config(path, KNOWN)
    assert config.nats.identities["gateway"].nkey_seed_file == str(seed)
    assert config.nats.credentials_dir == str(tmp_path / "keys")  # made later by `turnout up`: not required yet


# Start-up failures caused by the configuration: found only once a plugin starts, reported like the rest.
STARTUP_CASES = [
    pytest.param(
        "[plugins.auth]\nadmin_email = 'root@example.com'\nadmin_password_env = 'UNSET_ADMIN_PASSWORD_VARIABLE'\n",
        {},
        "plugins.auth.admin_password_env",
        "$UNSET_ADMIN_PASSWORD_VARIABLE holds no password",
        id="admin-password-unset",
    ),
    pytest.param(
        "[plugins.auth]\nprivate_key_file = '{tmp}/missing.pem'\n",
        {},
        "plugins.auth.private_key_file",
        "missing.pem': no such file",
        id="signing-key-missing",
    ),
    pytest.param(
        "[plugins.auth]\nprivate_key_file = '{tmp}/platform.toml'\n",
        {},
        "plugins.auth.private_key_file",
        "is not a PEM private key",
        id="signing-key-not-pem",
    ),
    pytest.param(
        "[plugins.files]\nmaster_key_env = 'TEST_FILES_MASTER_KEY'\n",
        {"TEST_FILES_MASTER_KEY": "not base64!"},
        "plugins.files.master_key_env",
        "$TEST_FILES_MASTER_KEY is not base64",
        id="master-key-not-base64",
    ),
    pytest.param(
        "[plugins.files]\nmaster_key_file = '{tmp}/short.key'\n",
        {},
        "plugins.files.master_key_file",
        "must hold 32 bytes",
        id="master-key-file-too-short",
    ),
]


@pytest.mark.parametrize(("text", "env", "key", "message"), STARTUP_CASES)
def test_turnout_run_reports_a_start_up_config_error_in_one_line_and_exits_2(
    tmp_path: Path, text: str, env: dict[str, str], key: str, message: str
) -> None:
    (tmp_path / "short.key").write_text("c2hvcnQ=\n", encoding="utf-8")  # base64, but 5 bytes
    path = tmp_path / "platform.toml"
    listen = f"[gateway]\nlisten = '127.0.0.1:{free_port()}'\n"
    path.write_text(listen + text.format(tmp=tmp_path), encoding="utf-8")
    turnout = str(Path(sys.executable).parent / "turnout")
    result = subprocess.run(
        [turnout, "run", "--config", str(path)],
        cwd=tmp_path,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, output  # one line, naming the file and the key
    assert errors[0].startswith(f"error: {path}: {key}: "), output
    assert message in errors[0], output
    assert "Traceback" not in output


def test_two_credential_verifiers_are_refused_before_anything_starts(tmp_path: Path) -> None:
    plugins = discover_plugins()
    second = dataclasses.replace(plugins["files"], authenticator=plugins["auth"].authenticator)
    path = tmp_path / "platform.toml"
    path.write_text("[platform]\nname = 'two'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Host(load_config(path, KNOWN), {"auth": plugins["auth"], "files": second})
    assert (caught.value.file, caught.value.key) == (str(path), "platform.plugins")
    assert "'auth' and 'files' both verify credentials" in caught.value.message


async def test_remote_plugins_without_a_connection_are_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "platform.toml"
    path.write_text(f"[platform]\nvar_dir = '{tmp_path / 'var'}'\n", encoding="utf-8")
    host = Host(load_config(path, KNOWN), discover_plugins(), local={"auth"})
    with pytest.raises(ConfigError) as caught:
        await host.start()
    assert (caught.value.file, caught.value.key) == (str(path), "services")
    assert f"{', '.join(sorted(KNOWN - {'auth'}))} run elsewhere" in caught.value.message
    assert not (tmp_path / "var").exists()  # refused before any plugin opened its database
