"""Every edge the code has carries a pact: a consumer test that writes it and a provider test that verifies it.

The edges are read from the plugins themselves (``Plugin.calls``: the contracts a plugin calls;
``Plugin.consumes``: the events it handles, whose publisher is the plugin the event is named after,
or ``turnout``, the framework, for its own events such as ``turnout.usage``), so a new ``calls=``
or ``consumes=`` without its pact fails here, not in production.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framework._events import Event
from framework._plugin import Plugin, discover_plugins
from framework._usage import FRAMEWORK_EVENTS, FRAMEWORK_PUBLISHER
from tests.pacts._harness import PACTS_DIR

TESTS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, order=True)
class Edge:
    consumer: str
    provider: str
    event: str | None = None  # set for an event edge: the event the consumer handles

    def __str__(self) -> str:
        return f"{self.consumer} -> {self.provider}" + (f" ({self.event})" if self.event else "")


def publisher(event: Event[Any]) -> str:
    """Who publishes ``event``: the framework for its own events, else the plugin it is named after."""
    return FRAMEWORK_PUBLISHER if event.name in FRAMEWORK_EVENTS else event.name.partition(".")[0]


def edges(plugins: dict[str, Plugin[Any, Any]]) -> list[Edge]:
    """The calls and event subscriptions between plugins (and the framework), as the plugins declare them."""
    found = {Edge(name, contract.name) for name, plugin in plugins.items() for contract in plugin.calls}
    found |= {Edge(name, publisher(event), event.name) for name, plugin in plugins.items() for event in plugin.consumes}
    # A plugin that handles its own event (admin records its admin.action) crosses no edge.
    found = {edge for edge in found if edge.consumer != edge.provider}
    # A call and an event between the same two sides: the call (no event) sorts first.
    return sorted(found, key=lambda edge: (edge.consumer, edge.provider, edge.event or ""))


def missing_pacts(found: list[Edge], pacts_dir: Path = PACTS_DIR, tests_dir: Path = TESTS_DIR) -> list[str]:
    """What each edge lacks: its committed pact (with the event, for an event edge), consumer test, provider test."""
    problems = []
    for edge in found:
        pact_file = pacts_dir / f"{edge.consumer}-{edge.provider}.json"
        if not pact_file.is_file():
            problems.append(f"{edge}: no pact {pact_file.name}")
        elif edge.event is not None:
            descriptions = [i.get("description", "") for i in json.loads(pact_file.read_text())["interactions"]]
            if not any(edge.event in description for description in descriptions):
                problems.append(f"{edge}: {pact_file.name} has no message interaction naming {edge.event}")
        consumer_test = tests_dir / f"test_{edge.consumer}_{edge.provider}_consumer.py"
        if f'assert_pact_committed(tmp_path, "{edge.consumer}", "{edge.provider}")' not in _text(consumer_test):
            problems.append(f"{edge}: no consumer test {consumer_test.name} that records and checks the pact")
        provider_test = tests_dir / f"test_{edge.provider}_provider.py"
        if f'verify_provider("{edge.provider}"' not in _text(provider_test):
            problems.append(f"{edge}: no provider test {provider_test.name} that verifies {edge.provider}")
    return problems


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def test_every_edge_has_a_consumer_pact_and_a_provider_verification() -> None:
    found = edges(discover_plugins())
    assert [str(edge) for edge in found] == [
        "admin -> auth",
        "admin -> auth (auth.api_key_created)",
        "admin -> auth (auth.api_key_revoked)",
        "admin -> auth (auth.login_failed)",
        "admin -> auth (auth.login_succeeded)",
        "admin -> auth (auth.password_changed)",
        "admin -> auth (auth.role_changed)",
        "admin -> auth (auth.user_disabled)",
        "admin -> auth (auth.user_enabled)",
        "admin -> auth (auth.user_registered)",
        "admin -> files (files.deleted)",
        "admin -> notifications",
        "admin -> turnout (turnout.usage)",
        "analytics -> files",
        "analytics -> files (files.uploaded)",
        "analytics -> simulation (simulation.completed)",
        "analytics -> turnout (turnout.usage)",
        "files -> admin",
        "files -> auth",
        "guidance -> analytics",
        "guidance -> inference",
        "guidance -> simulation",
        "inference -> files",
        "notifications -> auth",
        "notifications -> auth (auth.api_key_created)",
        "notifications -> auth (auth.password_changed)",
        "notifications -> auth (auth.user_registered)",
        "notifications -> files (files.deleted)",
        "notifications -> files (files.uploaded)",
        "notifications -> simulation (simulation.completed)",
        "notifications -> simulation (simulation.failed)",
        "notifications -> turnout (turnout.job_finished)",
        "notifications -> turnout (turnout.job_progress)",
        "simulation -> admin",
        "simulation -> files",
    ]
    assert missing_pacts(found) == []


def test_an_edge_without_a_pact_is_caught(tmp_path: Path) -> None:
    plugins = discover_plugins()
    listens = Plugin(
        name="ledger",
        contract=plugins["files"].contract,
        config_type=plugins["files"].config_type,
        create_service=plugins["files"].create_service,
        calls=(plugins["auth"].contract,),
        consumes=(Event("files.uploaded", dict),),
    )
    found = edges({"ledger": listens})
    assert [str(edge) for edge in found] == ["ledger -> auth", "ledger -> files (files.uploaded)"]
    assert missing_pacts(found) == [
        "ledger -> auth: no pact ledger-auth.json",
        "ledger -> auth: no consumer test test_ledger_auth_consumer.py that records and checks the pact",
        "ledger -> files (files.uploaded): no pact ledger-files.json",
        "ledger -> files (files.uploaded): no consumer test test_ledger_files_consumer.py"
        " that records and checks the pact",
    ]
    # A pact that exists but does not mention the event is not enough.
    (tmp_path / "ledger-files.json").write_text(json.dumps({"interactions": [{"description": "something else"}]}))
    event_edge = [edge for edge in found if edge.event]
    assert missing_pacts(event_edge, tmp_path, TESTS_DIR)[0] == (
        "ledger -> files (files.uploaded): ledger-files.json has no message interaction naming files.uploaded"
    )
