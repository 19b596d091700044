"""The three budgets of the login throttle, at the service, on a real SQLite database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from framework import CallContext, TooManyRequests, Unauthorized, load_config
from framework._host import Host
from generated.auth.models import LoginRequest, RegisterRequest
from plugins.auth.plugin import plugin as auth_plugin

SETTINGS = """\
[plugins.auth]
argon2_time_cost = 1
argon2_memory_kib = 1024
argon2_parallelism = 1
login_max_failures_per_account_and_address = 2
login_max_failures_per_address = 100
login_max_failures_per_account = 6
"""

RIGHT = LoginRequest(email="owner@example.com", password="owner password")
WRONG = LoginRequest(email="owner@example.com", password="a guess")


def _from(address: str) -> CallContext:
    return CallContext(correlation_id=f"from-{address}", client_address=address)


@pytest.fixture
async def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    """Auth alone on its own SQLite file, with the owner's account registered."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "platform.toml").write_text(SETTINGS, encoding="utf-8")
    host = Host(load_config(tmp_path / "platform.toml", {"auth"}), {"auth": auth_plugin})
    await host.start()
    try:
        auth = host.bindings["auth"].service
        await auth.register_user(CallContext.system(), body=RegisterRequest(email=RIGHT.email, password=RIGHT.password))
        yield auth
    finally:
        await host.stop()


async def test_the_account_ceiling_counts_every_address_and_is_the_only_global_lock(service: Any) -> None:
    # Two guesses from each of three addresses: each pair is spent, the owner's own is not.
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        for _ in range(2):
            with pytest.raises(Unauthorized):
                await service.login(_from(address), body=WRONG)
        with pytest.raises(TooManyRequests):
            await service.login(_from(address), body=RIGHT)
    # Six failures in all reach the account's ceiling: now every address waits, the owner's too.
    with pytest.raises(TooManyRequests) as ceiling:
        await service.login(_from("198.51.100.7"), body=RIGHT)
    assert ceiling.value.retry_after > 0


async def test_a_success_clears_only_its_own_address(service: Any) -> None:
    for address in ("203.0.113.1", "198.51.100.7"):
        with pytest.raises(Unauthorized):
            await service.login(_from(address), body=WRONG)
    assert (await service.login(_from("198.51.100.7"), body=RIGHT)).access_token
    # The owner's success forgave their own slip, not the other address's guess.
    with pytest.raises(Unauthorized):
        await service.login(_from("198.51.100.7"), body=WRONG)
    assert (await service.login(_from("198.51.100.7"), body=RIGHT)).access_token
    with pytest.raises(Unauthorized):
        await service.login(_from("203.0.113.1"), body=WRONG)
    with pytest.raises(TooManyRequests):
        await service.login(_from("203.0.113.1"), body=RIGHT)


async def test_guesses_sent_at_once_cannot_pass_the_budget_together(service: Any) -> None:
    """Each try is counted before its password is checked, so twenty at once get at most two checks."""
    outcomes = await asyncio.gather(
        *(service.login(_from("203.0.113.9"), body=WRONG) for _ in range(20)), return_exceptions=True
    )
    checked = [o for o in outcomes if isinstance(o, Unauthorized)]
    refused = [o for o in outcomes if isinstance(o, TooManyRequests)]
    assert len(checked) + len(refused) == 20, outcomes
    # Refused tries checked nothing and are taken back; later ones still find the budget where it was.
    for _ in range(3):
        try:
            await service.login(_from("203.0.113.9"), body=WRONG)
        except Unauthorized as error:
            checked.append(error)
        except TooManyRequests:
            pass
    assert 1 <= len(checked) <= 2  # the pair's budget, whatever the interleaving
