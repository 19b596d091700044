"""Auth's own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.columns import UUID, Text, Timestamptz, Varchar
from piccolo.table import Table

__all__ = ["TABLES", "ApiKeyRow", "BootstrapRow", "LoginFailureRow", "RefreshTokenRow", "SessionRow", "UserRow"]


class UserRow(Table, tablename="users"):
    id = UUID(primary_key=True)
    email = Varchar(length=254, unique=True, index=True)
    display_name = Varchar(length=100)
    password_hash = Text()
    role = Varchar(length=16, default="user")
    created_at = Timestamptz()
    password_changed_at = Timestamptz()
    # A disabled user cannot log in, refresh or use API keys; their sessions were revoked.
    disabled_at = Timestamptz(null=True, default=None)
    # Verifiers apply the current role to tokens issued before this, until those have expired.
    role_changed_at = Timestamptz(null=True, default=None, index=True)


class SessionRow(Table, tablename="sessions"):
    """One login; its refresh tokens form a family revoked together."""

    id = UUID(primary_key=True)
    user_id = UUID(index=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None, index=True)


class RefreshTokenRow(Table, tablename="refresh_tokens"):
    id = UUID(primary_key=True)
    session_id = UUID(index=True)
    token_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class ApiKeyRow(Table, tablename="api_keys"):
    id = UUID(primary_key=True)
    user_id = UUID(index=True)
    name = Varchar(length=100)
    prefix = Varchar(length=16)
    key_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz()
    expires_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class BootstrapRow(Table, tablename="bootstrap"):
    """Things done once per installation, e.g. ``first_admin``: the marker, not an email, says it was done."""

    name = Varchar(length=64, primary_key=True)
    user_id = UUID(null=True, default=None)
    created_at = Timestamptz()


class LoginFailureRow(Table, tablename="login_failures"):
    """One failed login, kept for the throttle window; every replica counts the same rows."""

    id = UUID(primary_key=True)
    account = Varchar(length=254, index=True)
    address = Varchar(length=64, index=True)
    failed_at = Timestamptz(index=True)


TABLES: list[type[Table]] = [UserRow, SessionRow, RefreshTokenRow, ApiKeyRow, BootstrapRow, LoginFailureRow]
