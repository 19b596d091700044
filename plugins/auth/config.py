"""``[plugins.auth]`` settings."""

from __future__ import annotations

from typing import Annotated, ClassVar

from msgspec import Meta

from framework import PluginConfig

__all__ = ["AuthConfig"]

AtLeastOne = Annotated[int, Meta(ge=1)]


class AuthConfig(PluginConfig):
    """Decoded strictly from ``[plugins.auth]``; every key has a safe default."""

    # An admin may change it at run time (read from the config at every sign-in and refresh).
    changeable: ClassVar[frozenset[str]] = frozenset({"access_token_ttl_seconds"})

    issuer: str = "turnout"
    audience: str = "turnout"
    access_token_ttl_seconds: AtLeastOne = 600
    refresh_token_ttl_seconds: AtLeastOne = 30 * 24 * 3600
    # PEM file of an Ed25519 private key; when unset, one is generated under var/auth/.
    private_key_file: str | None = None
    # Failed logins allowed per window, counted in auth's database (shared by replicas, kept
    # across restarts): for one account from one address; from one address for any accounts;
    # and a ceiling for one account from all addresses together, far higher, because reaching
    # it locks the owner out from everywhere until the window passes.
    login_max_failures_per_account_and_address: AtLeastOne = 5
    login_max_failures_per_address: AtLeastOne = 50
    login_max_failures_per_account: AtLeastOne = 100
    login_failure_window_seconds: AtLeastOne = 900
    # argon2id cost; the defaults are RFC 9106's second recommended option.
    argon2_time_cost: AtLeastOne = 3
    argon2_memory_kib: int = 65_536
    argon2_parallelism: AtLeastOne = 4
    # The first admin: created once, on the first start where it is set, with the password read
    # from this env var. An existing account with this email is never promoted (a warning says
    # so); `turnout auth create-admin` is the operator's way to promote an account.
    admin_email: str | None = None
    admin_password_env: str = "TURNOUT_ADMIN_PASSWORD"  # noqa: S105 - the name of a variable, not a password

    def __post_init__(self) -> None:
        if self.argon2_memory_kib < 8 * self.argon2_parallelism:
            raise ValueError("argon2_memory_kib must be at least 8 x argon2_parallelism")
