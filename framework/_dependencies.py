"""The edges between plugins: who calls whom, who consumes whose events, and the start order."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter
from typing import Any

from framework._plugin import Plugin, PluginError

__all__ = ["callees", "check_edges", "start_order"]


def _providers(plugins: dict[str, Plugin[Any, Any]]) -> dict[str, str]:
    """Contract name -> the plugin that implements it."""
    return {plugin.contract.name: name for name, plugin in plugins.items()}


def callees(plugins: dict[str, Plugin[Any, Any]]) -> dict[str, list[str]]:
    """Each plugin's callees among ``plugins``: those that provide the contracts it declares in ``calls``."""
    providers = _providers(plugins)
    return {
        name: sorted({providers[c.name] for c in plugin.calls if c.name in providers})
        for name, plugin in plugins.items()
    }


def check_edges(plugins: dict[str, Plugin[Any, Any]]) -> None:
    """Every called contract has a provider among ``plugins``; no call cycle.

    A consumed event needs no publisher: a platform without that plugin simply publishes none
    (the audit log listens to every plugin, a deployment need not run every plugin).
    Raises PluginError naming the plugin and what it lacks, or the plugins of the cycle.
    """
    providers = _providers(plugins)
    for name, plugin in plugins.items():
        for contract in plugin.calls:
            if contract.name not in providers:
                raise PluginError(
                    f"plugin {name!r} calls {contract.name!r}, which no enabled plugin provides"
                    f" (enabled: {', '.join(sorted(plugins))})"
                )
    start_order(plugins)


def start_order(plugins: dict[str, Plugin[Any, Any]]) -> list[str]:
    """The plugins in an order where each comes after every plugin it calls (ties by name)."""
    called = callees(plugins)
    graph = {name: [callee for callee in called[name] if callee != name] for name in sorted(plugins)}
    for name, plugin in plugins.items():
        if any(c.name == plugin.contract.name for c in plugin.calls):
            raise PluginError(f"plugin {name!r} declares a call to its own contract")
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        cycle = " -> ".join(error.args[1])
        raise PluginError(f"the plugins call each other in a cycle: {cycle}") from None
