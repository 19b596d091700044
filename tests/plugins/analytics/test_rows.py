"""Reading transactions from CSV and XLSX bytes and JSON batches: columns, mapping, line numbers, refusals."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import Workbook

from framework import UnprocessableContent
from generated.analytics.models import ColumnMapping, ImportFormat, NewTransaction
from plugins.analytics.rows import cents_of, from_batch, from_table
from plugins.analytics.tables_io import detect_format, read_rows


def parse_csv(text: str, mapping: ColumnMapping | None = None, cap: int = 100) -> list[tuple[object, ...]]:
    return [tuple(r) for r in from_table(read_rows(text.encode(), ImportFormat.csv), mapping, cap)]


def refusal(text: str, mapping: ColumnMapping | None = None, cap: int = 100) -> list[str]:
    with pytest.raises(UnprocessableContent) as caught:
        parse_csv(text, mapping, cap)
    return [f"{e.field}: {e.message}" for e in caught.value.errors or []]


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_cents_are_exact_for_two_decimals_and_refused_beyond() -> None:
    assert [cents_of(a) for a in (0.1, 12.34, -1250.0, 0.07, 999999.99)] == [10, 1234, -125000, 7, 99999999]
    assert [cents_of(a) for a in (1.005, 0.001, 1e13)] == [None, None, None]


def test_csv_columns_by_default_name() -> None:
    rows = parse_csv(
        "date,amount,description,merchant,category,external_id\n"
        "2026-01-02,-12.5,Lunch,Cafe,dining,e1\n"
        "2026-01-03,3000,,,,e2\n"
    )
    assert rows == [
        ("e1", date(2026, 1, 2), -1250, "Lunch", "Cafe", "dining"),
        ("e2", date(2026, 1, 3), 300000, "", "", "uncategorized"),
    ]


def test_a_mapping_names_other_columns_and_unknown_extra_columns_are_ignored() -> None:
    mapping = ColumnMapping(date="Booking date", amount="Betrag", external_id="Ref")
    rows = parse_csv("Ref,Booking date,Betrag,Notes\nr1,2026-02-01,+7.10,x\n", mapping)
    assert rows == [("r1", date(2026, 2, 1), 710, "", "", "uncategorized")]


def test_missing_required_or_mapped_columns_are_named() -> None:
    assert refusal("date,description\n2026-01-01,x\n") == ["mapping: no column for amount (column 'amount')"]
    mapping = ColumnMapping(merchant="Shop")
    assert refusal("date,amount\n2026-01-01,1\n", mapping) == ["mapping: no column for merchant (column 'Shop')"]


def test_bad_rows_are_listed_by_line_and_nothing_returned() -> None:
    text = (
        "date,amount,description\n"
        "2026-01-01,1.00,ok\n"
        "\n"  # blank lines are skipped but still counted
        "2026-13-01,1.00,bad date\n"
        '2026-01-02,1.005,"multi\nline"\n'
        "2026-01-03,12abc," + "x" * 501 + "\n"
    )
    assert refusal(text) == [
        "line 4: date '2026-13-01' is not a date (YYYY-MM-DD)",
        "line 5: amount '1.005' is not a number with at most two decimals ('.' decimal point)",
        "line 7: description is longer than 500 characters; amount '12abc' is not a number with at most two "
        "decimals ('.' decimal point)",
    ]


def test_too_many_rows_and_bad_files_are_refused() -> None:
    many = "date,amount\n" + "2026-01-01,1\n" * 4
    assert refusal(many, cap=3) == ["file_id: at most 3 transactions per import"]
    assert refusal("") == ["file_id: empty"]
    with pytest.raises(UnprocessableContent):
        list(read_rows(b"\xff\xfe not utf-8", ImportFormat.csv))
    with pytest.raises(UnprocessableContent):
        list(read_rows(b"PK\x03\x04 not a workbook", ImportFormat.xlsx))


def test_without_external_ids_rows_get_stable_ids_from_their_content() -> None:
    text = "date,amount,merchant\n2026-01-01,-5,Cafe\n2026-01-01,-5,Cafe\n2026-01-02,-5,Cafe\n"
    first = [r[0] for r in parse_csv(text)]
    assert len(set(first)) == 3  # the same content twice is two transactions
    assert [r[0] for r in parse_csv(text)] == first  # and the same ids on a second import


def test_xlsx_rows_with_date_and_number_cells() -> None:
    header = ["date", "amount", "merchant", "external_id"]
    data = xlsx([header, [datetime(2026, 3, 1), -19.99, "Shop", 1001], [None] * 4, ["2026-03-02", "12.50", 42, "x2"]])
    assert detect_format("upload.bin", "application/octet-stream", data) is ImportFormat.xlsx
    assert [tuple(r) for r in from_table(read_rows(data, ImportFormat.xlsx), None, 100)] == [
        ("1001", date(2026, 3, 1), -1999, "", "Shop", "uncategorized"),
        ("x2", date(2026, 3, 2), 1250, "", "42", "uncategorized"),
    ]


def test_bad_xlsx_rows_are_named_by_their_sheet_row() -> None:
    data = xlsx([["date", "amount"], [date(2026, 3, 1), 1], [None, None], ["not a date", "abc"]])
    with pytest.raises(UnprocessableContent) as caught:
        from_table(read_rows(data, ImportFormat.xlsx), None, 100)
    assert [e.field for e in caught.value.errors or []] == ["line 4"]


def test_format_detection_by_name_then_type_then_content() -> None:
    assert detect_format("a.CSV", "application/octet-stream", b"PK\x03\x04") is ImportFormat.csv
    assert detect_format("a.xlsx", "text/csv", b"") is ImportFormat.xlsx
    assert detect_format("a", "text/csv", b"PK\x03\x04") is ImportFormat.csv
    assert detect_format("a", "application/octet-stream", b"date,amount") is ImportFormat.csv


def test_a_batch_refuses_sub_cent_amounts_by_index() -> None:
    batch = [NewTransaction(external_id=str(i), date=date(2026, 1, 1), amount=a) for i, a in enumerate([1.0, 0.125])]
    with pytest.raises(UnprocessableContent) as caught:
        from_batch(batch, 10)
    assert [e.pointer for e in caught.value.errors or []] == ["/transactions/1/amount"]
    with pytest.raises(UnprocessableContent):
        from_batch(batch[:1] * 3, 2)


def test_dates_outside_the_ledger_bounds_are_bad_rows_in_files_and_batches() -> None:
    assert refusal("date,amount\n1899-12-31,-1\n2026-01-01,-1\n3000-01-01,-1\n") == [
        "line 2: date 1899-12-31 is outside 1900-01-01..2999-12-31",
        "line 4: date 3000-01-01 is outside 1900-01-01..2999-12-31",
    ]
    batch = [
        NewTransaction(external_id="early", date=date(1, 1, 1), amount=-1.0),
        NewTransaction(external_id="fine", date=date(1900, 1, 1), amount=-1.0),
    ]
    with pytest.raises(UnprocessableContent) as caught:
        from_batch(batch, 10)
    assert [e.field for e in caught.value.errors or []] == ["transactions.0.date"]
