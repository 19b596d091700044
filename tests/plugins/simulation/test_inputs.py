"""Asset names from a CSV follow the rules of inline asset names; a refusal is 422 naming the CSV line."""

from __future__ import annotations

import httpx
import msgspec
import pytest

from framework import UnprocessableContent
from generated.simulation.models import AssetInput
from plugins.simulation.inputs import parse_csv
from tests.conftest import Account, assert_problem
from tests.plugins.simulation.test_api import create, job_count

HEADER = "name,weight,expected_return,volatility\n"


def csv_of(*names: str) -> bytes:
    weight = 1 / len(names)
    return (HEADER + "".join(f'"{name}",{weight},0.05,0.1\n' for name in names)).encode()


def refusal(data: bytes) -> str:
    with pytest.raises(UnprocessableContent) as caught:
        parse_csv(data)
    assert caught.value.status == 422
    return str(caught.value.detail)


def inline_accepts(name: str) -> bool:
    try:
        msgspec.convert({"name": name, "weight": 1.0, "expected_return": 0.05, "volatility": 0.1}, AssetInput)
    except msgspec.ValidationError:
        return False
    return True


NAMES = [
    "stocks",
    "US stocks 2.0",
    "a_b-c.d",
    "7",
    "x" * 64,
    "x" * 65,
    "-leading dash",
    ".hidden",
    "caf\u00e9",
    "\u0410pple",  # a Cyrillic A that looks Latin
    "evil\u202etxt.exe",  # right-to-left override
    "zero\u200bwidth",
    "joiner\u200d",
    "bell\x07",
    "semi;colon",
    "quote'",
]


@pytest.mark.parametrize("name", NAMES, ids=[ascii(n)[:24] for n in NAMES])
def test_a_csv_name_is_accepted_exactly_when_an_inline_name_would_be(name: str) -> None:
    data = csv_of("bonds", name)
    if inline_accepts(name):
        assert [a.name for a in parse_csv(data).assets] == ["bonds", name]
    else:
        detail = refusal(data)
        assert "line 3" in detail, detail


def test_refusals_say_what_is_wrong() -> None:
    assert "U+202E" in refusal(csv_of("evil\u202etxt"))
    assert "U+200B" in refusal(csv_of("zero\u200bwidth"))
    assert "longer than 64" in refusal(csv_of("x" * 65))
    assert "must start with a letter or digit" in refusal(csv_of("-x"))
    assert "line 2: the asset name is empty" in refusal((HEADER + '"",1,0.05,0.1\n').encode())
    assert "line 2: Expected `float` <= 1.0" in refusal((HEADER + "x,1.5,0.05,0.1\n").encode())
    assert "volatility" in refusal((HEADER + "x,1,0.05,2.5\n").encode())


def test_line_numbers_count_blank_lines_and_multiline_cells() -> None:
    blank = (HEADER + "a,0.5,0.05,0.1\n\nb,0.25,0.05,0.1\na,0.25,0.05,0.1\n").encode()
    assert "line 5: the asset name 'a' is already used on line 2" in refusal(blank)
    spanning = (HEADER + '"x\ny",0.5,0.05,0.1\n').encode()  # a newline inside a quoted name
    assert "line 2" in refusal(spanning)
    after = (HEADER + 'a,0.5,"0.05\n",0.1\n-b,0.5,0.05,0.1\n').encode()  # the record on line 2 ends on line 3
    assert "line 4" in refusal(after)


def test_correlation_columns_still_name_the_assets() -> None:
    data = (
        b"name,weight,expected_return,volatility,US stocks,bonds\n"
        b"US stocks,0.5,0.07,0.18,1,0.2\nbonds,0.5,0.03,0.05,0.2,1\n"
    )
    portfolio = parse_csv(data)
    assert [a.name for a in portfolio.assets] == ["US stocks", "bonds"]
    assert portfolio.correlation == ((1.0, 0.2), (0.2, 1.0))


def test_a_csv_with_a_bad_name_is_422_through_the_api(http: httpx.Client, account: Account) -> None:
    data = csv_of("bonds", "stocks\u202e")
    file_id = http.post("/files", files={"file": ("p.csv", data, "text/csv")}, headers=account.auth).json()["id"]
    body = {"inputs_file_id": file_id, "initial_value": 1, "horizon_years": 1, "steps": 1, "paths": 1}
    problem = assert_problem(create(http, account, body), 422)
    assert "line 3" in str(problem["detail"])
    assert "U+202E" in str(problem["detail"])
    assert job_count(http, account) == 0
