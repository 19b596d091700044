"""Every JSON body of every contract shows an example, and the example satisfies its own schema."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from framework.codegen._bundle import bundle_contract
from tests.contract._examples import bodies, example_problems

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
PLUGIN_CONTRACTS = sorted(path for path in CONTRACTS.glob("*.yaml") if path.name != "common.yaml")


@pytest.mark.parametrize("contract", PLUGIN_CONTRACTS, ids=lambda path: path.stem)
def test_every_body_has_an_example_its_schema_accepts(contract: Path) -> None:
    document = bundle_contract(contract)
    assert list(bodies(document)), f"{contract.name} has no JSON bodies to check"
    assert example_problems(document) == []


def _a_register_body(document: dict[str, Any]) -> dict[str, Any]:
    media: dict[str, Any] = document["paths"]["/auth/register"]["post"]["requestBody"]["content"]["application/json"]
    return media


def test_the_lint_catches_a_missing_example_and_a_wrong_one() -> None:
    document = bundle_contract(CONTRACTS / "auth.yaml")
    missing = copy.deepcopy(document)
    del missing["components"]["schemas"]["RegisterRequest"]["examples"]
    assert example_problems(missing) == ["POST /auth/register request application/json: no example"]
    wrong = copy.deepcopy(document)
    _a_register_body(wrong)["example"] = {"email": "not an address", "password": "short"}
    problems = example_problems(wrong)
    assert len(problems) == 2, problems
    assert all(p.startswith("POST /auth/register request application/json: example ") for p in problems)
    assert any("email" in p for p in problems)
    assert any("password" in p for p in problems)
