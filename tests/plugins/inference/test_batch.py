"""Batch scoring jobs over HTTP, in both placements: inline rows and CSV files, results, cancel, idempotency."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import httpx
import numpy as np
import pytest

from tests.conftest import Account, assert_problem, register_and_login
from tests.plugins.inference._support import (
    FEATURES,
    HOUSEHOLD,
    label_of,
    random_households,
    reference_scores,
    wait_finished,
)

BATCHES = "/inference/batch-scores"


def upload_csv(http: httpx.Client, account: Account, text: str) -> str:
    files = {"file": ("households.csv", text.encode(), "text/csv")}
    response = http.post("/files", files=files, headers=account.auth)
    assert response.status_code == 201, response.text
    file_id: str = response.json()["id"]
    return file_id


def households_csv(x: np.ndarray, *, ids: bool) -> str:
    header = (["id"] if ids else []) + list(reversed(FEATURES))  # any column order
    lines = [",".join(header)]
    for i, row in enumerate(x):
        cells = [repr(float(v)) for v in reversed(row.tolist())]
        lines.append(",".join(([f"h-{i}"] if ids else []) + cells))
    return "\n".join(lines) + "\n"


def submit(http: httpx.Client, account: Account, body: dict[str, Any], key: str | None = None) -> httpx.Response:
    headers = {**account.auth, **({"Idempotency-Key": key} if key else {})}
    return http.post(BATCHES, json=body, headers=headers)


def result_rows(http: httpx.Client, account: Account, job: dict[str, Any]) -> list[dict[str, str]]:
    content = http.get(f"/files/{job['result_file_id']}/content", headers=account.auth)
    assert content.status_code == 200, content.text
    return list(csv.DictReader(io.StringIO(content.text)))


@pytest.mark.parametrize("ids", [True, False], ids=["with-ids", "numbered"])
def test_a_csv_file_is_scored_into_a_csv_file(http: httpx.Client, account: Account, ids: bool) -> None:
    x = random_households(250, seed=11)  # three chunks of the test platform's 100 rows
    file_id = upload_csv(http, account, households_csv(x, ids=ids))
    created = submit(http, account, {"file_id": file_id})
    assert created.status_code == 202, created.text
    assert (created.json()["rows"], created.json()["model"], created.json()["version"]) == (250, "financial-risk", 1)

    job = wait_finished(http, account, created.json()["id"])
    assert job["status"] == "succeeded", job
    assert job["progress"] == 1.0
    rows = result_rows(http, account, job)
    expected, _ = reference_scores(x)
    assert [r["id"] for r in rows] == [f"h-{i}" if ids else str(i + 1) for i in range(250)]
    np.testing.assert_allclose([float(r["score"]) for r in rows], expected, atol=1e-5)
    assert [r["label"] for r in rows] == [label_of(float(r["score"])) for r in rows]
    assert http.get(f"/files/{job['result_file_id']}", headers=account.auth).json()["owner_id"] == account.id


def test_inline_rows_are_scored(http: httpx.Client, account: Account) -> None:
    rows = [{"id": "a", "features": HOUSEHOLD}, {"id": "b", "features": {**HOUSEHOLD, "credit_utilisation": 0}}]
    created = submit(http, account, {"rows": rows})
    assert created.status_code == 202, created.text
    job = wait_finished(http, account, created.json()["id"])
    assert job["status"] == "succeeded", job
    scored = result_rows(http, account, job)
    expected, _ = reference_scores(np.array([[r["features"][f] for f in FEATURES] for r in rows]))  # type: ignore[index]
    assert [r["id"] for r in scored] == ["a", "b"]
    np.testing.assert_allclose([float(r["score"]) for r in scored], expected, atol=1e-5)
    listed = http.get(BATCHES, headers=account.auth).json()["items"]
    assert [j["id"] for j in listed] == [job["id"]]


def test_bad_files_and_rows_are_refused_naming_them(http: httpx.Client, account: Account) -> None:
    header = ",".join(FEATURES)
    good = ",".join(str(HOUSEHOLD[f]) for f in FEATURES)
    cases = {
        "monthly_income,extra\n1,2\n": ["lacks the column monthly_expenses", "'extra'"],
        f"{header}\n{good}\n{good.replace('2500', 'lots')}\n": ["line 3 liquid_savings"],
        f"{header}\n{good}\n1,2\n": ["line 3 has 2 cells"],
        f"{header}\n": ["no rows"],
        f"{header}\n{good.replace('0.62', '7')}\n": ["line 2 credit_utilisation must be at most 1"],
    }
    for text, expected in cases.items():
        refused = assert_problem(submit(http, account, {"file_id": upload_csv(http, account, text)}), 422)
        messages = " ".join(e["message"] for e in refused["errors"])  # type: ignore[attr-defined]
        for words in expected:
            assert words in messages, (text, messages)
    bad_row = assert_problem(submit(http, account, {"rows": [{"features": HOUSEHOLD}, {"features": {"x": 1}}]}), 422)
    assert {e["field"] for e in bad_row["errors"]} >= {"rows.1.features.x", "rows.1.features.total_debt"}  # type: ignore[attr-defined]
    assert_problem(submit(http, account, {}), 422)  # neither rows nor a file
    assert_problem(submit(http, account, {"file_id": str(uuid.uuid4())}), 404)
    assert_problem(submit(http, account, {"rows": []}), 400)
    assert http.get(BATCHES, headers=account.auth).json()["items"] == []  # nothing was queued


def test_the_same_idempotency_key_returns_the_same_job(http: httpx.Client, account: Account) -> None:
    body = {"rows": [{"features": HOUSEHOLD}]}
    first = submit(http, account, body, key="batch-1")
    again = submit(http, account, body, key="batch-1")
    assert first.status_code == again.status_code == 202, again.text
    assert first.json()["id"] == again.json()["id"]
    assert_problem(submit(http, account, {"rows": [{"features": HOUSEHOLD}] * 2}, key="batch-1"), 409)
    other = register_and_login(http)  # a key is per user
    assert submit(http, other, body, key="batch-1").json()["id"] != first.json()["id"]
    assert len(http.get(BATCHES, headers=account.auth).json()["items"]) == 1


def test_a_running_job_is_cancelled(http: httpx.Client, account: Account) -> None:
    file_id = upload_csv(http, account, households_csv(random_households(20_000, seed=3), ids=False))
    created = submit(http, account, {"file_id": file_id})
    assert created.status_code == 202, created.text
    cancelled = http.post(f"{BATCHES}/{created.json()['id']}/cancel", headers=account.auth)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled" or cancelled.json()["cancel_requested"]
    job = wait_finished(http, account, created.json()["id"])
    assert job["status"] == "cancelled", job
    assert job["result_file_id"] is None
    assert job["progress"] < 1.0  # stopped part way, not after the last chunk
    assert_problem(http.post(f"{BATCHES}/{job['id']}/cancel", headers=account.auth), 409)


def test_another_users_job_is_not_found(http: httpx.Client, account: Account) -> None:
    job_id = submit(http, account, {"rows": [{"features": HOUSEHOLD}]}).json()["id"]
    other = register_and_login(http)
    assert_problem(http.get(f"{BATCHES}/{job_id}", headers=other.auth), 404)
    assert_problem(http.post(f"{BATCHES}/{job_id}/cancel", headers=other.auth), 404)
    assert http.get(BATCHES, headers=other.auth).json()["items"] == []
    assert_problem(http.get(f"{BATCHES}/{uuid.uuid4()}", headers=account.auth), 404)
    assert_problem(http.get(BATCHES), 401)
