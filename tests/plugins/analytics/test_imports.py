"""Importing uploaded CSV and XLSX files through the files service, in both placements."""

from __future__ import annotations

import io
from typing import Any

import httpx
from openpyxl import Workbook

from tests.conftest import Account, assert_problem, register_and_login

IMPORTS = "/analytics/transactions/imports"
CSV = (
    "Booking date,Amount,Text,Shop,Kind\n"
    "2026-01-01,2500.00,Pay,Acme,salary\n"
    "2026-01-02,-12.50,Lunch,Cafe,dining\n"
    "2026-01-02,-12.50,Lunch,Cafe,dining\n"
)
MAPPING = {"date": "Booking date", "amount": "Amount", "description": "Text", "merchant": "Shop", "category": "Kind"}


def upload(http: httpx.Client, account: Account, name: str, data: bytes, media: str = "text/csv") -> str:
    response = http.post("/files", files={"file": (name, data, media)}, headers=account.auth)
    assert response.status_code == 201, response.text
    file_id: str = response.json()["id"]
    return file_id


def import_file(http: httpx.Client, account: Account, body: dict[str, Any]) -> httpx.Response:
    return http.post(IMPORTS, json=body, headers=account.auth)


def transactions(http: httpx.Client, account: Account) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = http.get(
        "/analytics/transactions", params={"limit": 200}, headers=account.auth
    ).json()["items"]
    return items


def test_a_csv_with_a_mapping_imports_once(http: httpx.Client, account: Account) -> None:
    file_id = upload(http, account, "bank.csv", CSV.encode())
    first = import_file(http, account, {"file_id": file_id, "mapping": MAPPING})
    assert first.status_code == 200, first.text
    # Two identical lunches are two transactions (no external_id column: ids come from content and order).
    assert first.json() == {"imported": 3, "duplicates": 0}
    assert import_file(http, account, {"file_id": file_id, "mapping": MAPPING}).json() == {
        "imported": 0,
        "duplicates": 3,
    }
    stored = sorted((t["date"], t["amount"], t["merchant"], t["category"]) for t in transactions(http, account))
    assert stored == [
        ("2026-01-01", 2500, "Acme", "salary"),
        ("2026-01-02", -12.5, "Cafe", "dining"),
        ("2026-01-02", -12.5, "Cafe", "dining"),
    ]


def test_an_xlsx_file_imports_with_external_ids_and_duplicates(http: httpx.Client, account: Account) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["date", "amount", "merchant", "category", "external_id"])
    sheet.append(["2026-02-01", -1200, "City Flats", "rent", "r-1"])
    sheet.append(["2026-02-03", -45.2, "FreshMart", "groceries", "g-1"])
    sheet.append(["2026-02-03", -45.2, "FreshMart", "groceries", "g-1"])
    data = io.BytesIO()
    book.save(data)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    file_id = upload(http, account, "export.xlsx", data.getvalue(), xlsx)
    response = import_file(http, account, {"file_id": file_id})
    assert response.status_code == 200, response.text
    assert response.json() == {"imported": 2, "duplicates": 1}
    assert sorted(t["external_id"] for t in transactions(http, account)) == ["g-1", "r-1"]


def test_a_half_bad_file_stores_nothing_and_names_its_lines(http: httpx.Client, account: Account) -> None:
    bad = CSV + "2026-01-32,-1,x,y,z\n2026-01-03,-1.234,x,y,z\n"
    file_id = upload(http, account, "bad.csv", bad.encode())
    problem = assert_problem(import_file(http, account, {"file_id": file_id, "mapping": MAPPING}), 422)
    errors = problem["errors"]
    assert isinstance(errors, list)
    assert [e["field"] for e in errors] == ["line 5", "line 6"]
    assert transactions(http, account) == []
    missing = upload(http, account, "cols.csv", b"when,amount\n2026-01-01,1\n")
    assert_problem(import_file(http, account, {"file_id": missing}), 422)
    not_a_workbook = upload(http, account, "x.csv", b"date,amount\n")
    assert_problem(import_file(http, account, {"file_id": not_a_workbook, "format": "xlsx"}), 422)
    assert transactions(http, account) == []


def test_a_shared_file_imports_and_anothers_file_is_not_found(http: httpx.Client, account: Account) -> None:
    other = register_and_login(http)
    file_id = upload(http, other, "theirs.csv", CSV.encode())
    assert_problem(import_file(http, account, {"file_id": file_id, "mapping": MAPPING}), 404)
    shared = http.put(f"/files/{file_id}/shares/{account.id}", headers=other.auth)
    assert shared.status_code == 200, shared.text
    response = import_file(http, account, {"file_id": file_id, "mapping": MAPPING})
    assert response.status_code == 200, response.text
    assert len(transactions(http, account)) == 3
    assert transactions(http, other) == []  # imported for the caller, not the file's owner


def test_bad_import_requests_are_4xx(http: httpx.Client, account: Account) -> None:
    for body in ({}, {"file_id": "nope"}, {"file_id": "5b0e7c2e-3d4f-4a51-9c1e-0f6a2b8d9e13", "format": "pdf"}):
        assert_problem(import_file(http, account, body), 400)
    assert_problem(import_file(http, account, {"file_id": "5b0e7c2e-3d4f-4a51-9c1e-0f6a2b8d9e13"}), 404)
