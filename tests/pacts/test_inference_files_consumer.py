"""What the inference plugin needs from the files service, written down as a pact (consumer side).

Inference reads a batch's CSV of feature sets (and uploaded model artifacts) as file downloads, is
refused with a 404 problem for a file that is not the caller's, and writes a batch's scores (and a
model's bytes) as a file upload owned by the caller. The calls go through the real generated client
and HTTP transport to pact's mock server; the pact they record must equal the committed
``pacts/inference-files.json``, which ``test_files_provider`` verifies against the platform.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from pact import Pact, match

from framework import CallContext, ServiceError
from framework.runtime import Upload
from framework.transports._http import HttpTransport
from generated.files import FilesClient
from plugins.inference.batch_csv import rows_from_csv
from plugins.inference.onnx_model import load_model
from plugins.inference.registry import SHIPPED_MODEL
from tests.pacts._harness import UUID_PATTERN, assert_pact_committed, bearer_from_state, from_state, mock_provider

CSV = (
    b"id,monthly_income,monthly_expenses,liquid_savings,total_debt,credit_utilisation,investment_assets\n"
    b"h-1,4200,3900,2500,18000,0.62,5000\n"
)
CSV_FILE: dict[str, object] = {"filename": "households.csv", "content_type": "text/csv", "content": CSV.decode()}
MODEL = SHIPPED_MODEL.read_bytes()
FILE_ID = uuid.UUID("7d1e3f5a-2b4c-4d6e-8f0a-1b2c3d4e5f60")  # stands for the id the provider state makes
OWNER_ID = "0d6e2f4a-8b1c-4e7d-9a3f-6c5b4d2e1f08"
TOKEN = "example-access-token"
CORRELATION_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CORRELATION_PATTERN = r"^[A-Za-z0-9._:\-]{1,128}$"
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"


def _file_path() -> object:
    path = f"/files/{FILE_ID}/content"
    return from_state(path, regex=rf"^/files/{UUID_PATTERN}/content$", expression="/files/${fileId}/content")


def _download(pact: Pact, description: str, state: str) -> object:
    return (
        pact.upon_receiving(description)
        .given(state, CSV_FILE)
        .with_request("GET", _file_path())  # type: ignore[arg-type]
        .with_header("Authorization", bearer_from_state(TOKEN))
        .with_header("X-Correlation-ID", match.regex(CORRELATION_ID, regex=CORRELATION_PATTERN))
    )


def expect_batch_download(pact: Pact) -> None:
    interaction = _download(pact, "a download of a CSV file of feature sets", "a user with a CSV file")
    attachment = match.regex('attachment; filename="households.csv"', regex=r"^attachment;.*$")
    (
        interaction.will_respond_with(200)  # type: ignore[attr-defined]
        .with_header("Content-Disposition", attachment)
        .with_binary_body(CSV, "application/octet-stream")
    )


def expect_other_users_file_refused(pact: Pact) -> None:
    interaction = _download(pact, "a download of another user's feature sets", "another user's CSV file")
    interaction.will_respond_with(404).with_body(  # type: ignore[attr-defined]
        {"type": match.str("about:blank"), "title": match.str("Not Found"), "status": 404, "detail": match.str("x")},
        content_type="application/problem+json",
    )


def expect_model_upload(pact: Pact, model_file: Path) -> None:
    info = {
        "id": match.uuid(str(FILE_ID), format="lowercase"),
        "owner_id": match.uuid(OWNER_ID, format="lowercase"),
        "filename": "risk-v2.onnx",
        "content_type": "application/octet-stream",
        "size": len(MODEL),
        "sha256": match.str("0" * 64),
        "created_at": match.regex("2026-01-02T03:04:05.678901Z", regex=TIMESTAMP_PATTERN),
        "shared_with": [],
    }
    (
        pact.upon_receiving("an upload of a model's bytes")
        .given("a user without that file")
        .with_request("POST", "/files")
        .with_header("Authorization", bearer_from_state(TOKEN))
        .with_header("X-Correlation-ID", match.regex(CORRELATION_ID, regex=CORRELATION_PATTERN))
        .with_multipart_file("file", model_file, "application/octet-stream", boundary="turnout-pact-boundary")
        .will_respond_with(201)
        .with_body(info, content_type="application/json")
    )


async def read_batch(files: FilesClient) -> None:
    # What a batch job does with its file: read at most its limit, then check every row against the model.
    download = await files.download_file(CallContext(correlation_id=CORRELATION_ID), file_id=FILE_ID)
    rows = rows_from_csv(
        await download.read(limit=1_000_000), load_model(SHIPPED_MODEL.read_bytes()).schema, max_rows=10
    )
    assert rows.ids == ["h-1"]
    assert rows.values == [[4200, 3900, 2500, 18000, 0.62, 5000]]


async def read_other_users_file(files: FilesClient) -> None:
    with pytest.raises(ServiceError) as refused:
        await files.download_file(CallContext(correlation_id=CORRELATION_ID), file_id=FILE_ID)
    assert (refused.value.status, refused.value.title) == (404, "Not Found")


async def write_model(files: FilesClient) -> None:
    # A batch's scores are written the same way (as text/csv), by the same client call.
    upload = Upload.from_bytes(MODEL, filename="risk-v2.onnx", content_type="application/octet-stream")
    info = await files.upload_file(CallContext(correlation_id=CORRELATION_ID), file=upload)
    assert (info.filename, info.content_type, info.size) == ("risk-v2.onnx", "application/octet-stream", len(MODEL))


@asynccontextmanager
async def files_client(base_url: str) -> AsyncIterator[FilesClient]:
    transport = HttpTransport(base_url, bearer_token=TOKEN)
    try:
        yield FilesClient(transport)
    finally:
        await transport.aclose()


async def test_inference_reads_and_writes_through_files(tmp_path: Path) -> None:
    model_file = tmp_path / "risk-v2.onnx"
    model_file.write_bytes(MODEL)
    edge: list[tuple[Callable[[Pact], None], Callable[[FilesClient], Awaitable[None]]]] = [
        (expect_batch_download, read_batch),
        (expect_other_users_file_refused, read_other_users_file),
        (lambda pact: expect_model_upload(pact, model_file), write_model),
    ]
    for expect, call in edge:
        with mock_provider(tmp_path, "inference", "files", expect) as url:
            async with files_client(url) as files:
                await call(files)
    assert_pact_committed(tmp_path, "inference", "files")
