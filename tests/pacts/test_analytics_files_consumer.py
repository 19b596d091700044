"""What analytics needs from the files service, written down as one pact (consumer side).

- Importing a transactions file (importTransactionFile): its download (bytes, and the name in
  ``Content-Disposition`` that chooses CSV or XLSX), read by analytics' own parser, and a 404
  problem for a file that is missing or not the caller's, through the generated ``FilesClient``
  over HTTP to pact's mock server.
- Usage statistics: the ``files.uploaded`` event (a message interaction), decoded as the bus
  decodes it and counted once by analytics' own handler into a real database.

Both kinds are in the committed ``pacts/analytics-files.json`` (pact specification V4), which
``test_files_provider`` verifies: the requests against the platform, the message against an event
the files plugin really published.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path

import msgspec
from pact import Pact, match

from framework import CallContext
from generated.files import FilesClient
from generated.files.events import UPLOADED
from generated.files.models import FileUploaded
from plugins.analytics.rows import from_table
from plugins.analytics.tables_io import detect_format, read_rows
from plugins.analytics.usage import UsageRecorder
from tests.pacts._harness import UUID_PATTERN, assert_pact_committed, mock_provider, new_pact
from tests.pacts._usage_messages import body_bytes, expect_event, timestamp, usage_database, usage_on
from tests.pacts.test_simulation_files_consumer import (
    CORRELATION_ID,
    FILE_ID,
    MISSING_FILE_ID,
    OWNER_ID,
    _get,
    _not_found,
    _refused,
    _state_file_path,
    files_client,
)

CSV = b"date,amount,description,merchant,category\n2026-01-02,-12.50,Lunch,Cafe Rosa,dining\n"
CSV_FILE: dict[str, object] = {"filename": "transactions.csv", "content_type": "text/csv", "content": CSV.decode()}
MAX_IMPORT_BYTES = 1_000_000

UPLOADED_EVENT = {
    "file_id": match.regex(str(FILE_ID), regex=UUID_PATTERN),
    "owner_id": match.regex(OWNER_ID, regex=UUID_PATTERN),
    "filename": match.str("transactions.csv"),
    "content_type": match.str("text/csv"),
    "size": match.int(len(CSV)),
    "sha256": match.regex(hashlib.sha256(CSV).hexdigest(), regex=r"^[0-9a-f]{64}$"),
    "occurred_at": timestamp(),
}


def expect_download(pact: Pact) -> None:
    path = _state_file_path("/content")
    interaction = _get(pact, "a download of a transactions file", path, "a user with a CSV file", CSV_FILE)
    attachment = match.regex('attachment; filename="transactions.csv"', regex=r"^attachment;.*$")
    (
        interaction.will_respond_with(200)
        .with_header("Content-Disposition", attachment)
        .with_binary_body(CSV, "application/octet-stream")
    )


def expect_other_users_file_refused(pact: Pact) -> None:
    path = _state_file_path("/content")
    description = "a download of another user's transactions file"
    _not_found(_get(pact, description, path, "another user's CSV file", CSV_FILE))


def expect_missing_file_refused(pact: Pact) -> None:
    path = f"/files/{MISSING_FILE_ID}/content"
    _not_found(_get(pact, "a download of a transactions file that does not exist", path, "a user without that file"))


async def read_transactions(files: FilesClient) -> None:
    # What importTransactionFile does with the download: the format from its name, then its own parser.
    download = await files.download_file(CallContext(correlation_id=CORRELATION_ID), file_id=FILE_ID)
    data = await download.read(limit=MAX_IMPORT_BYTES)
    rows = from_table(read_rows(data, detect_format(download.filename, download.content_type, data)), None, 10)
    assert [(row.date.isoformat(), row.amount_cents, row.merchant) for row in rows] == [
        ("2026-01-02", -1250, "Cafe Rosa")
    ]


async def read_other_users_file(files: FilesClient) -> None:
    await _refused(files, FILE_ID)


async def read_missing_file(files: FilesClient) -> None:
    await _refused(files, MISSING_FILE_ID)


EDGE: list[tuple[Callable[[Pact], None], Callable[[FilesClient], Awaitable[None]]]] = [
    (expect_download, read_transactions),
    (expect_other_users_file_refused, read_other_users_file),
    (expect_missing_file_refused, read_missing_file),
]


async def test_analytics_reads_import_files_and_counts_uploads(tmp_path: Path) -> None:
    for expect, call in EDGE:
        with mock_provider(tmp_path, "analytics", "files", expect) as url:
            async with files_client(url) as files:
                await call(files)
    pact = new_pact("analytics", "files")
    expect_event(pact, UPLOADED.name, UPLOADED_EVENT)
    received: list[FileUploaded] = []
    decode = msgspec.json.Decoder(FileUploaded)
    pact.verify(lambda body, _: received.append(decode.decode(body_bytes(body))), "Async")
    assert [event.file_id for event in received] == [FILE_ID]
    async with usage_database(tmp_path) as database:
        recorder = UsageRecorder(database)
        for _ in range(2):  # a redelivery counts once
            await recorder.upload(CallContext.system(), received[0])
        (day,) = (await usage_on(database)).days
    assert (day.files_uploaded, day.simulations_run) == (1, 0)
    pact.write_file(tmp_path)  # merged with the HTTP interactions written above
    assert_pact_committed(tmp_path, "analytics", "files")
