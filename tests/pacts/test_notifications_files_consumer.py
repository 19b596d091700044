"""What notifications needs from files' ``files.uploaded`` and ``files.deleted`` events (consumer side).

Files events notify only where ``notify_on`` names them; with them named, each example event is
decoded as the bus decodes it and handled twice by notifications' own handler on a real database:
one send to the file's owner. The recorded pact must equal the committed
``pacts/notifications-files.json``, which ``test_files_provider`` verifies against events the files
plugin really published.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from pact import match

from generated.files.events import DELETED, UPLOADED
from generated.files.models import FileDeleted, FileUploaded
from tests.pacts._harness import UUID_PATTERN, assert_pact_committed
from tests.pacts._notifications_messages import handled_twice
from tests.pacts._usage_messages import timestamp

OWNER = "0d6e2f4a-8b1c-4e7d-9a3f-6c5b4d2e1f08"
FILE = "5b0e7c2e-3d4f-4a51-9c1e-0f6a2b8d9e13"
UPLOADED_EVENT = {
    "file_id": match.regex(FILE, regex=UUID_PATTERN),
    "owner_id": match.regex(OWNER, regex=UUID_PATTERN),
    "filename": match.str("budget.csv"),
    "content_type": match.str("text/csv"),
    "size": match.int(30),
    "sha256": match.regex("0" * 64, regex=r"^[0-9a-f]{64}$"),
    "occurred_at": timestamp(),
}
DELETED_EVENT = {
    "file_id": match.regex(FILE, regex=UUID_PATTERN),
    "owner_id": match.regex(OWNER, regex=UUID_PATTERN),
    "occurred_at": timestamp(),
}


async def test_notifications_tells_owners_about_their_files(tmp_path: Path) -> None:
    pair = ("notifications", "files")
    _, sends = await handled_twice(
        tmp_path, pair, UPLOADED.name, UPLOADED_EVENT, FileUploaded, lambda n: n.file_uploaded
    )
    [send] = sends
    assert (send.kind, send.user_ids, send.data) == ("files.uploaded", [uuid.UUID(OWNER)], {"file_id": FILE})
    assert "budget.csv" in send.body
    _, sends = await handled_twice(tmp_path, pair, DELETED.name, DELETED_EVENT, FileDeleted, lambda n: n.file_deleted)
    [send] = sends
    assert (send.kind, send.user_ids) == ("files.deleted", [uuid.UUID(OWNER)])
    assert_pact_committed(tmp_path, "notifications", "files")
