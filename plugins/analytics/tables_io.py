"""The rows of an uploaded CSV or XLSX file, each with the line it is on, for an import."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from framework import FieldError, UnprocessableContent
from generated.analytics.models import ImportFormat
from plugins.analytics.rows import Cell, Cells

__all__ = ["detect_format", "read_rows"]

_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refuse(message: str) -> UnprocessableContent:
    return UnprocessableContent(
        f"the file cannot be imported: {message}", errors=[FieldError(field="file_id", message=message)]
    )


def detect_format(filename: str, content_type: str, data: bytes) -> ImportFormat:
    """The format from the file's name, then its media type, then its first bytes (XLSX is a zip)."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return ImportFormat.xlsx
    if name.endswith(".csv"):
        return ImportFormat.csv
    media = content_type.split(";")[0].strip().lower()
    if media == _XLSX_TYPE:
        return ImportFormat.xlsx
    if media in ("text/csv", "text/plain"):
        return ImportFormat.csv
    return ImportFormat.xlsx if data.startswith(b"PK\x03\x04") else ImportFormat.csv


def read_rows(data: bytes, fmt: ImportFormat) -> Iterator[tuple[int, Cells]]:
    """Non-empty rows as (line number, cells): the CSV line a record starts on, or the sheet's row number."""
    return _csv_rows(data) if fmt is ImportFormat.csv else _xlsx_rows(data)


def _csv_rows(data: bytes) -> Iterator[tuple[int, Cells]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse("it is not UTF-8 text (as a CSV must be)") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise _refuse(f"it is not valid CSV at line {start} ({error})") from None


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, Cells]]:
    from openpyxl import load_workbook  # only where a workbook is read

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises its own types for malformed parts: the file's fault, not ours
        raise _refuse(f"it is not a readable XLSX workbook ({type(error).__name__})") from None
    try:
        if not book.worksheets:
            raise _refuse("the workbook has no sheet")
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if any(cell is not None and str(cell).strip() for cell in row):
                yield number, [_cell(cell) for cell in row]
    finally:
        book.close()


def _cell(value: object) -> Cell:
    """A cell's value as the row reader takes it (dates stay dates; a time or an error code becomes text)."""
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)
