"""Auth's own tables; no other plugin reads them."""

from __future__ import annotations

from piccolo.columns import UUID, Text, Timestamptz, Varchar
from piccolo.table import Table

__all__ = ["TABLES", "ApiKeyRow", "RefreshTokenRow", "SessionRow", "UserRow"]


class UserRow(Table, tablename="users"):
    id = UUID(primary_key=True)
    email = Varchar(length=254, unique=True, index=True)
    display_name = Varchar(length=100)
    password_hash = Text()
    role = Varchar(length=16, default="user")
    created_at = Timestamptz()
    password_changed_at = Timestamptz()


class SessionRow(Table, tablename="sessions"):
    """One login; its refresh tokens form a family revoked together."""

    id = UUID(primary_key=True)
    user_id = UUID(index=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


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


TABLES: list[type[Table]] = [UserRow, SessionRow, RefreshTokenRow, ApiKeyRow]
