"""Login throttling kept in auth's database: shared by replicas, kept across restarts, per address.

The client address is the socket's, or X-Forwarded-For's from a trusted proxy: these tests
connect from 127.0.0.1 and trust it, so each request can speak for a different client.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from tests._platform import AUTH_ONLY, start_platform
from tests.conftest import Account, assert_problem, register_and_login

ATTACKER = {"X-Forwarded-For": "203.0.113.9"}
OWNER = {"X-Forwarded-For": "198.51.100.20"}


def _login(http: httpx.Client, email: str, password: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return http.post("/auth/login", json={"email": email, "password": password}, headers=headers or {})


def test_failures_count_the_same_at_every_replica(http: httpx.Client, account: Account) -> None:
    """Split runs two auth replicas that NATS picks between: the five failures are one budget."""
    for _ in range(5):
        assert_problem(_login(http, account.email, "wrong password"), 401)
    blocked = _login(http, account.email, account.password)
    assert_problem(blocked, 429)
    assert int(blocked.headers["Retry-After"]) > 0


def test_a_restart_keeps_the_count(tmp_path: Path) -> None:
    auth = {"login_max_failures_per_account_and_address": 3}
    running = start_platform(tmp_path, platform_settings=AUTH_ONLY, auth=auth, timeout=60.0)
    try:
        with running.client() as http:
            account = register_and_login(http)
            for _ in range(2):
                assert_problem(_login(http, account.email, "wrong password"), 401)
    finally:
        running.stop()
    restarted = start_platform(tmp_path, platform_settings=AUTH_ONLY, auth=auth, timeout=60.0)
    try:
        with restarted.client() as http:
            assert_problem(_login(http, account.email, "wrong password"), 401)
            assert_problem(_login(http, account.email, account.password), 429)
    finally:
        restarted.stop()


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(tmp_path: Path) -> None:
    running = start_platform(
        tmp_path,
        platform_settings=AUTH_ONLY,  # logins are auth's alone: the other plugins would only slow the start
        auth={
            "login_max_failures_per_account_and_address": 3,
            "login_max_failures_per_address": 6,
            "login_max_failures_per_account": 1000,
        },
        gateway={"trusted_proxies": ["127.0.0.1"]},
        timeout=60.0,
    )
    try:
        with running.client() as http:
            owner = register_and_login(http)
            for _ in range(3):
                assert_problem(_login(http, owner.email, "guess", ATTACKER), 401)
            # The attacker's address is done with this account, even with the right password...
            assert_problem(_login(http, owner.email, owner.password, ATTACKER), 429)
            # ...but the owner, from their own address, signs in, again and again.
            for _ in range(2):
                assert _login(http, owner.email, owner.password, OWNER).status_code == 200

            # Spraying other accounts spends the attacker's address budget (6) for every account.
            for i in range(3):
                assert_problem(_login(http, f"nobody{i}@example.com", "guess", ATTACKER), 401)
            fresh = register_and_login(http)
            assert_problem(_login(http, fresh.email, fresh.password, ATTACKER), 429)
            assert _login(http, fresh.email, fresh.password, OWNER).status_code == 200
    finally:
        running.stop()
