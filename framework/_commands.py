"""What a plugin's own CLI commands (``turnout <plugin> ...``) use: the platform and its running plugins."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from framework._config import ConfigError, PlatformConfig
from framework._dependencies import callees
from framework._platform import load_platform
from framework._plugin import Plugin, PluginError

__all__ = ["ConfigOption", "config_path", "load_for_command", "running_plugin"]

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="platform.toml to use (default: ./platform.toml when present)."),
]


def config_path(config: Path | None) -> Path | None:
    """``--config``, else ``./platform.toml`` when there is one, else None (the embedded defaults)."""
    if config is not None:
        return config
    default = Path("platform.toml")
    return default if default.exists() else None


def load_for_command(config: Path | None) -> tuple[PlatformConfig, dict[str, Plugin[Any, Any]]]:
    """Load and fully validate the platform (plugin sections included), or exit with status 2."""
    from framework._host import Host

    try:
        platform, plugins = load_platform(config_path(config))
        Host(platform, plugins)  # decodes every [plugins.*] section strictly
    except (ConfigError, PluginError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    return platform, plugins


def _with_callees(plugins: dict[str, Plugin[Any, Any]], name: str) -> dict[str, Plugin[Any, Any]]:
    """``name`` and every plugin it calls, directly or not."""
    called = callees(plugins)
    wanted, todo = {name}, [name]
    while todo:
        for callee in called[todo.pop()]:
            if callee not in wanted:
                wanted.add(callee)
                todo.append(callee)
    return {n: p for n, p in plugins.items() if n in wanted}


@asynccontextmanager
async def running_plugin(
    platform: PlatformConfig, plugins: dict[str, Plugin[Any, Any]], name: str
) -> AsyncIterator[Any]:
    """Start ``name`` in this process, on the platform's database, with the plugins it calls; yield its service.

    For operator commands: they act on the plugin's own data exactly as its service would.
    """
    from framework._host import Host

    host = Host(platform, _with_callees(plugins, name))
    await host.start()
    try:
        yield host.bindings[name].service
    finally:
        await host.stop()
