"""Per-principal request rates at the edge: the budget a rate policy gives, counted per principal, 429 past it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from framework import ConfigError, Principal, TooManyRequests, discover_plugins, load_config
from framework._host import Host
from framework._rate_policy import PrincipalRateLimit


class Budgets:
    """A rate policy answering from a table: subject -> requests per minute (absent: no limit)."""

    def __init__(self, budgets: dict[str, int]) -> None:
        self.budgets = budgets

    async def requests_per_minute(self, principal: Principal) -> int | None:
        return self.budgets.get(principal.subject)


async def test_a_principal_past_its_budget_gets_429_with_retry_after() -> None:
    limit = PrincipalRateLimit(Budgets({"alice": 3}))
    alice = Principal(subject="alice")
    for _ in range(3):
        await limit.check(alice)
    with pytest.raises(TooManyRequests) as refused:
        await limit.check(alice)
    assert refused.value.status == 429
    assert 1 <= refused.value.retry_after <= 60
    assert refused.value.headers["Retry-After"] == str(refused.value.retry_after)
    assert "3 requests" in str(refused.value.detail)


async def test_budgets_are_per_principal_and_none_is_unlimited() -> None:
    limit = PrincipalRateLimit(Budgets({"alice": 1, "bob": 1}))
    await limit.check(Principal(subject="alice"))
    await limit.check(Principal(subject="bob"))  # alice's request did not spend bob's budget
    for _ in range(50):
        await limit.check(Principal(subject="carol"))  # no budget: never refused
    with pytest.raises(TooManyRequests):
        await limit.check(Principal(subject="alice"))


async def test_a_changed_budget_applies_to_the_next_request() -> None:
    budgets = Budgets({"alice": 1})
    limit = PrincipalRateLimit(budgets)
    await limit.check(Principal(subject="alice"))
    with pytest.raises(TooManyRequests):
        await limit.check(Principal(subject="alice"))
    budgets.budgets["alice"] = 5  # a bigger plan: counted afresh against the new budget
    await limit.check(Principal(subject="alice"))


def test_two_plugins_setting_request_rates_are_refused_before_anything_starts(tmp_path: Path) -> None:
    plugins = discover_plugins()
    second = dataclasses.replace(plugins["notifications"], rate_policy=plugins["admin"].rate_policy)
    path = tmp_path / "platform.toml"
    path.write_text("[platform]\nname = 'two'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Host(load_config(path, set(plugins)), {"admin": plugins["admin"], "notifications": second})
    assert (caught.value.file, caught.value.key) == (str(path), "platform.plugins")
    assert "'admin' and 'notifications' both set request rates" in caught.value.message
