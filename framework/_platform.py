"""What a platform runs: its validated settings and its enabled plugins, edges checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from framework._config import ConfigError, PlatformConfig, load_config
from framework._dependencies import check_edges
from framework._plugin import Plugin, PluginError, discover_plugins

__all__ = ["enabled_plugins", "load_platform"]


def enabled_plugins(config: PlatformConfig, available: dict[str, Plugin[Any, Any]]) -> dict[str, Plugin[Any, Any]]:
    """The plugins this platform runs: ``[platform] plugins``, or every one found."""
    names = config.platform.plugins if config.platform.plugins is not None else sorted(available)
    return {name: available[name] for name in names}


def load_platform(path: str | Path | None) -> tuple[PlatformConfig, dict[str, Plugin[Any, Any]]]:
    """Read ``platform.toml``, find its plugins (installed and ``[platform] extra_plugins``), check it all.

    Raises ConfigError for the file, PluginError for a plugin that cannot load or whose declared
    edges (calls, consumed events) have no provider or form a cycle.
    """
    extra = load_config(path).platform.extra_plugins
    try:
        available = discover_plugins(extra)
    except PluginError as error:
        if extra:  # name the setting the reference came from
            raise ConfigError(path or "<defaults>", "platform.extra_plugins", str(error)) from None
        raise
    config = load_config(path, set(available))
    plugins = enabled_plugins(config, available)
    check_edges(plugins)
    return config, plugins
