"""Baseline for ``bench_me.py``: GET /auth/me written the usual FastAPI + pydantic way.

Every request verifies an Ed25519 (EdDSA) access token with PyJWT inside an ``HTTPBearer``
dependency, reads the caller's row with aiosqlite and returns a pydantic model.

Configuration comes from the environment:

- ``BENCH_ME_DB``: path of the SQLite file holding the ``users`` table;
- ``BENCH_ME_PUBLIC_KEY``: path of the PEM Ed25519 public key that signed the tokens.

Serve it with ``uvicorn --app-dir bench fastapi_me:app``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import aiosqlite
import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

__all__ = ["DB_ENV", "ISSUER", "AUDIENCE", "PUBLIC_KEY_ENV", "User", "app"]

DB_ENV = "BENCH_ME_DB"
PUBLIC_KEY_ENV = "BENCH_ME_PUBLIC_KEY"
ISSUER = "turnout"
AUDIENCE = "turnout"


class User(BaseModel):
    """The caller's account, as GET /auth/me returns it."""

    id: UUID
    email: str
    display_name: str
    role: str
    created_at: datetime


def _public_key() -> Any:
    return load_pem_public_key(Path(os.environ[PUBLIC_KEY_ENV]).read_bytes())


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.public_key = _public_key()
    async with aiosqlite.connect(os.environ[DB_ENV]) as db:
        app.state.db = db
        yield


app = FastAPI(title="bench-me-baseline", lifespan=lifespan)
bearer = HTTPBearer()


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


async def access_claims(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)]
) -> dict[str, Any]:
    """The verified claims of the bearer access token; 401 when it does not verify."""
    try:
        claims: dict[str, Any] = jwt.decode(
            credentials.credentials,
            request.app.state.public_key,
            algorithms=["EdDSA"],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "typ"]},
        )
    except jwt.InvalidTokenError:
        raise _unauthorized("the access token is invalid") from None
    if claims.get("typ") != "access":
        raise _unauthorized("the token is not an access token")
    return claims


@app.get("/ready")
async def ready() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/auth/me")
async def get_me(request: Request, claims: Annotated[dict[str, Any], Depends(access_claims)]) -> User:
    db: aiosqlite.Connection = request.app.state.db
    query = "SELECT id, email, display_name, role, created_at FROM users WHERE id = ?"
    async with db.execute(query, (claims["sub"],)) as cursor:
        row = await cursor.fetchone()
    if row is None:
        raise _unauthorized("the account behind these credentials no longer exists")
    return User(id=row[0], email=row[1], display_name=row[2], role=row[3], created_at=row[4])
