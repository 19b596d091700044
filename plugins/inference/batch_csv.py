"""A batch's rows: from a CSV file (a header of feature names, optionally ``id``) or inline, checked in full."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import msgspec
import numpy as np

from framework import FieldError, UnprocessableContent
from generated.inference.models import BatchRow
from plugins.inference.features import check_features, number_problem
from plugins.inference.onnx_model import ModelSchema

__all__ = ["BatchRows", "format_scores", "rows_from_csv", "rows_from_request"]

# A refusal lists at most this many problems: enough to fix a file in a round or two.
_MAX_ERRORS = 20
_ID = "id"


class BatchRows(msgspec.Struct, frozen=True, kw_only=True):
    """The rows to score: their ids (None: their 1-based numbers) and values in the model's feature order."""

    ids: list[str] | None
    values: list[list[float]]


def _refuse(errors: list[FieldError], what: str) -> UnprocessableContent:
    shown = errors[:_MAX_ERRORS]
    more = f" (and {len(errors) - len(shown)} more)" if len(errors) > len(shown) else ""
    return UnprocessableContent(f"{what}: {shown[0].field} {shown[0].message}{more}", errors=shown)


def _file_error(message: str) -> FieldError:
    return FieldError(pointer="/file_id", field="file_id", message=message)


def rows_from_csv(data: bytes, schema: ModelSchema, *, max_rows: int) -> BatchRows:
    """The rows of a CSV file; every bad line (up to 20) is named in one 422."""
    what = "the file is not a CSV of feature sets"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse([_file_error("is not UTF-8 text")], what) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader, [])]
    except csv.Error as error:
        raise _refuse([_file_error(f"line 1 is not valid CSV ({error})")], what) from None
    problems = [f"lacks the column {name}" for name in schema.features if name not in header]
    problems += [
        f"has the column {name!r}, which is not a feature of the model"
        for name in header
        if name not in (*schema.features, _ID)
    ]
    if len(set(header)) != len(header):
        problems.append("names a column twice")
    if problems:
        raise _refuse([_file_error(f"the header {p}") for p in problems], what)
    columns = [header.index(name) for name in schema.features]
    id_column = header.index(_ID) if _ID in header else None
    records: list[tuple[int, list[str]]] = []
    errors: list[FieldError] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(records) >= max_rows:
                raise _refuse([_file_error(f"has more than {max_rows} rows, the most one job scores")], what)
            if len(cells) != len(header):
                errors.append(_file_error(f"line {reader.line_num} has {len(cells)} cells, the header {len(header)}"))
            records.append((reader.line_num, cells))
    except csv.Error as error:
        errors.append(_file_error(f"line {reader.line_num} is not valid CSV ({error})"))
    if errors:
        raise _refuse(errors, what)
    if not records:
        raise _refuse([_file_error("has a header but no rows")], what)
    values = _fast_values(records, columns, schema)
    if values is None:  # something is wrong: find and name each bad cell
        raise _refuse(_cell_errors(records, columns, schema), what)
    ids = [cells[id_column].strip() for _, cells in records] if id_column is not None else None
    return BatchRows(ids=ids, values=values.tolist())


def _fast_values(records: list[tuple[int, list[str]]], columns: list[int], schema: ModelSchema) -> np.ndarray | None:
    """Every cell as a number, converted by numpy at once; None when any is not a number or out of range."""
    try:
        values = np.array([[cells[c] for c in columns] for _, cells in records], dtype=np.float64)
    except ValueError:
        return None
    if not np.isfinite(values).all():
        return None
    for i, name in enumerate(schema.features):
        low, high = schema.ranges.get(name, (None, None))
        if (low is not None and (values[:, i] < low).any()) or (high is not None and (values[:, i] > high).any()):
            return None
    return values


def _cell_errors(records: list[tuple[int, list[str]]], columns: list[int], schema: ModelSchema) -> list[FieldError]:
    """Each cell that is not a number in its feature's range, named by line and feature (the first few)."""
    errors: list[FieldError] = []
    for line, cells in records:
        for name, column in zip(schema.features, columns, strict=True):
            try:
                value = float(cells[column])
            except ValueError:
                errors.append(_file_error(f"line {line} {name}: {cells[column][:40]!r} is not a number"))
                continue
            problem = number_problem(value, schema.ranges.get(name))
            if problem is not None:
                errors.append(_file_error(f"line {line} {name} {problem}"))
        if len(errors) > _MAX_ERRORS:
            break
    return errors


def rows_from_request(rows: Sequence[BatchRow], schema: ModelSchema) -> BatchRows:
    """Inline rows, each checked as ``predict`` checks its features."""
    errors = [e for i, row in enumerate(rows) for e in check_features(schema, row.features, f"rows.{i}.features")]
    if errors:
        raise _refuse(errors, "a row is not a feature set of the model")
    given = [row.id for row in rows]
    ids = [g if isinstance(g, str) else str(i) for i, g in enumerate(given, start=1)]
    values = [[float(row.features[name]) for name in schema.features] for row in rows]
    return BatchRows(ids=ids if any(isinstance(g, str) for g in given) else None, values=values)


def format_scores(first_row: int, ids: list[str] | None, scores: Sequence[float], labels: Sequence[str]) -> str:
    """CSV lines ``id,score,label`` of a chunk starting at row index ``first_row`` (0-based)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for offset, (score, label) in enumerate(zip(scores, labels, strict=True)):
        index = first_row + offset
        writer.writerow((ids[index] if ids is not None else index + 1, format(score, ".8g"), label))
    return out.getvalue()
