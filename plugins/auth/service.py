"""The implementation of the auth contract."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import time
import unicodedata
import uuid
from datetime import timedelta
from typing import Any

import jwt
import msgspec
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from piccolo.columns.combination import WhereRaw

from framework import (
    CallContext,
    Conflict,
    EventBus,
    Forbidden,
    NotFound,
    PluginDatabase,
    TooManyRequests,
    Unauthorized,
    UnprocessableContent,
    keyset_page,
    utc,
    utcnow,
)
from generated.auth.events import (
    API_KEY_CREATED,
    API_KEY_REVOKED,
    LOGIN_FAILED,
    LOGIN_SUCCEEDED,
    PASSWORD_CHANGED,
    ROLE_CHANGED,
    SESSIONS_REVOKED,
    USER_DISABLED,
    USER_ENABLED,
    USER_REGISTERED,
)
from generated.auth.models import (
    ApiKey,
    ApiKeyCreated,
    ApiKeyCreatedEvent,
    ApiKeyCreateRequest,
    ApiKeyPage,
    ApiKeyPrincipal,
    ApiKeyRevoked,
    ChangePasswordRequest,
    Health,
    HealthStatus,
    Jwk,
    Jwks,
    LoginFailed,
    LoginRequest,
    LoginSucceeded,
    PageInfo,
    PasswordChanged,
    PreviousRole,
    Reason,
    RecentRoleChange,
    RefreshRequest,
    RegisterRequest,
    ResolveApiKeyRequest,
    RevokedSession,
    RevokedSessions,
    Role,
    RoleChanged,
    RoleChangeRequest,
    RoleChanges,
    SessionsRevoked,
    TokenPair,
    TokenType,
    UpdateMeRequest,
    User,
    UserDisabled,
    UserEnabled,
    UserPage,
    UserRef,
    UserRegistered,
)
from plugins.auth.config import AuthConfig
from plugins.auth.keys import SigningKey
from plugins.auth.tables import ApiKeyRow, BootstrapRow, RefreshTokenRow, SessionRow, UserRow
from plugins.auth.throttle import LoginThrottle

__all__ = ["AuthServiceImpl", "check_display_name"]

log = logging.getLogger("turnout.plugins.auth")

_API_KEY_PREFIX = "tk_"
_REFRESH_PREFIX = "rt_"
# API keys are not looked at again for this long after a use, to spare a write per request.
_LAST_USED_GRANULARITY = timedelta(seconds=60)
# Kept on revocation lists past the access-token lifetime, for verifiers' leeway and clock skew.
_REVOCATION_MARGIN = timedelta(seconds=60)
_FIRST_ADMIN = "first_admin"
# How long a replica that lost the race to create the first admin waits for the winner's marker.
_FIRST_ADMIN_WAIT_SECONDS = 15.0
# Control, format (bidi, zero-width, BOM) and line/paragraph separator characters.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_display_name(name: str) -> None:
    """Refuse a name with control or invisible format characters, which can disguise it (422)."""
    if any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in name):
        raise UnprocessableContent("a display name cannot contain control or invisible formatting characters")


def _default_display_name(email: str) -> str:
    local = email.split("@", 1)[0]
    return "".join(char for char in local if unicodedata.category(char) not in _REFUSED_CATEGORIES)[:100] or "user"


def _user(row: dict[str, Any]) -> User:
    return User(
        id=row["id"],
        email=row["email"],
        display_name=row["display_name"],
        role=Role(row["role"]),
        created_at=utc(row["created_at"]) or utcnow(),
        disabled=row.get("disabled_at") is not None,  # a row just inserted has no such key
    )


def _address(ctx: CallContext) -> str | Any:
    """The caller's address for an event, or UNSET when the edge did not say."""
    return ctx.client_address if ctx.client_address else msgspec.UNSET


class AuthServiceImpl:
    """Implements ``AuthService``: users, sessions with rotating refresh tokens, API keys."""

    def __init__(self, config: AuthConfig, key: SigningKey, database: PluginDatabase, events: EventBus) -> None:
        self.config = config
        self.events = events
        self.key = key
        self.database = database
        self._user_by_id: str | None = None
        self._hasher = PasswordHasher(
            time_cost=config.argon2_time_cost,
            memory_cost=config.argon2_memory_kib,
            parallelism=config.argon2_parallelism,
        )
        # Verified against when the account does not exist, so timing does not reveal that.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        self.throttle = LoginThrottle(
            per_account_and_address=config.login_max_failures_per_account_and_address,
            per_address=config.login_max_failures_per_address,
            per_account=config.login_max_failures_per_account,
            window_seconds=config.login_failure_window_seconds,
        )

    # -- passwords -------------------------------------------------------------------------

    async def hash_password(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def _verify_password(self, stored: str, password: str) -> bool:
        try:
            return await asyncio.to_thread(self._hasher.verify, stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    # -- tokens ----------------------------------------------------------------------------

    def _access_token(self, user_id: uuid.UUID, role: str, session_id: uuid.UUID) -> str:
        now = int(time.time())
        claims = {
            "iss": self.config.issuer,
            "aud": self.config.audience,
            "sub": str(user_id),
            "sid": str(session_id),
            "role": role,
            "typ": "access",
            "iat": now,
            "exp": now + self.config.access_token_ttl_seconds,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self.key.private_key, algorithm="EdDSA", headers={"kid": self.key.kid})

    async def _new_refresh_token(self, session_id: uuid.UUID) -> str:
        token = _REFRESH_PREFIX + secrets.token_urlsafe(32)
        await RefreshTokenRow.insert(
            RefreshTokenRow(id=uuid.uuid4(), session_id=session_id, token_hash=_sha256(token), created_at=utcnow())
        ).run()
        return token

    async def _token_pair(self, user_id: uuid.UUID, role: str, session_id: uuid.UUID) -> TokenPair:
        return TokenPair(
            access_token=self._access_token(user_id, role, session_id),
            refresh_token=await self._new_refresh_token(session_id),
            token_type=TokenType.Bearer,
            expires_in=self.config.access_token_ttl_seconds,
        )

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.jwk()]}

    # -- helpers ---------------------------------------------------------------------------

    async def _user_row(self, user_id: str | uuid.UUID) -> dict[str, Any] | None:
        try:
            key = user_id if isinstance(user_id, uuid.UUID) else uuid.UUID(user_id)
        except ValueError:
            return None
        # Every authenticated request reads its caller: a fixed point read, not a built query.
        if self._user_by_id is None:
            table = self.database.table_name(UserRow)
            self._user_by_id = f"SELECT * FROM {table} WHERE id = {{}}"  # noqa: S608 - our own table
        arg: Any = str(key) if self.database.schema is None else key
        return await self.database.fetch_one(self._user_by_id, arg)

    async def _caller(self, ctx: CallContext) -> dict[str, Any]:
        if ctx.principal is None:
            raise Unauthorized("this operation needs an authenticated caller")
        row = await self._user_row(ctx.principal.subject)
        if row is None:
            raise Unauthorized("the account behind these credentials no longer exists")
        if row["disabled_at"] is not None:
            raise Unauthorized("this account is disabled")
        return row

    async def _live_session_caller(self, ctx: CallContext) -> dict[str, Any]:
        """The caller, who must hold an access token of a session still live in the database.

        Changing credentials asks more than a valid token: its session must not have been
        revoked or have expired (a DB read, fine for these rare operations); an API key is not enough.
        """
        principal = ctx.principal
        if principal is None or principal.scheme != "bearer" or principal.session_id is None:
            raise Unauthorized("this operation needs the access token of a signed-in session")
        try:
            session_id = uuid.UUID(principal.session_id)
        except ValueError:
            raise Unauthorized("the session of this access token has ended") from None
        row = await self._caller(ctx)
        session = await SessionRow.select().where(SessionRow.id == session_id).first().run()
        expires = utc(session["expires_at"]) if session else None
        if (
            session is None
            or session["user_id"] != row["id"]
            or session["revoked_at"] is not None
            or expires is None
            or expires <= utcnow()
        ):
            raise Unauthorized("the session of this access token has ended; sign in again")
        return row

    async def _email_taken(self, email: str) -> bool:
        return bool(await UserRow.exists().where(UserRow.email == email).run())

    async def create_user(self, email: str, password: str, display_name: str | None, role: str) -> dict[str, Any]:
        """Insert a user; a taken email is a 409."""
        email = email.lower()
        if await self._email_taken(email):
            raise Conflict("an account with this email already exists")
        now = utcnow()
        row: dict[str, Any] = {
            "id": uuid.uuid4(),
            "email": email,
            "display_name": display_name or _default_display_name(email),
            "password_hash": await self.hash_password(password),
            "role": role,
            "created_at": now,
            "password_changed_at": now,
        }
        try:
            await UserRow.insert(UserRow(**row)).run()
        except Exception as error:  # the unique index decides a race between two registrations
            if await self._email_taken(email):
                raise Conflict("an account with this email already exists") from error
            raise
        return row

    async def promote_to_admin(self, email: str) -> bool:
        """Promote the account with ``email`` to admin; False when there is none.

        Only for ``turnout auth create-admin``, an operator's deliberate act; never done on start.
        """
        promoted = (
            await UserRow.update({UserRow.role: "admin", UserRow.role_changed_at: utcnow()})
            .where(UserRow.email == email.lower())
            .returning(UserRow.id)
            .run()
        )
        return bool(promoted)

    async def ensure_admin(self, email: str, password: str) -> None:
        """Promote the account with ``email`` to admin, or create it as an admin (``turnout auth create-admin``).

        Two of these at once both succeed: the one whose insert loses finds the account made
        meanwhile and promotes it (a no-op when the winner made it an admin).
        """
        if await self.promote_to_admin(email):
            return
        try:
            await self.create_user(email, password, "admin", "admin")
        except Conflict:
            if not await self.promote_to_admin(email):
                raise

    async def first_admin_made(self) -> bool:
        """Whether the configured first admin was created already (the marker row, not an email)."""
        return bool(await BootstrapRow.exists().where(BootstrapRow.name == _FIRST_ADMIN).run())

    async def _mark_first_admin(self, user_id: uuid.UUID) -> None:
        try:
            await BootstrapRow.insert(BootstrapRow(name=_FIRST_ADMIN, user_id=user_id, created_at=utcnow())).run()
        except Exception:  # another replica marked it first: the same fact, recorded once
            if not await self.first_admin_made():
                raise

    def _warn_not_promoted(self, email: str) -> None:
        log.warning(
            "[plugins.auth] admin_email names an account that already exists; it is NOT made an admin. "
            "Use `turnout auth create-admin` to promote an account deliberately, or unset admin_email.",
            extra={"setting": "plugins.auth.admin_email", "email": email},
        )

    async def bootstrap_admin(self, email: str, password: str) -> None:
        """Create the configured first admin, once per installation; never promote an existing account.

        Once made, a marker row records it, so later starts do nothing even if that admin changed
        their email and someone else registered the address since. Replicas starting together
        all try: the one whose insert loses waits for the winner's marker.
        """
        email = email.lower()
        if await self.first_admin_made():
            return
        existing = await UserRow.select(UserRow.id, UserRow.role).where(UserRow.email == email).first().run()
        if existing is not None:
            if existing["role"] == "admin":  # made by a release that left no marker: record it
                await self._mark_first_admin(existing["id"])
            else:
                self._warn_not_promoted(email)
            return
        try:
            row = await self.create_user(email, password, "admin", "admin")
        except Conflict:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + _FIRST_ADMIN_WAIT_SECONDS
            while loop.time() < deadline:
                if await self.first_admin_made():
                    return
                await asyncio.sleep(0.05)
            self._warn_not_promoted(email)
            return
        await self._mark_first_admin(row["id"])
        log.info("first admin created", extra={"setting": "plugins.auth.admin_email", "email": email})

    async def _revoke_and_announce(self, ctx: CallContext, user_id: uuid.UUID, where: Any) -> None:
        """Revoke the live sessions ``where`` selects and tell every credential verifier.

        The database is the truth (refresh tokens stop at once); the event makes the access
        tokens of those sessions stop at the next request, at every gateway.
        """
        now = utcnow()
        revoked = (
            await SessionRow.update({SessionRow.revoked_at: now})
            .where(where & SessionRow.revoked_at.is_null())
            .returning(SessionRow.id)
            .run()
        )
        if not revoked:
            return
        forget_after = now + timedelta(seconds=self.config.access_token_ttl_seconds) + _REVOCATION_MARGIN
        announced = SessionsRevoked(
            user_id=user_id, session_ids=[row["id"] for row in revoked], forget_after=forget_after
        )
        await self.events.publish(SESSIONS_REVOKED, announced, ctx)

    async def revoke_sessions(self, ctx: CallContext, user_id: uuid.UUID, *, keep: uuid.UUID | None = None) -> None:
        """Revoke every live session of ``user_id`` but ``keep``, and announce it."""
        where: Any = SessionRow.user_id == user_id
        if keep is not None:
            where = where & (SessionRow.id != keep)
        await self._revoke_and_announce(ctx, user_id, where)

    # -- operations ------------------------------------------------------------------------

    async def register_user(self, ctx: CallContext, *, body: RegisterRequest) -> User:
        display_name = body.display_name if isinstance(body.display_name, str) else None
        if display_name is not None:
            check_display_name(display_name)
        row = await self.create_user(body.email, body.password, display_name, "user")
        registered = UserRegistered(user_id=row["id"], email=row["email"], registered_at=row["created_at"])
        await self.events.publish(USER_REGISTERED, registered, ctx)
        return _user(row)

    async def _login_failed(self, ctx: CallContext, email: str, reason: Reason, user_id: uuid.UUID | None) -> None:
        failed = LoginFailed(
            email=email,
            reason=reason,
            at=utcnow(),
            user_id=user_id if user_id is not None else msgspec.UNSET,
            address=_address(ctx),
        )
        await self.events.publish(LOGIN_FAILED, failed, ctx)

    async def login(self, ctx: CallContext, *, body: LoginRequest) -> TokenPair:
        email = body.email.lower()
        try:
            await self.throttle.attempt(email, ctx.client_address)
        except TooManyRequests:
            await self._login_failed(ctx, email, Reason.throttled, None)
            raise
        row = await UserRow.select().where(UserRow.email == email).first().run()
        valid = await self._verify_password(row["password_hash"] if row else self._dummy_hash, body.password)
        if row is None or not valid:
            await self.throttle.failed()
            await self._login_failed(ctx, email, Reason.bad_credentials, row["id"] if row else None)
            raise Unauthorized("the email or password is wrong")
        if row["disabled_at"] is not None:
            await self._login_failed(ctx, email, Reason.disabled, row["id"])
            # The same answer as a wrong password: a disabled account's password stays unconfirmed.
            raise Unauthorized("the email or password is wrong")
        await self.throttle.succeeded(email, ctx.client_address)
        if self._hasher.check_needs_rehash(row["password_hash"]):
            new_hash = await self.hash_password(body.password)
            await UserRow.update({UserRow.password_hash: new_hash}).where(UserRow.id == row["id"]).run()
        session_id = uuid.uuid4()
        now = utcnow()
        await SessionRow.insert(
            SessionRow(
                id=session_id,
                user_id=row["id"],
                created_at=now,
                expires_at=now + timedelta(seconds=self.config.refresh_token_ttl_seconds),
            )
        ).run()
        tokens = await self._token_pair(row["id"], row["role"], session_id)
        succeeded = LoginSucceeded(user_id=row["id"], session_id=session_id, at=now, address=_address(ctx))
        await self.events.publish(LOGIN_SUCCEEDED, succeeded, ctx)
        return tokens

    async def refresh_tokens(self, ctx: CallContext, *, body: RefreshRequest) -> TokenPair:
        token_hash = _sha256(body.refresh_token)
        claimed = (
            await RefreshTokenRow.update({RefreshTokenRow.used_at: utcnow()})
            .where((RefreshTokenRow.token_hash == token_hash) & RefreshTokenRow.used_at.is_null())
            .returning(RefreshTokenRow.session_id)
            .run()
        )
        if not claimed:
            known = (
                await RefreshTokenRow.select(RefreshTokenRow.session_id)
                .where(RefreshTokenRow.token_hash == token_hash)
                .first()
                .run()
            )
            if known is not None:
                # A rotated token came back: it was stolen or replayed, so end the whole family.
                family = (
                    await SessionRow.select(SessionRow.user_id)
                    .where(SessionRow.id == known["session_id"])
                    .first()
                    .run()
                )
                if family is not None:
                    await self._revoke_and_announce(ctx, family["user_id"], SessionRow.id == known["session_id"])
                raise Unauthorized("this refresh token was already used; its session is revoked")
            raise Unauthorized("the refresh token is not valid")
        session_id = claimed[0]["session_id"]
        session = await SessionRow.select().where(SessionRow.id == session_id).first().run()
        expires = utc(session["expires_at"]) if session else None
        if session is None or session["revoked_at"] is not None or expires is None or expires <= utcnow():
            raise Unauthorized("the session of this refresh token has ended")
        user = await self._user_row(session["user_id"])
        if user is None:
            raise Unauthorized("the account no longer exists")
        if user["disabled_at"] is not None:
            raise Unauthorized("this account is disabled")
        return await self._token_pair(user["id"], user["role"], session_id)

    async def logout(self, ctx: CallContext) -> None:
        principal = ctx.principal
        if principal is None or principal.session_id is None:
            raise Unauthorized("logout needs an access token")
        try:
            session_id = uuid.UUID(principal.session_id)
            user_id = uuid.UUID(principal.subject)
        except ValueError:
            raise Unauthorized("the access token names no valid session") from None
        await self._revoke_and_announce(ctx, user_id, (SessionRow.id == session_id) & (SessionRow.user_id == user_id))

    async def get_me(self, ctx: CallContext) -> User:
        return _user(await self._caller(ctx))

    async def update_me(self, ctx: CallContext, *, body: UpdateMeRequest) -> User:
        row = await self._caller(ctx)
        changes: dict[Any, Any] = {}
        if isinstance(body.display_name, str):
            check_display_name(body.display_name)
            changes[UserRow.display_name] = body.display_name
        if isinstance(body.email, str) and body.email.lower() != row["email"]:
            # The email is how an account is recovered and signs in: a live session must ask.
            row = await self._live_session_caller(ctx)
            email = body.email.lower()
            if await self._email_taken(email):
                raise Conflict("an account with this email already exists")
            changes[UserRow.email] = email
        if changes:
            await UserRow.update(changes).where(UserRow.id == row["id"]).run()
            row = await self._user_row(row["id"]) or row
        return _user(row)

    async def change_password(self, ctx: CallContext, *, body: ChangePasswordRequest) -> None:
        row = await self._live_session_caller(ctx)
        if not await self._verify_password(row["password_hash"], body.current_password):
            raise UnprocessableContent("the current password is wrong")
        new_hash = await self.hash_password(body.new_password)
        await (
            UserRow.update({UserRow.password_hash: new_hash, UserRow.password_changed_at: utcnow()})
            .where(UserRow.id == row["id"])
            .run()
        )
        principal = ctx.principal
        keep = uuid.UUID(principal.session_id) if principal and principal.session_id else None
        await self.revoke_sessions(ctx, row["id"], keep=keep)
        await self.events.publish(PASSWORD_CHANGED, PasswordChanged(user_id=row["id"], changed_at=utcnow()), ctx)

    async def create_api_key(self, ctx: CallContext, *, body: ApiKeyCreateRequest) -> ApiKeyCreated:
        row = await self._live_session_caller(ctx)
        check_display_name(body.name)
        key = _API_KEY_PREFIX + secrets.token_urlsafe(32)
        now = utcnow()
        expires = now + timedelta(days=body.expires_in_days) if isinstance(body.expires_in_days, int) else None
        key_id = uuid.uuid4()
        await ApiKeyRow.insert(
            ApiKeyRow(
                id=key_id,
                user_id=row["id"],
                name=body.name,
                prefix=key[:11],
                key_hash=_sha256(key),
                created_at=now,
                expires_at=expires,
            )
        ).run()
        created = ApiKeyCreatedEvent(user_id=row["id"], key_id=key_id, name=body.name, at=now)
        await self.events.publish(API_KEY_CREATED, created, ctx)
        return ApiKeyCreated(id=key_id, name=body.name, prefix=key[:11], created_at=now, expires_at=expires, key=key)

    async def list_api_keys(self, ctx: CallContext, *, limit: int = 50, cursor: str | None = None) -> ApiKeyPage:
        row = await self._caller(ctx)
        query = ApiKeyRow.select().where((ApiKeyRow.user_id == row["id"]) & ApiKeyRow.revoked_at.is_null())
        rows, next_cursor = await keyset_page(query, ApiKeyRow.created_at, ApiKeyRow.id, limit=limit, cursor=cursor)
        items = [
            ApiKey(
                id=r["id"],
                name=r["name"],
                prefix=r["prefix"],
                created_at=utc(r["created_at"]) or utcnow(),
                expires_at=utc(r["expires_at"]),
                last_used_at=utc(r["last_used_at"]),
            )
            for r in rows
        ]
        return ApiKeyPage(items=items, page=PageInfo(limit=limit, next_cursor=next_cursor))

    async def revoke_api_key(self, ctx: CallContext, *, key_id: uuid.UUID) -> None:
        row = await self._caller(ctx)
        revoked = (
            await ApiKeyRow.update({ApiKeyRow.revoked_at: utcnow()})
            .where((ApiKeyRow.id == key_id) & (ApiKeyRow.user_id == row["id"]) & ApiKeyRow.revoked_at.is_null())
            .returning(ApiKeyRow.id)
            .run()
        )
        if not revoked:
            raise NotFound("no such API key")
        await self.events.publish(API_KEY_REVOKED, ApiKeyRevoked(user_id=row["id"], key_id=key_id, at=utcnow()), ctx)

    # -- admin operations --------------------------------------------------------------------

    def _admin(self, ctx: CallContext) -> uuid.UUID:
        """The acting admin; checked here too, since other plugins call these operations directly."""
        principal = ctx.principal
        if principal is None:
            raise Unauthorized("this operation needs an authenticated caller")
        if "admin" not in principal.roles:
            raise Forbidden("this operation needs the role admin")
        try:
            return uuid.UUID(principal.subject)
        except ValueError:
            raise Unauthorized("the caller is not a user") from None

    async def _existing(self, user_id: uuid.UUID) -> dict[str, Any]:
        row = await self._user_row(user_id)
        if row is None:
            raise NotFound("no such user")
        return row

    async def list_users(
        self,
        ctx: CallContext,
        *,
        q: str | None = None,
        role: Role | None = None,
        disabled: bool | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> UserPage:
        self._admin(ctx)
        query = UserRow.select()
        if q is not None:
            # A plain substring (no LIKE wildcards); emails are stored lower-cased.
            find = "strpos" if self.database.is_postgres else "instr"
            query = query.where(WhereRaw(f"{find}(email, {{}}) > 0", q.lower()))
        if role is not None:
            query = query.where(UserRow.role == role.value)
        if disabled is not None:
            query = query.where(UserRow.disabled_at.is_not_null() if disabled else UserRow.disabled_at.is_null())
        rows, next_cursor = await keyset_page(
            query, UserRow.created_at, UserRow.id, limit=limit, cursor=cursor, newest_first=False
        )
        return UserPage(items=[_user(r) for r in rows], page=PageInfo(limit=limit, next_cursor=next_cursor))

    async def get_user(self, ctx: CallContext, *, user_id: uuid.UUID) -> User:
        self._admin(ctx)
        return _user(await self._existing(user_id))

    async def set_user_role(self, ctx: CallContext, *, body: RoleChangeRequest, user_id: uuid.UUID) -> User:
        """Give ``user_id`` the role ``body.role``; their tokens carry it from their next request."""
        actor = self._admin(ctx)
        if actor == user_id:
            raise UnprocessableContent("an admin cannot change their own role")
        row = await self._existing(user_id)
        now = utcnow()
        changed = (
            await UserRow.update({UserRow.role: body.role.value, UserRow.role_changed_at: now})
            .where((UserRow.id == user_id) & (UserRow.role != body.role.value))
            .returning(UserRow.role)
            .run()
        )
        if changed:
            previous = PreviousRole(row["role"])
            announced = RoleChanged(user_id=user_id, role=body.role, previous_role=previous, actor_id=actor, at=now)
            await self.events.publish(ROLE_CHANGED, announced, ctx)
            log.info("role changed", extra={"user_id": str(user_id), "role": body.role.value})
        return _user(await self._existing(user_id))

    async def disable_user(self, ctx: CallContext, *, user_id: uuid.UUID) -> None:
        """Disable ``user_id``: no login, refresh or API key, and every token refused at once."""
        actor = self._admin(ctx)
        if actor == user_id:
            raise UnprocessableContent("an admin cannot disable their own account")
        await self._existing(user_id)
        now = utcnow()
        disabled = (
            await UserRow.update({UserRow.disabled_at: now})
            .where((UserRow.id == user_id) & UserRow.disabled_at.is_null())
            .returning(UserRow.id)
            .run()
        )
        # Revoked even when already disabled: a retry after a failed announcement announces again.
        await self._revoke_and_announce(ctx, user_id, SessionRow.user_id == user_id)
        if disabled:
            await self.events.publish(USER_DISABLED, UserDisabled(user_id=user_id, actor_id=actor, at=now), ctx)
            log.info("user disabled", extra={"user_id": str(user_id)})

    async def enable_user(self, ctx: CallContext, *, user_id: uuid.UUID) -> None:
        """Let a disabled user log in again; their old sessions stay revoked."""
        actor = self._admin(ctx)
        await self._existing(user_id)
        enabled = (
            await UserRow.update({UserRow.disabled_at: None})
            .where((UserRow.id == user_id) & UserRow.disabled_at.is_not_null())
            .returning(UserRow.id)
            .run()
        )
        if enabled:
            await self.events.publish(USER_ENABLED, UserEnabled(user_id=user_id, actor_id=actor, at=utcnow()), ctx)
            log.info("user enabled", extra={"user_id": str(user_id)})

    async def list_role_changes(self, ctx: CallContext) -> RoleChanges:
        """Users whose role changed within an access-token lifetime (plus margin), with their role now."""
        lifetime = timedelta(seconds=self.config.access_token_ttl_seconds) + _REVOCATION_MARGIN
        rows = (
            await UserRow.select(UserRow.id, UserRow.role, UserRow.role_changed_at)
            .where(UserRow.role_changed_at > utcnow() - lifetime)
            .run()
        )
        return RoleChanges(
            items=[
                RecentRoleChange(
                    user_id=row["id"],
                    role=Role(row["role"]),
                    forget_after=(utc(row["role_changed_at"]) or utcnow()) + lifetime,
                )
                for row in rows
            ]
        )

    async def list_revoked_sessions(self, ctx: CallContext) -> RevokedSessions:
        """Sessions revoked within an access-token lifetime (plus margin): their tokens may be alive."""
        lifetime = timedelta(seconds=self.config.access_token_ttl_seconds) + _REVOCATION_MARGIN
        rows = (
            await SessionRow.select(SessionRow.id, SessionRow.revoked_at)
            .where(SessionRow.revoked_at > utcnow() - lifetime)
            .run()
        )
        return RevokedSessions(
            items=[
                RevokedSession(session_id=row["id"], forget_after=(utc(row["revoked_at"]) or utcnow()) + lifetime)
                for row in rows
            ]
        )

    async def get_jwks(self, ctx: CallContext) -> Jwks:
        return Jwks(keys=[Jwk(**jwk) for jwk in self.jwks()["keys"]])

    async def auth_health(self, ctx: CallContext) -> Health:
        healthy = await self.database.ping()
        return Health(status=HealthStatus.ok if healthy else HealthStatus.down, service="auth")

    # -- credentials at the edge -----------------------------------------------------------

    async def get_user_ref(self, ctx: CallContext, *, user_id: uuid.UUID) -> UserRef:
        """A disabled user still exists (their files, shares and jobs stay theirs): still a UserRef."""
        row = await self._user_row(user_id)
        if row is None:
            raise NotFound("no such user")
        return UserRef(id=row["id"], display_name=row["display_name"])

    async def resolve_api_key(self, ctx: CallContext, *, body: ResolveApiKeyRequest) -> ApiKeyPrincipal:
        principal = await self._principal_for_key(body.key)
        if principal is None:
            raise Unauthorized("the API key is not valid")
        return principal

    async def _principal_for_key(self, key: str) -> ApiKeyPrincipal | None:
        """The principal an API key stands for, or None when it is unknown, revoked or expired."""
        if not key.startswith(_API_KEY_PREFIX) or len(key) > 128:
            return None
        row = (
            await ApiKeyRow.select()
            .where((ApiKeyRow.key_hash == _sha256(key)) & ApiKeyRow.revoked_at.is_null())
            .first()
            .run()
        )
        if row is None:
            return None
        now = utcnow()
        expires = utc(row["expires_at"])
        if expires is not None and expires <= now:
            return None
        user = await self._user_row(row["user_id"])
        if user is None or user["disabled_at"] is not None:
            return None
        last_used = utc(row["last_used_at"])
        if last_used is None or now - last_used > _LAST_USED_GRANULARITY:
            await ApiKeyRow.update({ApiKeyRow.last_used_at: now}).where(ApiKeyRow.id == row["id"]).run()
        return ApiKeyPrincipal(subject=str(user["id"]), role=Role(user["role"]), api_key_id=row["id"])
