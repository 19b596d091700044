"""Golden-file tests of the generator on a small fixture contract.

Regenerate the golden files after an intended generator change with
``UPDATE_GOLDEN=1 uv run pytest tests/codegen``, and review the diff.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from framework.codegen import ContractError, check, generate, render_package
from framework.codegen._bundle import bundle_contract
from framework.codegen._render import render_operations, render_routes, render_service
from framework.codegen._spec import read_operations
from framework.runtime import GENERATOR_VERSION

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "shop.yaml"
GOLDEN = HERE / "golden" / "shop"
DISPLAY = "tests/codegen/fixtures/shop.yaml"


def test_generated_files_match_golden() -> None:
    files = render_package("shop", FIXTURE, DISPLAY)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
    expected = {p.name: p.read_text(encoding="utf-8") for p in GOLDEN.iterdir() if p.is_file()}
    assert sorted(files) == sorted(expected)
    for name, text in files.items():
        assert text == expected[name], f"{name} differs from its golden file"


def test_generation_is_deterministic() -> None:
    assert render_package("shop", FIXTURE, DISPLAY) == render_package("shop", FIXTURE, DISPLAY)


def test_a_contract_without_webhooks_gets_no_events_module(tmp_path: Path) -> None:
    import yaml

    contract = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    del contract["webhooks"]
    shutil.copy(FIXTURE.parent / "shared.yaml", tmp_path / "shared.yaml")
    quiet = tmp_path / "shop.yaml"
    quiet.write_text(yaml.safe_dump(contract), encoding="utf-8")
    files = render_package("shop", quiet, DISPLAY)
    assert "events.py" not in files  # the framework reads a missing events module as no events
    assert "required=" not in files["operations.py"]  # nothing reads it off an operation's parameters


def test_every_file_says_do_not_edit_and_names_its_contract() -> None:
    for name, text in render_package("shop", FIXTURE, DISPLAY).items():
        if name.endswith(".py"):
            assert text.startswith("# DO NOT EDIT"), name
            assert DISPLAY in text.splitlines()[0], name
            assert "202" not in text.splitlines()[0]  # no timestamp


def test_models_have_real_types() -> None:
    models = (GOLDEN / "models.py").read_text(encoding="utf-8")
    assert "class OrderStatus(StrEnum):" in models
    assert "id: UUID" in models
    assert "placed_at: datetime" in models
    assert 'tag_field="kind", tag="card"' in models
    assert "Payment: TypeAlias = CardPayment | BankTransfer" in models
    assert "class NewOrder(Struct, kw_only=True, forbid_unknown_fields=True)" in models


def _copy_project(tmp_path: Path) -> Path:
    (tmp_path / "contracts").mkdir()
    shutil.copy(FIXTURE, tmp_path / "contracts" / "shop.yaml")
    shutil.copy(HERE / "fixtures" / "shared.yaml", tmp_path / "contracts" / "shared.yaml")
    return tmp_path


def test_check_reports_drift_and_stale_files(tmp_path: Path) -> None:
    root = _copy_project(tmp_path)
    generate(root / "contracts", root / "generated", root)
    assert check(root / "contracts", root / "generated", root) == []

    routes = root / "generated" / "shop" / "routes.py"
    routes.write_text(routes.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    (root / "generated" / "shop" / "extra.py").write_text("", encoding="utf-8")
    drift = {d.path.name for d in check(root / "contracts", root / "generated", root)}
    assert drift == {"routes.py", "extra.py"}


def test_gen_check_command_exits_non_zero_on_drift(tmp_path: Path) -> None:
    root = _copy_project(tmp_path)
    turnout = str(Path(sys.executable).parent / "turnout")
    assert subprocess.run([turnout, "gen"], cwd=root, capture_output=True, check=False).returncode == 0
    clean = subprocess.run([turnout, "gen", "--check"], cwd=root, capture_output=True, text=True, check=False)
    assert clean.returncode == 0, clean.stderr
    contract = root / "contracts" / "shop.yaml"
    contract.write_text(contract.read_text(encoding="utf-8").replace("maximum: 99", "maximum: 98"), encoding="utf-8")
    drifted = subprocess.run([turnout, "gen", "--check"], cwd=root, capture_output=True, text=True, check=False)
    assert drifted.returncode == 1
    assert "le=98" in drifted.stderr


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (("operationId: getOrder", "summary: no id"), "has no operationId"),
        (("operationId: cancelOrder", "operationId: getOrder"), "used twice"),
        (('"#/components/schemas/Order"}\n        "404"', '"#/components/schemas/Nope"}\n        "404"'), "unresolved"),
        (("x-turnout-retention: transient", "x-turnout-retention: forever"), "must be durable or transient"),
    ],
)
def test_contract_errors_name_the_problem(tmp_path: Path, mutation: tuple[str, str], message: str) -> None:
    root = _copy_project(tmp_path)
    contract = root / "contracts" / "shop.yaml"
    text = contract.read_text(encoding="utf-8")
    assert mutation[0] in text
    contract.write_text(text.replace(mutation[0], mutation[1], 1), encoding="utf-8")
    with pytest.raises(ContractError, match=message):
        render_package("shop", contract, "shop.yaml")


_ORDER_AS_JSON = 'application/json:\n              schema: {$ref: "#/components/schemas/Order"}\n        "404"'


def test_a_text_event_stream_response_is_a_streamed_download_sent_as_events(tmp_path: Path) -> None:
    root = _copy_project(tmp_path)
    contract = root / "contracts" / "shop.yaml"
    text = contract.read_text(encoding="utf-8")
    assert _ORDER_AS_JSON in text
    events = 'text/event-stream:\n              schema: {type: string}\n        "404"'
    contract.write_text(text.replace(_ORDER_AS_JSON, events, 1), encoding="utf-8")
    # The renderers alone (no models, no formatting): what an event stream changes is in these.
    operations, types = read_operations(bundle_contract(contract), "shop.yaml")
    args = ("shop", "shop.yaml", operations, types.models, types.imports, GENERATOR_VERSION)
    assert "-> Download:" in render_service(*args)
    assert "rt.event_stream_response(" in render_routes(*args)
    assert "streaming=True" in render_operations(*args)  # the transfer deadline, not a call's


def test_a_text_event_stream_response_must_be_a_string(tmp_path: Path) -> None:
    root = _copy_project(tmp_path)
    contract = root / "contracts" / "shop.yaml"
    events = 'text/event-stream:\n              schema: {type: object}\n        "404"'
    contract.write_text(contract.read_text(encoding="utf-8").replace(_ORDER_AS_JSON, events, 1), encoding="utf-8")
    with pytest.raises(ContractError, match="text/event-stream response's schema is a string"):
        render_package("shop", contract, "shop.yaml")
