"""What the admin plugin needs from files, written down as one pact (consumer side): the ``files.deleted``
event, decoded as the bus decodes it and appended by the audit log's own code, once per delivery.

The committed ``pacts/admin-files.json`` is verified by ``test_files_provider`` against an event the
files plugin really published.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import msgspec
from pact import match

from framework._db import open_plugin_database
from generated.files.events import DELETED
from generated.files.models import FileDeleted
from plugins.admin.audit import AuditLog
from plugins.admin.audit_events import AUDITED, dedup_key
from plugins.admin.tables import TABLES
from tests.pacts._harness import assert_pact_committed, new_pact
from tests.pacts._usage_messages import body_bytes, expect_event, timestamp

FILE_ID = uuid.UUID("5b0e7c2e-3d4f-4a51-9c1e-0f6a2b8d9e13")
OWNER_ID = uuid.UUID("0d6e2f4a-8b1c-4e7d-9a3f-6c5b4d2e1f08")

DELETED_EVENT = {
    "file_id": match.uuid(str(FILE_ID), format="lowercase"),
    "owner_id": match.uuid(str(OWNER_ID), format="lowercase"),
    "occurred_at": timestamp(),
}


async def test_admin_audits_deleted_files(tmp_path: Path) -> None:
    pact = new_pact("admin", "files")
    expect_event(pact, DELETED.name, DELETED_EVENT)
    received: list[FileDeleted] = []
    decode = msgspec.json.Decoder(FileDeleted)
    pact.verify(lambda body, _: received.append(decode.decode(body_bytes(body))), "Async")
    assert [(event.file_id, event.owner_id) for event in received] == [(FILE_ID, OWNER_ID)]
    (audited,) = [a for a in AUDITED if a.event is DELETED]
    database = await open_plugin_database(f"sqlite:///{tmp_path / 'var'}", "admin", tmp_path / "var")
    try:
        database.bind(TABLES)
        await database.migrate(TABLES, [])
        log = AuditLog(database)
        for _ in range(2):  # a redelivery is recorded once
            await log.append(audited.describe(received[0]), dedup_key(DELETED, received[0]))
        page = await log.page(actor=None, action=None, since=None, until=None, limit=10, cursor=None)
        assert [(e.action, e.actor, e.target) for e in page.items] == [("files.deleted", OWNER_ID, str(FILE_ID))]
    finally:
        await database.close()
    pact.write_file(tmp_path)
    assert_pact_committed(tmp_path, "admin", "files")
