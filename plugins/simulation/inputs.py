"""A portfolio's inputs: inline in the request, or a CSV file read through the files service."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from framework import FieldError, UnprocessableContent
from plugins.simulation.engine import Asset

__all__ = ["Portfolio", "parse_csv"]

_COLUMNS = ("name", "weight", "expected_return", "volatility")
_FIELD = "inputs_file_id"


@dataclass(frozen=True, slots=True)
class Portfolio:
    """The assets and their correlation matrix (uncorrelated when none is given)."""

    assets: tuple[Asset, ...]
    correlation: tuple[tuple[float, ...], ...] | None = None

    def correlation_matrix(self) -> tuple[tuple[float, ...], ...]:
        return self.correlation if self.correlation is not None else _identity(len(self.assets))


def _identity(n: int) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(1.0 if i == j else 0.0 for j in range(n)) for i in range(n))


def _refuse(message: str) -> UnprocessableContent:
    return UnprocessableContent(
        f"the inputs file is not a usable portfolio: {message}", errors=[FieldError(field=_FIELD, message=message)]
    )


def _number(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _refuse(f"{where}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise _refuse(f"{where}: {text!r} is not a finite number")
    return value


def parse_csv(data: bytes, *, max_assets: int = 16) -> Portfolio:
    """Assets from a CSV with the header ``name,weight,expected_return,volatility`` and optional correlation columns.

    A correlation column is named after an asset; either every asset has one or none does (uncorrelated).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse("it is not UTF-8 text") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise _refuse(f"it is not valid CSV ({error})") from None
    if not rows:
        raise _refuse("it is empty")
    header = [cell.strip() for cell in rows[0]]
    missing = [c for c in _COLUMNS if c not in header]
    if missing:
        raise _refuse(f"the header lacks {', '.join(missing)} (expected {','.join(_COLUMNS)})")
    if len(set(header)) != len(header):
        raise _refuse("the header names a column twice")
    body = rows[1:]
    if not body:
        raise _refuse("it has a header but no assets")
    if len(body) > max_assets:
        raise _refuse(f"it has {len(body)} assets; at most {max_assets} are supported")
    assets = []
    for line, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise _refuse(f"line {line} has {len(row)} cells, the header {len(header)}")
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        assets.append(
            Asset(
                name=cells["name"],
                weight=_number(cells["weight"], f"line {line} weight"),
                expected_return=_number(cells["expected_return"], f"line {line} expected_return"),
                volatility=_number(cells["volatility"], f"line {line} volatility"),
            )
        )
    names = [a.name for a in assets]
    if any(not name for name in names) or len(set(names)) != len(names):
        raise _refuse("every asset needs a name of its own")
    extra = [c for c in header if c not in _COLUMNS]
    if not extra:
        return Portfolio(tuple(assets))
    if sorted(extra) != sorted(names):
        raise _refuse(f"correlation columns must be named after the assets ({', '.join(names)}), one each")
    correlation = tuple(
        tuple(_number(row[header.index(name)].strip(), f"line {line} {name}") for name in names)
        for line, row in enumerate(body, start=2)
    )
    return Portfolio(tuple(assets), correlation)
