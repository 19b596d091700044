"""``turnout audit ...``: the operator's commands for the audit log."""

from __future__ import annotations

import asyncio

import typer

from framework import ConfigOption, load_for_command
from framework._db import open_plugin_database
from plugins.admin.audit import AuditLog
from plugins.admin.audit_chain import ChainBreak
from plugins.admin.tables import TABLES

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
        # Only the admin plugin's own database: verifying reads the log, it starts nothing.
        database = await open_plugin_database(platform.database.url, "admin", platform.var_path)
        try:
            database.bind(TABLES)
            return await AuditLog(database).verify()
        finally:
            await database.close()

    try:
        count, broken = asyncio.run(check())
    except Exception as error:  # an unreachable or missing database: say so, not a traceback
        typer.echo(f"error: cannot read the audit log: {error}", err=True)
        raise typer.Exit(2) from None
    if broken is not None:
        typer.echo(f"audit log broken at seq {broken.seq}: {broken.reason}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{count} entries, chain intact")
