"""Login throttling in auth's database, so every replica counts the same failures and a restart keeps them.

Failures count in three scopes over a moving window:

- one account from one address (the tight budget): guessing one account's password from one
  place stops quickly, and an attacker elsewhere never spends the owner's own budget;
- one address, whatever the accounts: one place spraying many accounts stops;
- one account from every address (a far higher ceiling): a botnet guessing one password from
  many addresses stops too. Reaching it locks the account out from everywhere for the window,
  which is why it is set far above the per-address budget.

Every try counts as a failure until it succeeds, so concurrent guesses cannot pass a budget together.
Past any budget, a login is refused with 429 and Retry-After, before the password is checked.
"""

from __future__ import annotations

import math
import uuid
from datetime import timedelta
from typing import Any

from framework import TooManyRequests, utc, utcnow
from plugins.auth.tables import LoginFailureRow

__all__ = ["LoginThrottle"]

_NO_ADDRESS = "-"


class LoginThrottle:
    """Counts failed logins per (account, address), per address and per account, in auth's tables."""

    def __init__(
        self, *, per_account_and_address: int, per_address: int, per_account: int, window_seconds: int
    ) -> None:
        self._per_pair = per_account_and_address
        self._per_address = per_address
        self._per_account = per_account
        self._window = timedelta(seconds=window_seconds)

    async def attempt(self, account: str, address: str | None) -> None:
        """Count this try as a failure before the password is checked; raise TooManyRequests past a budget.

        Counting first is what makes the budgets hold under concurrency: guesses sent at once all
        see each other's rows, so none slips past a count taken before the others were written. A
        refused try is taken back (it checked nothing); a successful login clears its own pair.
        """
        address = (address or _NO_ADDRESS)[:64]
        account = account[:254]
        now = utcnow()
        attempt_id = uuid.uuid4()
        await LoginFailureRow.insert(
            LoginFailureRow(id=attempt_id, account=account, address=address, failed_at=now)
        ).run()
        since = now - self._window
        scopes: list[tuple[int, Any]] = [
            (self._per_pair, (LoginFailureRow.account == account) & (LoginFailureRow.address == address)),
            (self._per_address, LoginFailureRow.address == address),
            (self._per_account, LoginFailureRow.account == account),
        ]
        for limit, where in scopes:
            # This try and the limit newest before it: past the budget, the limit-th of those must age out.
            rows = (
                await LoginFailureRow.select(LoginFailureRow.failed_at)
                .where(where & (LoginFailureRow.failed_at > since) & (LoginFailureRow.id != attempt_id))
                .order_by(LoginFailureRow.failed_at, ascending=False)
                .limit(limit)
                .run()
            )
            if len(rows) >= limit:
                await LoginFailureRow.delete().where(LoginFailureRow.id == attempt_id).run()
                free_at = utc(rows[-1]["failed_at"]) + self._window
                retry_after = max(1, math.ceil((free_at - now).total_seconds()))
                raise TooManyRequests("too many failed logins; try again later", retry_after=retry_after)

    async def failed(self) -> None:
        """The try was wrong: it stays counted; failures older than the window are forgotten."""
        await LoginFailureRow.delete().where(LoginFailureRow.failed_at <= utcnow() - self._window).run()

    async def succeeded(self, account: str, address: str | None) -> None:
        """The owner got in from this address: their failures from here no longer count."""
        address = (address or _NO_ADDRESS)[:64]
        await (
            LoginFailureRow.delete()
            .where((LoginFailureRow.account == account) & (LoginFailureRow.address == address))
            .run()
        )
