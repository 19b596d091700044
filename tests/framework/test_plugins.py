"""Plugin discovery through the entry-point group, built-ins included."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from typing import Any

import pytest

import framework._plugin as plugin_module
from framework import Plugin, PluginError, discover_plugins


def test_builtin_plugins_load_through_entry_points() -> None:
    plugins = discover_plugins()
    assert "auth" in plugins
    auth = plugins["auth"]
    assert isinstance(auth, Plugin)
    assert auth.contract.name == "auth"
    assert "getMe" in auth.contract.operations


def _fake_entry_points(*points: EntryPoint) -> Any:
    def entry_points(group: str) -> list[EntryPoint]:
        assert group == "turnout.plugins"
        return list(points)

    return entry_points


def test_a_plugin_that_fails_to_import_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = EntryPoint("payroll", "no_such_module.plugin:plugin", "turnout.plugins")
    monkeypatch.setattr(plugin_module, "entry_points", _fake_entry_points(broken))
    with pytest.raises(PluginError, match="payroll"):
        discover_plugins()


def test_an_entry_point_that_is_not_a_plugin_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = EntryPoint("jsonish", "json:dumps", "turnout.plugins")
    monkeypatch.setattr(plugin_module, "entry_points", _fake_entry_points(wrong))
    with pytest.raises(PluginError, match="not a turnout Plugin"):
        discover_plugins()


def test_entry_point_name_must_match_plugin_name(monkeypatch: pytest.MonkeyPatch) -> None:
    misnamed = EntryPoint("identity", "plugins.auth.plugin:plugin", "turnout.plugins")
    monkeypatch.setattr(plugin_module, "entry_points", _fake_entry_points(misnamed))
    with pytest.raises(PluginError, match="'identity' names a plugin called 'auth'"):
        discover_plugins()
