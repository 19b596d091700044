"""Transactions to store, checked one by one: from a JSON batch, or from a table of cells (CSV, XLSX)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from framework import FieldError, UnprocessableContent
from generated.analytics.models import ColumnMapping, NewTransaction

__all__ = ["FIELDS", "BadRows", "Cell", "Cells", "NewRow", "from_batch", "from_table"]

FIELDS = ("date", "amount", "description", "merchant", "category", "external_id")
_REQUIRED = ("date", "amount")
# The most any amount may be, in cents (the contract's Money bound).
_MAX_CENTS = 100_000_000_000_000
_AMOUNT = re.compile(r"[+-]?\d+(?:\.\d{1,2})?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Longest text per field, as the contract allows for a JSON transaction.
_LIMITS = {"external_id": 200, "description": 500, "merchant": 200, "category": 100}
DEFAULT_CATEGORY = "uncategorized"
# Bad rows listed in one refusal; the detail counts them all.
_LISTED = 100

Cell = str | int | float | date | datetime | None
Cells = Sequence[Cell]


class NewRow(NamedTuple):
    """A transaction checked and ready to store (amount in whole cents)."""

    external_id: str
    date: date
    amount_cents: int
    description: str
    merchant: str
    category: str


@dataclass
class BadRows:
    """Every bad row of one import; raised as one 422 naming each (the first hundred)."""

    errors: list[FieldError] = field(default_factory=list)

    def add(self, where: str, message: str, pointer: str | None = None) -> None:
        self.errors.append(FieldError(field=where, message=message, pointer=pointer))

    def check(self, what: str) -> None:
        if not self.errors:
            return
        count = len(self.errors)
        listed = "" if count <= _LISTED else f"; the first {_LISTED} are listed"
        raise UnprocessableContent(
            f"{what} has {count} bad row{'s' if count > 1 else ''}{listed}; nothing was imported",
            errors=self.errors[:_LISTED],
        )


def too_many(what: str, count: int, cap: int, where: str) -> UnprocessableContent:
    return UnprocessableContent(
        f"{what} holds {count} transactions; at most {cap} per import",
        errors=[FieldError(field=where, message=f"at most {cap} transactions per import")],
    )


# Transaction dates lie in these bounds: a ledger needs no other, and a page cursor outside them is forged.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)


def date_problem(day: date) -> str | None:
    """Why ``day`` cannot be a transaction's date, or None."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return f"date {day.isoformat()} is outside {EARLIEST_DATE.isoformat()}..{LATEST_DATE.isoformat()}"


def cents_of(amount: float) -> int | None:
    """``amount`` in whole cents, or None when it has more than two decimals or is out of range."""
    cents = round(amount * 100)
    # Exact for any amount written with two decimals: the nearest double to c/100 is the amount itself.
    if cents / 100 != amount or abs(cents) > _MAX_CENTS:
        return None
    return cents


def from_batch(transactions: Sequence[NewTransaction], cap: int) -> list[NewRow]:
    """A JSON batch, every transaction checked (the schema already held their types and lengths)."""
    if len(transactions) > cap:
        raise too_many("the batch", len(transactions), cap, "transactions")
    bad = BadRows()
    rows: list[NewRow] = []
    for index, t in enumerate(transactions):
        if (problem := date_problem(t.date)) is not None:
            bad.add(f"transactions.{index}.date", problem, f"/transactions/{index}/date")
            continue
        cents = cents_of(t.amount)
        if cents is None:
            where = f"transactions.{index}.amount"
            bad.add(where, f"{t.amount!r} is not an amount in whole cents", f"/transactions/{index}/amount")
            continue
        description = t.description if isinstance(t.description, str) else ""
        merchant = t.merchant if isinstance(t.merchant, str) else ""
        category = t.category if isinstance(t.category, str) else DEFAULT_CATEGORY
        rows.append(NewRow(t.external_id, t.date, cents, description, merchant, category))
    bad.check("the batch")
    return rows


def _columns(header: Cells, mapping: ColumnMapping | None) -> dict[str, int]:
    """Where each field is in the header; a required column missing is a 422 naming it."""
    names = [_text(cell).strip() for cell in header]
    wanted = {f: getattr(mapping, f) if mapping is not None else None for f in FIELDS}
    found: dict[str, int] = {}
    missing: list[str] = []
    for name in FIELDS:
        column = wanted[name] if isinstance(wanted[name], str) else name
        if column in names:
            found[name] = names.index(column)
        elif name in _REQUIRED or isinstance(wanted[name], str):
            missing.append(f"{name} (column {column!r})")
    if missing:
        raise UnprocessableContent(
            f"the file's header lacks {', '.join(missing)}; it has {', '.join(repr(n) for n in names if n)}",
            errors=[FieldError(field="mapping", message=f"no column for {m}") for m in missing],
        )
    return found


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return str(cell)


def _date(cell: Cell) -> date | str:
    """The cell as a date, or why it is not one."""
    if isinstance(cell, datetime):
        return date_problem(cell.date()) or cell.date()
    if isinstance(cell, date):
        return date_problem(cell) or cell
    text = _text(cell).strip()
    if _DATE.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return date_problem(day) or day
    return f"date {text!r} is not a date (YYYY-MM-DD)"


def _cents(cell: Cell) -> int | str:
    """The cell as whole cents, or why it is not an amount."""
    if isinstance(cell, bool):
        return f"amount {cell!r} is not a number"
    if isinstance(cell, int | float):
        cents = cents_of(float(cell))
        return cents if cents is not None else f"amount {cell!r} is not an amount in whole cents"
    text = _text(cell).strip()
    if not _AMOUNT.fullmatch(text):
        return f"amount {text!r} is not a number with at most two decimals ('.' decimal point)"
    whole, _, fraction = text.lstrip("+-").partition(".")
    cents = int(whole) * 100 + int(fraction.ljust(2, "0") or 0)
    cents = -cents if text.startswith("-") else cents
    return cents if abs(cents) <= _MAX_CENTS else f"amount {text!r} is out of range"


def _field_text(name: str, cell: Cell) -> str | tuple[str]:
    """A text field's value, or (why it is bad,)."""
    text = _text(cell).strip()
    if len(text) > _LIMITS[name]:
        return (f"{name} is longer than {_LIMITS[name]} characters",)
    controls = "\x00" if name == "description" else None
    bad = ("\x00" in text) if controls else _CONTROL.search(text) is not None
    if bad:
        return (f"{name} contains a control character",)
    return text


def from_table(rows: Iterable[tuple[int, Cells]], mapping: ColumnMapping | None, cap: int) -> list[NewRow]:
    """Rows of a CSV or XLSX sheet (line number, cells), the first being the header."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        raise UnprocessableContent("the file is empty", errors=[FieldError(field="file_id", message="empty")])
    columns = _columns(first[1], mapping)
    bad = BadRows()
    result: list[NewRow] = []
    seen: dict[tuple[date, int, str, str], int] = {}
    for count, (line, cells) in enumerate(iterator, start=1):
        if count > cap:
            raise too_many("the file", count, cap, "file_id")
        values = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        problems: list[str] = []
        day = _date(values["date"])
        cents = _cents(values["amount"])
        texts: dict[str, str] = {}
        for name in ("description", "merchant", "category", "external_id"):
            value = _field_text(name, values.get(name))
            if isinstance(value, tuple):
                problems.append(value[0])
            else:
                texts[name] = value
        if isinstance(day, str):
            problems.append(day)
        if isinstance(cents, str):
            problems.append(cents)
        if "external_id" in columns and texts.get("external_id") == "":
            problems.append("external_id is empty")
        if problems:
            bad.add(f"line {line}", "; ".join(problems))
            continue
        assert isinstance(day, date)  # a str would have been a problem above
        assert isinstance(cents, int)
        description, merchant = texts["description"], texts["merchant"]
        external_id = texts["external_id"]
        if "external_id" not in columns:
            key = (day, cents, description, merchant)
            seen[key] = seen.get(key, 0) + 1
            external_id = _derived_id(day, cents, description, merchant, seen[key])
        category = texts["category"] or DEFAULT_CATEGORY
        result.append(NewRow(external_id, day, cents, description, merchant, category))
    bad.check("the file")
    return result


def _derived_id(day: date, cents: int, description: str, merchant: str, occurrence: int) -> str:
    """An id from a row's content and how often that content came before it, so a re-import repeats it."""
    digest = hashlib.sha256(f"{day}|{cents}|{description}|{merchant}|{occurrence}".encode()).hexdigest()
    return f"sha256:{digest[:40]}"
