"""Shared fixtures: a running platform per placement, and users on it."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests._platform import TEST_NOTIFICATIONS, RunningPlatform, _lines, start_platform, start_split_platform
from tests._services import NatsServer, PostgresServer, SmtpServer, start_nats, start_postgres, start_smtp

PLACEMENTS = ["all-in-one", "split"]

ADMIN_EMAIL = "admin@turnout.test"
ADMIN_PASSWORD = "admin password for tests"
# The session platforms report usage every second, so a test sees its requests counted within seconds.
SESSION_GATEWAY: dict[str, object] = {"usage_interval": 1.0}


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("xdist"):  # `-n 2 --dist loadgroup`: see tests/_distribution.py
        from tests._distribution import DistributionPlugin

        config.pluginmanager.register(DistributionPlugin(), "turnout-distribution")


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the session; each split platform gets its own database."""
    server = start_postgres(tmp_path_factory.mktemp("postgres"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    """A fresh nats-server (JetStream on) for one test; it starts in milliseconds."""
    server = start_nats(tmp_path / "nats")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    """One real SMTP server (aiosmtpd) for the session; the session platforms send their email to it."""
    server = start_smtp()
    try:
        yield server
    finally:
        server.stop()


def notifications_settings(smtp: SmtpServer) -> str:
    """The session platforms' [plugins.notifications]: the test settings, email to ``smtp``."""
    settings = {**TEST_NOTIFICATIONS, "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_starttls": "off"}
    return "\n[plugins.notifications]\n" + _lines(settings)


@pytest.fixture(scope="session", params=PLACEMENTS)
def platform(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, smtp_server: SmtpServer
) -> Iterator[RunningPlatform]:
    """One running platform per placement, shared by the tests of the session.

    The same tests run against both: ``all-in-one`` (SQLite, one process) and ``split`` (real
    nats-server, two replicas of the identity service, a gateway, real PostgreSQL).
    """
    workdir = tmp_path_factory.mktemp(f"platform-{request.param}")
    auth = {"admin_email": ADMIN_EMAIL, "admin_password_env": "TURNOUT_TEST_ADMIN_PASSWORD"}
    env = {"TURNOUT_TEST_ADMIN_PASSWORD": ADMIN_PASSWORD}
    if request.param == "split":
        postgres: PostgresServer = request.getfixturevalue("postgres")
        database = postgres.create_database(f"split_{uuid.uuid4().hex[:8]}")
        running = start_split_platform(
            workdir,
            database_url=database,
            auth=auth,
            env=env,
            gateway=SESSION_GATEWAY,
            extra_config=notifications_settings(smtp_server),
        )
    else:
        running = start_platform(
            workdir, auth=auth, env=env, gateway=SESSION_GATEWAY, extra_config=notifications_settings(smtp_server)
        )
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def http(platform: RunningPlatform) -> Iterator[httpx.Client]:
    with platform.client() as client:
        yield client


@dataclass
class Account:
    email: str
    password: str
    id: str
    access_token: str
    refresh_token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def register_and_login(http: httpx.Client, password: str = "correct horse battery") -> Account:
    email = f"user-{uuid.uuid4().hex[:12]}@example.com"
    created = http.post("/auth/register", json={"email": email, "password": password})
    assert created.status_code == 201, created.text
    tokens = http.post("/auth/login", json={"email": email, "password": password})
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    return Account(email, password, created.json()["id"], body["access_token"], body["refresh_token"])


@pytest.fixture
def account(http: httpx.Client) -> Account:
    return register_and_login(http)


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    """The response is RFC 9457 problem+json with ``status``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json()
    assert body["status"] == status
    assert isinstance(body["title"], str)
    assert body["title"]
    return dict(body)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


def promote_to_admin(platform: RunningPlatform, account: Account) -> Account:
    """Make ``account`` an admin with the ``turnout auth create-admin`` command."""
    create_admin(platform, account.email, account.password)
    return account


def create_admin(platform: RunningPlatform, email: str, password: str) -> None:
    """Run ``turnout auth create-admin`` against the platform's own config and database."""
    turnout = str(Path(sys.executable).parent / "turnout")
    result = subprocess.run(
        [turnout, "auth", "create-admin", email, "--password-stdin", "--config", str(platform.config_path)],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=platform.workdir,
        env={**os.environ, **platform.env},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
