"""What the simulation plugin needs from the files service, written down as a pact (consumer side).

Simulation reads a portfolio's inputs as a CSV file through the generated ``FilesClient``: the file's
metadata, its bytes, and a 404 problem for a file that is missing or not the caller's. The calls go
through the real client and HTTP transport to pact's mock server; the pact they record must equal the
committed ``pacts/simulation-files.json``, which ``test_files_provider`` verifies against the platform.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from pact import Pact, match
from pact.interaction import HttpInteraction
from pact.match.matcher import AbstractMatcher

from framework import CallContext, ServiceError
from framework.transports._http import HttpTransport
from generated.files import FilesClient
from plugins.simulation.inputs import parse_csv
from tests.pacts._harness import UUID_PATTERN, assert_pact_committed, bearer_from_state, from_state, mock_provider

CSV = b"name,weight,expected_return,volatility\nequities,0.6,0.07,0.18\nbonds,0.4,0.03,0.06\n"
CSV_FILE: dict[str, object] = {"filename": "portfolio.csv", "content_type": "text/csv", "content": CSV.decode()}
FILE_ID = uuid.UUID("5b0e7c2e-3d4f-4a51-9c1e-0f6a2b8d9e13")  # stands for the id the provider state makes
MISSING_FILE_ID = uuid.UUID("c9a4f1d2-7e35-4b86-a0d3-58e2f6b1c047")  # no state ever makes this one
OWNER_ID = "0d6e2f4a-8b1c-4e7d-9a3f-6c5b4d2e1f08"
TOKEN = "example-access-token"
CORRELATION_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CORRELATION_PATTERN = r"^[A-Za-z0-9._:\-]{1,128}$"  # what the gateway echoes back rather than replaces
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
MAX_INPUT_BYTES = 1_000_000


def _state_file_path(suffix: str = "") -> AbstractMatcher[str]:
    """The path of the file the provider state made, shown with :data:`FILE_ID`."""
    return from_state(
        f"/files/{FILE_ID}{suffix}", regex=rf"^/files/{UUID_PATTERN}{suffix}$", expression="/files/${fileId}" + suffix
    )


def _get(
    pact: Pact, description: str, path: str | AbstractMatcher[str], state: str, params: dict[str, object] | None = None
) -> HttpInteraction:
    """A GET as the generated client sends it: the state's bearer token and a correlation id."""
    return (
        pact.upon_receiving(description)
        .given(state, params)
        .with_request("GET", path)
        .with_header("Authorization", bearer_from_state(TOKEN))
        .with_header("X-Correlation-ID", match.regex(CORRELATION_ID, regex=CORRELATION_PATTERN))
    )


def _not_found(interaction: HttpInteraction) -> None:
    interaction.will_respond_with(404).with_body(
        {
            "type": match.str("about:blank"),
            "title": match.str("Not Found"),
            "status": 404,
            "detail": match.str("no such file"),
        },
        content_type="application/problem+json",
    )


def expect_metadata(pact: Pact) -> None:
    metadata = {
        "id": match.uuid(str(FILE_ID), format="lowercase"),
        "owner_id": match.uuid(OWNER_ID, format="lowercase"),
        "filename": CSV_FILE["filename"],
        "content_type": CSV_FILE["content_type"],
        "size": len(CSV),
        "sha256": hashlib.sha256(CSV).hexdigest(),
        "created_at": match.regex("2026-01-02T03:04:05.678901Z", regex=TIMESTAMP_PATTERN),
        "shared_with": [],
    }
    interaction = _get(
        pact, "a request for a CSV file's metadata", _state_file_path(), "a user with a CSV file", CSV_FILE
    )
    interaction.will_respond_with(200).with_body(metadata, content_type="application/json")


def expect_download(pact: Pact) -> None:
    interaction = _get(
        pact, "a download of a CSV file", _state_file_path("/content"), "a user with a CSV file", CSV_FILE
    )
    # Pact's regex matches a header value whole, hence the trailing ".*".
    attachment = match.regex('attachment; filename="portfolio.csv"', regex=r"^attachment;.*$")
    (
        interaction.will_respond_with(200)
        .with_header("Content-Disposition", attachment)
        .with_binary_body(CSV, "application/octet-stream")
    )


def expect_other_users_file_refused(pact: Pact) -> None:
    path = _state_file_path("/content")
    _not_found(_get(pact, "a download of another user's file", path, "another user's CSV file", CSV_FILE))


def expect_missing_file_refused(pact: Pact) -> None:
    path = f"/files/{MISSING_FILE_ID}/content"
    _not_found(_get(pact, "a download of a file that does not exist", path, "a user without that file"))


async def read_metadata(files: FilesClient) -> None:
    info = await files.get_file(CallContext(correlation_id=CORRELATION_ID), file_id=FILE_ID)
    assert (info.id, info.filename, info.content_type, info.size) == (FILE_ID, "portfolio.csv", "text/csv", len(CSV))


async def read_inputs(files: FilesClient) -> None:
    # What simulation does with an inputs file: read at most its limit, then parse the portfolio.
    download = await files.download_file(CallContext(correlation_id=CORRELATION_ID), file_id=FILE_ID)
    portfolio = parse_csv(await download.read(limit=MAX_INPUT_BYTES))
    assert [asset.name for asset in portfolio.assets] == ["equities", "bonds"]


async def _refused(files: FilesClient, file_id: uuid.UUID) -> None:
    with pytest.raises(ServiceError) as refused:
        await files.download_file(CallContext(correlation_id=CORRELATION_ID), file_id=file_id)
    assert (refused.value.status, refused.value.title) == (404, "Not Found")


async def read_other_users_file(files: FilesClient) -> None:
    await _refused(files, FILE_ID)


async def read_missing_file(files: FilesClient) -> None:
    await _refused(files, MISSING_FILE_ID)


EDGE: list[tuple[Callable[[Pact], None], Callable[[FilesClient], Awaitable[None]]]] = [
    (expect_metadata, read_metadata),
    (expect_download, read_inputs),
    (expect_other_users_file_refused, read_other_users_file),
    (expect_missing_file_refused, read_missing_file),
]


@asynccontextmanager
async def files_client(base_url: str) -> AsyncIterator[FilesClient]:
    """The generated client over HTTP, as a caller outside the platform holds it."""
    transport = HttpTransport(base_url, bearer_token=TOKEN)
    try:
        yield FilesClient(transport)
    finally:
        await transport.aclose()


async def test_simulation_reads_inputs_through_files(tmp_path: Path) -> None:
    for expect, call in EDGE:
        with mock_provider(tmp_path, "simulation", "files", expect) as url:
            async with files_client(url) as files:
                await call(files)
    assert_pact_committed(tmp_path, "simulation", "files")
