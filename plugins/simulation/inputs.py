"""A portfolio's inputs: inline in the request, or a CSV file read through the files service."""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass

import msgspec

from framework import FieldError, UnprocessableContent
from generated.simulation.models import AssetInput
from plugins.simulation.engine import Asset

__all__ = ["Portfolio", "parse_csv"]

_COLUMNS = ("name", "weight", "expected_return", "volatility")
_FIELD = "inputs_file_id"


def _name_rules() -> tuple[int, int, re.Pattern[str]]:
    """The contract's rules for an inline asset name (``AssetInput.name``): a CSV name follows the same."""
    info = msgspec.inspect.type_info(AssetInput)
    assert isinstance(info, msgspec.inspect.StructType)
    (field,) = [f for f in info.fields if f.name == "name"]
    rules = field.type
    assert isinstance(rules, msgspec.inspect.StrType)
    assert rules.pattern is not None
    return rules.min_length or 1, rules.max_length or 64, re.compile(rules.pattern)


_NAME_MIN, _NAME_MAX, _NAME_PATTERN = _name_rules()
# Characters that do not show or that reorder text (controls, bidi overrides, zero-width): named in the refusal.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


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


def _check_name(name: str, line: int) -> None:
    if len(name) < _NAME_MIN:
        raise _refuse(f"line {line}: the asset name is empty")
    if len(name) > _NAME_MAX:
        raise _refuse(f"line {line}: the asset name is longer than {_NAME_MAX} characters")
    hidden = next((c for c in name if unicodedata.category(c) in _INVISIBLE), None)
    if hidden is not None:
        raise _refuse(f"line {line}: the asset name contains an invisible or control character (U+{ord(hidden):04X})")
    if _NAME_PATTERN.fullmatch(name) is None:
        raise _refuse(
            f"line {line}: the asset name {name!r} must start with a letter or digit and hold only "
            "letters, digits, spaces and . _ - (as an inline asset name)"
        )


def _asset(cells: dict[str, str], line: int) -> Asset:
    """One asset row, held to the contract's rules for an inline asset."""
    _check_name(cells["name"], line)
    numbers = {c: _number(cells[c], f"line {line} {c}") for c in _COLUMNS[1:]}
    try:
        msgspec.convert({"name": cells["name"], **numbers}, AssetInput)
    except msgspec.ValidationError as error:  # a number out of the range an inline asset allows
        raise _refuse(f"line {line}: {error}") from None
    return Asset(cells["name"], numbers["weight"], numbers["expected_return"], numbers["volatility"])


def parse_csv(data: bytes, *, max_assets: int = 16) -> Portfolio:
    """Assets from a CSV with the header ``name,weight,expected_return,volatility`` and optional correlation columns.

    A correlation column is named after an asset; either every asset has one or none does (uncorrelated).
    Every asset follows the rules of an inline asset (name, ranges); a refusal names the CSV line.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse("it is not UTF-8 text") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        # The line a record starts on, as an editor shows it (a quoted cell may span lines).
        rows: list[tuple[int, list[str]]] = []
        start = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        raise _refuse(f"it is not valid CSV ({error})") from None
    if not rows:
        raise _refuse("it is empty")
    header = [cell.strip() for cell in rows[0][1]]
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
    assets: list[Asset] = []
    seen: dict[str, int] = {}
    for line, row in body:
        if len(row) != len(header):
            raise _refuse(f"line {line} has {len(row)} cells, the header {len(header)}")
        asset = _asset(dict(zip(header, (c.strip() for c in row), strict=True)), line)
        if asset.name in seen:
            raise _refuse(f"line {line}: the asset name {asset.name!r} is already used on line {seen[asset.name]}")
        seen[asset.name] = line
        assets.append(asset)
    names = [a.name for a in assets]
    extra = [c for c in header if c not in _COLUMNS]
    if not extra:
        return Portfolio(tuple(assets))
    if sorted(extra) != sorted(names):
        raise _refuse(f"correlation columns must be named after the assets ({', '.join(names)}), one each")
    correlation = tuple(
        tuple(_number(row[header.index(name)].strip(), f"line {line} {name}") for name in names) for line, row in body
    )
    return Portfolio(tuple(assets), correlation)
