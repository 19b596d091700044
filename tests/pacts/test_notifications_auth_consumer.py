"""What notifications needs from auth, written down as one pact (consumer side).

- ``getUserRef`` (internal): before an email goes out, whether the user still exists and the name
  to greet them by; a 404 for a user auth no longer knows (the email is then dead-lettered).
- ``auth.user_registered``: the address emails go to is recorded, and the user is welcomed;
  ``auth.password_changed`` and ``auth.api_key_created``: a security notice. Each event is
  decoded as the bus decodes it and handled twice by notifications' own handlers on a real
  database: one send (a redelivery sends nothing again).

The recorded pact must equal the committed ``pacts/notifications-auth.json``, which
``test_auth_provider`` verifies: the calls against the real auth service over NATS, the messages
against events auth really published.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from pact import match

from framework import CallContext
from generated.auth.events import API_KEY_CREATED, PASSWORD_CHANGED, USER_REGISTERED
from generated.auth.models import ApiKeyCreatedEvent, PasswordChanged, UserRegistered
from plugins.notifications.tables import RecipientRow
from tests.pacts._harness import UUID_PATTERN, assert_pact_committed, mock_provider
from tests.pacts._notifications_messages import handled_twice, notices
from tests.pacts._usage_messages import timestamp
from tests.pacts.test_files_auth_consumer import EDGE, auth_client

USER = "8a1c4e7b-2f3d-4b9a-a6e5-0c7d9f1b3e28"
REGISTERED_EVENT = {
    "user_id": match.regex(USER, regex=UUID_PATTERN),
    "email": match.regex("ada@example.com", regex=r"^[^@\s]+@[^@\s]+$"),
    "registered_at": timestamp(),
}
PASSWORD_EVENT = {"user_id": match.regex(USER, regex=UUID_PATTERN), "changed_at": timestamp()}
KEY_EVENT = {
    "user_id": match.regex(USER, regex=UUID_PATTERN),
    "key_id": match.regex("d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70", regex=UUID_PATTERN),
    "name": match.str("nightly import"),
    "at": timestamp(),
}


async def test_notifications_looks_users_up_and_hears_of_registrations_passwords_and_keys(tmp_path: Path) -> None:
    # The same lookups files makes: a registered user's reference, and a 404 for one that does not exist.
    for expect, call in EDGE:
        with mock_provider(tmp_path, "notifications", "auth", expect) as url:
            async with auth_client(url) as auth:
                await call(auth)

    pair = ("notifications", "auth")
    event, sends = await handled_twice(
        tmp_path, pair, USER_REGISTERED.name, REGISTERED_EVENT, UserRegistered, lambda n: n.user_registered
    )
    [welcome] = sends
    assert (welcome.kind, welcome.user_ids) == ("account.welcome", [uuid.UUID(USER)])
    async with notices(tmp_path / "addresses") as handlers:
        await handlers.user_registered(CallContext.system(), event)
        [row] = await RecipientRow.select().run()
    assert (str(row["user_id"]), row["email"]) == (USER, "ada@example.com")

    _, sends = await handled_twice(
        tmp_path, pair, PASSWORD_CHANGED.name, PASSWORD_EVENT, PasswordChanged, lambda n: n.password_changed
    )
    [notice] = sends
    assert (notice.kind, notice.user_ids) == ("security.password_changed", [uuid.UUID(USER)])

    _, sends = await handled_twice(
        tmp_path, pair, API_KEY_CREATED.name, KEY_EVENT, ApiKeyCreatedEvent, lambda n: n.api_key_created
    )
    [notice] = sends
    assert (notice.kind, notice.user_ids) == ("security.api_key_created", [uuid.UUID(USER)])
    assert_pact_committed(tmp_path, "notifications", "auth")
