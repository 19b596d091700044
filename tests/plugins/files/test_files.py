"""The files plugin through the HTTP API, in both placements: storage, encryption at rest, access, limits."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest

from tests._platform import TEST_FILES, RunningPlatform
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Account, assert_problem, register_and_login

MAX_FILE = int(TEST_FILES["max_file_bytes"])
QUOTA = int(TEST_FILES["quota_bytes"])


def upload(
    http: httpx.Client, account: Account, data: bytes, name: str = "data.csv", content_type: str = "text/csv"
) -> httpx.Response:
    return http.post("/files", files={"file": (name, data, content_type)}, headers=account.auth)


def blobs(platform: RunningPlatform) -> set[Path]:
    root = platform.var_dir / "files" / "blobs"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def usage(http: httpx.Client, account: Account) -> dict[str, int]:
    response = http.get("/files/usage", headers=account.auth)
    assert response.status_code == 200, response.text
    result: dict[str, int] = response.json()
    return result


@pytest.fixture
def stored(platform: RunningPlatform, http: httpx.Client, account: Account) -> tuple[dict[str, object], Path]:
    """A freshly uploaded file and the one blob it added on disk."""
    before = blobs(platform)
    data = b"account,balance\n" + b"".join(b"acct-%06d,%d.%02d\n" % (i, i * 7, i % 100) for i in range(20_000))
    response = upload(http, account, data)
    assert response.status_code == 201, response.text
    added = blobs(platform) - before
    assert len(added) == 1
    return {**response.json(), "data": data}, added.pop()


def test_upload_then_download_round_trips(http: httpx.Client, account: Account) -> None:
    data = os.urandom(1_500_000)  # several encryption segments and several NATS chunks
    name = "relevé de compte 2026.bin"
    created = upload(http, account, data, name=name, content_type="application/octet-stream")
    assert created.status_code == 201, created.text
    info = created.json()
    assert info["filename"] == name
    assert info["size"] == len(data)
    assert info["sha256"] == hashlib.sha256(data).hexdigest()
    assert info["owner_id"] == account.id
    assert info["shared_with"] == []

    download = http.get(f"/files/{info['id']}/content", headers=account.auth)
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["x-content-type-options"] == "nosniff"
    assert int(download.headers["content-length"]) == len(data)
    disposition = download.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == name

    assert http.get(f"/files/{info['id']}", headers=account.auth).json() == info
    assert usage(http, account) == {
        "used_bytes": len(data),
        "quota_bytes": QUOTA,
        "file_count": 1,
        "max_file_bytes": MAX_FILE,
    }


def test_empty_file_round_trips(http: httpx.Client, account: Account) -> None:
    created = upload(http, account, b"", name="empty.txt", content_type="text/plain")
    assert created.status_code == 201, created.text
    assert created.json()["size"] == 0
    download = http.get(f"/files/{created.json()['id']}/content", headers=account.auth)
    assert download.status_code == 200
    assert download.content == b""


def test_a_chunked_upload_without_content_length_is_streamed(http: httpx.Client, account: Account) -> None:
    boundary = "b" + uuid.uuid4().hex
    part = os.urandom(200_000)

    def body() -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="stream.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        for _ in range(5):
            yield part
        yield f"\r\n--{boundary}--\r\n".encode()

    response = http.post(
        "/files",
        content=body(),
        headers={**account.auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["size"] == 5 * len(part)
    assert http.get(f"/files/{response.json()['id']}/content", headers=account.auth).content == part * 5


def test_stored_blob_is_not_the_plaintext(stored: tuple[dict[str, object], Path]) -> None:
    info, blob = stored
    data = info["data"]
    assert isinstance(data, bytes)
    ciphertext = blob.read_bytes()
    assert len(ciphertext) > len(data)  # header and one tag per segment
    assert data[:64] not in ciphertext
    assert b"acct-000123" not in ciphertext
    assert str(info["filename"]).encode() not in ciphertext
    assert str(info["id"]) not in str(blob)  # blob keys are not derived from the file


def test_tampered_blob_fails_download_with_a_clear_error(
    http: httpx.Client, account: Account, stored: tuple[dict[str, object], Path]
) -> None:
    info, blob = stored
    original = blob.read_bytes()
    url = f"/files/{info['id']}/content"
    for tampered in (
        original[:70_000] + bytes([original[70_000] ^ 0x01]) + original[70_001:],  # one bit in segment 1
        original[: len(original) - 100],  # cut short
        original + original[-1000:],  # something appended
    ):
        blob.write_bytes(tampered)
        problem = assert_problem(http.get(url, headers=account.auth), 502)
        assert problem["type"] == "https://turnout.dev/problems/integrity-check-failed"
        assert "integrity check" in str(problem["detail"])
    blob.write_bytes(original)
    restored = http.get(url, headers=account.auth)
    assert restored.status_code == 200
    assert restored.content == info["data"]


def test_missing_blob_is_an_integrity_error_not_a_500(
    http: httpx.Client, account: Account, stored: tuple[dict[str, object], Path]
) -> None:
    info, blob = stored
    original = blob.read_bytes()
    blob.unlink()
    try:
        problem = assert_problem(http.get(f"/files/{info['id']}/content", headers=account.auth), 502)
        assert "missing" in str(problem["detail"])
    finally:
        blob.write_bytes(original)


def test_other_users_get_404_until_shared(http: httpx.Client, account: Account) -> None:
    created = upload(http, account, b"private,1\n")
    file_id = created.json()["id"]
    other = register_and_login(http)
    for method, path in (
        ("GET", f"/files/{file_id}"),
        ("GET", f"/files/{file_id}/content"),
        ("DELETE", f"/files/{file_id}"),
        ("PUT", f"/files/{file_id}/shares/{other.id}"),
        ("DELETE", f"/files/{file_id}/shares/{other.id}"),
    ):
        problem = assert_problem(http.request(method, path, headers=other.auth), 404)
        # The same answer as for a file that does not exist: nothing leaks.
        missing = http.request(method, path.replace(file_id, str(uuid.uuid4())), headers=other.auth)
        assert missing.json()["detail"] == problem["detail"]
    assert http.get("/files", headers=other.auth).json()["items"] == []

    shared = http.put(f"/files/{file_id}/shares/{other.id}", headers=account.auth)
    assert shared.status_code == 200
    assert shared.json()["shared_with"] == [other.id]
    assert http.get(f"/files/{file_id}/content", headers=other.auth).content == b"private,1\n"
    seen = http.get(f"/files/{file_id}", headers=other.auth).json()
    assert seen["shared_with"] == []  # who else it is shared with is the owner's business
    assert_problem(http.delete(f"/files/{file_id}", headers=other.auth), 403)
    assert_problem(http.put(f"/files/{file_id}/shares/{uuid.uuid4()}", headers=other.auth), 403)
    # Sharing twice is one share; sharing with the owner records nothing.
    assert http.put(f"/files/{file_id}/shares/{other.id}", headers=account.auth).json()["shared_with"] == [other.id]
    assert http.put(f"/files/{file_id}/shares/{account.id}", headers=account.auth).json()["shared_with"] == [other.id]

    # Sharing with someone who has no account is refused, not silently recorded.
    nobody = assert_problem(http.put(f"/files/{file_id}/shares/{uuid.uuid4()}", headers=account.auth), 404)
    assert nobody["detail"] == "no such user"

    unshared = http.delete(f"/files/{file_id}/shares/{other.id}", headers=account.auth)
    assert unshared.status_code == 200
    assert unshared.json()["shared_with"] == []
    assert_problem(http.get(f"/files/{file_id}/content", headers=other.auth), 404)


def test_admins_read_any_file(http: httpx.Client, account: Account) -> None:
    file_id = upload(http, account, b"audit,me\n").json()["id"]
    login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    admin = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert http.get(f"/files/{file_id}/content", headers=admin).content == b"audit,me\n"
    assert http.get(f"/files/{file_id}", headers=admin).json()["owner_id"] == account.id


def test_delete_removes_row_and_blob(
    platform: RunningPlatform, http: httpx.Client, account: Account, stored: tuple[dict[str, object], Path]
) -> None:
    info, blob = stored
    assert http.delete(f"/files/{info['id']}", headers=account.auth).status_code == 204
    assert not blob.exists()
    assert_problem(http.get(f"/files/{info['id']}", headers=account.auth), 404)
    assert_problem(http.delete(f"/files/{info['id']}", headers=account.auth), 404)
    assert usage(http, account)["used_bytes"] == 0


def test_list_is_paginated_and_filtered_by_content_type(http: httpx.Client, account: Account) -> None:
    ids = []
    for i in range(5):
        kind = "text/csv" if i % 2 == 0 else "application/json"
        ids.append(upload(http, account, b"%d\n" % i, name=f"f{i}", content_type=kind).json()["id"])
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = http.get("/files", params=params, headers=account.auth).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["page"]["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))  # newest first, each once
    csv = http.get("/files", params={"content_type": "text/csv"}, headers=account.auth).json()["items"]
    assert [item["id"] for item in csv] == [ids[4], ids[2], ids[0]]
    assert_problem(http.get("/files", params={"cursor": "not-a-cursor"}, headers=account.auth), 400)


# -- bad input: a 4xx problem, and nothing kept ----------------------------------------------------------------------


def test_oversize_upload_is_413_and_nothing_is_kept(
    platform: RunningPlatform, http: httpx.Client, account: Account
) -> None:
    before = blobs(platform)
    problem = assert_problem(upload(http, account, b"x" * (MAX_FILE + 1)), 413)
    assert str(MAX_FILE) in str(problem["detail"])

    # Without a Content-Length the limit is found while streaming; the partial blob is dropped.
    boundary = "b" + uuid.uuid4().hex

    def body() -> Iterator[bytes]:
        yield (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n').encode()
        for _ in range(MAX_FILE // 100_000 + 2):
            yield b"y" * 100_000
        yield f"\r\n--{boundary}--\r\n".encode()

    streamed = http.post(
        "/files", content=body(), headers={**account.auth, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    assert_problem(streamed, 413)
    assert usage(http, account)["file_count"] == 0
    assert blobs(platform) == before
    partials = list((platform.var_dir / "files" / "blobs").rglob("*.partial"))
    assert partials == []


def test_quota_is_a_409_and_nothing_is_kept(platform: RunningPlatform, http: httpx.Client, account: Account) -> None:
    chunk = b"q" * (MAX_FILE - 1000)
    kept = 0
    while kept + len(chunk) <= QUOTA:
        assert upload(http, account, chunk).status_code == 201
        kept += len(chunk)
    before = blobs(platform)
    problem = assert_problem(upload(http, account, chunk), 409)
    assert problem["type"] == "https://turnout.dev/problems/quota-exceeded"
    assert str(QUOTA) in str(problem["detail"])
    assert usage(http, account)["used_bytes"] == kept
    assert blobs(platform) == before


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("text/plain", b"not multipart", 415),
        ("application/json", b'{"file": "x"}', 415),
        ("multipart/form-data", b"--x\r\n", 415),  # no boundary
        ("multipart/form-data; boundary=x", b"", 400),  # no parts
        ("multipart/form-data; boundary=x", b"garbage", 400),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nno filename\r\n--x--\r\n',
            400,
        ),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="other"; filename="a"\r\n\r\n1\r\n--x--\r\n',
            400,
        ),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n1\r\n'
            b'--x\r\nContent-Disposition: form-data; name="extra"\r\n\r\n2\r\n--x--\r\n',
            400,
        ),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\ncut off',
            400,
        ),
    ],
)
def test_malformed_uploads_are_4xx_and_keep_nothing(
    platform: RunningPlatform, http: httpx.Client, account: Account, content_type: str, body: bytes, status: int
) -> None:
    before = blobs(platform)
    response = http.post("/files", content=body, headers={**account.auth, "Content-Type": content_type})
    assert_problem(response, status)
    assert usage(http, account)["file_count"] == 0
    assert blobs(platform) == before


def test_refused_media_type_and_file_names(http: httpx.Client, account: Account) -> None:
    problem = assert_problem(
        upload(http, account, b"MZ", name="tool.exe", content_type="application/x-msdownload"), 415
    )
    assert "text/csv" in str(problem["detail"])  # says what is accepted
    raw = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a\x01b.csv"\r\n\r\n1\r\n--x--\r\n'
    control = http.post(
        "/files", content=raw, headers={**account.auth, "Content-Type": "multipart/form-data; boundary=x"}
    )
    assert_problem(control, 400)
    assert_problem(upload(http, account, b"1", name="n" * 256), 400)
    # A name that looks like a path is only a name.
    sneaky = upload(http, account, b"1", name="../../etc/passwd")
    assert sneaky.status_code == 201
    assert usage(http, account)["file_count"] == 1


def test_needs_credentials_and_valid_ids(http: httpx.Client, account: Account) -> None:
    assert_problem(http.post("/files", files={"file": ("a.csv", b"1", "text/csv")}), 401)
    assert_problem(http.get("/files"), 401)
    assert http.get("/files/not-a-uuid", headers=account.auth).status_code in (400, 404)
    assert (
        http.get("/files/not-a-uuid", headers=account.auth)
        .headers["content-type"]
        .startswith("application/problem+json")
    )
