"""``turnout audit ...``: the operator's commands for the audit log."""

from __future__ import annotations

import asyncio

import typer

from framework import ConfigError, ConfigOption, load_for_command, running_plugin
from plugins.admin.audit_chain import ChainBreak

__all__ = ["commands"]

commands = typer.Typer(no_args_is_help=True, help="The audit log: the operator's commands of the admin plugin.")


@commands.command("verify")
def verify(config: ConfigOption = None) -> None:
    """Check the audit log's hash chain: exit 0 when intact, 1 naming the first bad entry."""
    platform, plugins = load_for_command(config)
    if "admin" not in plugins:
        typer.echo("error: the admin plugin is not enabled", err=True)
        raise typer.Exit(2)

    async def check() -> tuple[int, ChainBreak | None]:
        async with running_plugin(platform, plugins, "admin") as service:
            result: tuple[int, ChainBreak | None] = await service.audit.verify()
            return result

    try:
        count, broken = asyncio.run(check())
    except ConfigError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if broken is not None:
        typer.echo(f"audit log broken at seq {broken.seq}: {broken.reason}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{count} entries, chain intact")
