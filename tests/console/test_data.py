"""Files and transactions through the console: upload a CSV, import it with a column mapping, import JSON."""

from __future__ import annotations

import json
import re

from playwright.sync_api import FilePayload, expect

from tests.console.conftest import Console

CSV = (
    "Booking date,Amount,Text,Shop,Kind\n"
    "2026-01-01,2500.00,Pay,Acme,salary\n"
    "2026-01-02,-12.50,Lunch,Cafe,dining\n"
    "2026-01-05,-80.25,Weekly shop,Grocer,groceries\n"
)
MAPPING = {"date": "Booking date", "amount": "Amount", "description": "Text", "merchant": "Shop", "category": "Kind"}


def test_a_csv_uploaded_through_files_is_imported_and_summed(console: Console) -> None:
    page = console.page
    console.sign_up()
    console.go("files")
    upload = FilePayload(name="bank.csv", mimeType="text/csv", buffer=CSV.encode())
    page.get_by_test_id("file-input").set_input_files(files=upload)
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("upload-status")).to_have_text(f"Uploaded bank.csv ({len(CSV.encode())} bytes).")
    expect(page.get_by_test_id("files-table").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("files-table")).to_contain_text("bank.csv")
    console.shot("files")

    console.go("transactions")
    expect(page.get_by_test_id("import-file").locator("option")).to_have_count(1)
    for name, column in MAPPING.items():
        page.get_by_test_id(f"map-{name}").fill(column)
    page.get_by_test_id("import-file-submit").click()
    expect(page.get_by_test_id("import-file-status")).to_have_text("Imported 3, 0 duplicates skipped.")
    expect(page.get_by_test_id("summary-count")).to_have_text("3")
    expect(page.get_by_test_id("summary-income")).to_have_text("2,500.00")
    expect(page.get_by_test_id("summary-expenses")).to_have_text("92.75")
    expect(page.get_by_test_id("transactions-table")).to_contain_text("Grocer")

    # The same file again: nothing new, every row a duplicate.
    page.get_by_test_id("import-file-submit").click()
    expect(page.get_by_test_id("import-file-status")).to_have_text("Imported 0, 3 duplicates skipped.")

    batch = {"transactions": [{"external_id": "j-1", "date": "2026-01-09", "amount": -40, "category": "fuel"}]}
    page.get_by_test_id("import-json").fill(json.dumps(batch))
    page.get_by_test_id("import-json-submit").click()
    expect(page.get_by_test_id("import-json-status")).to_have_text("Imported 1, 0 duplicates skipped.")
    expect(page.get_by_test_id("summary-count")).to_have_text("4")
    expect(page.get_by_test_id("summary-expenses")).to_have_text("132.75")
    console.shot("transactions")


def test_a_bad_import_shows_the_problem(console: Console) -> None:
    page = console.page
    console.sign_up()
    console.go("transactions")
    console.expect_error(r"status of 4\d\d")
    bad = {"transactions": [{"external_id": "x", "date": "2026-02-31", "amount": 1}]}
    page.get_by_test_id("import-json").fill(json.dumps(bad))
    page.get_by_test_id("import-json-submit").click()
    expect(page.get_by_test_id("error-title")).to_have_text(re.compile(r"^4\d\d \w"))
    expect(page.get_by_test_id("error")).to_contain_text("date")
    expect(page.get_by_test_id("summary-count")).to_have_text("0")
    console.shot("import-problem")
