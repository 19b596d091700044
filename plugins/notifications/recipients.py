"""Who a user is to the email channel: their address (from auth.user_registered) and name (auth's getUserRef)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from framework import CallContext, NotFound
from generated.auth import AuthService
from plugins.notifications.tables import RecipientRow

__all__ = ["Recipients"]


class Recipients:
    """Email addresses as auth announced them, and the user's current name through the auth client."""

    def __init__(self, auth: AuthService) -> None:
        self.auth = auth

    async def remember(self, user: uuid.UUID, email: str) -> None:
        """Record the user's address (again is harmless: the latest wins)."""
        await (
            RecipientRow.insert(RecipientRow(user_id=user, email=email))
            .on_conflict(target=RecipientRow.user_id, action="DO UPDATE", values=[RecipientRow.email])
            .run()
        )

    async def known(self, users: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Those of ``users`` known here (registered since notifications ran): the ones other channels reach."""
        if not users:
            return set()
        rows = await RecipientRow.select(RecipientRow.user_id).where(RecipientRow.user_id.is_in(list(users))).run()
        return {uuid.UUID(str(row["user_id"])) for row in rows}

    async def address(self, user: uuid.UUID) -> tuple[str, str] | None:
        """The user's (email, display name), or None when auth no longer knows them or no address is known."""
        row: dict[str, Any] | None = (
            await RecipientRow.select(RecipientRow.email).where(RecipientRow.user_id == user).first().run()
        )
        if row is None:
            return None
        try:
            ref = await self.auth.get_user_ref(CallContext.system(timeout=10.0), user_id=user)
        except NotFound:
            return None
        return str(row["email"]), ref.display_name
