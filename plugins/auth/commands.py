"""``turnout auth ...``: the operator's commands for accounts."""

from __future__ import annotations

import asyncio
import sys
from typing import Annotated

import typer

from framework import ConfigError, ConfigOption, load_for_command, running_plugin

__all__ = ["commands"]

commands = typer.Typer(no_args_is_help=True, help="Accounts: the operator's commands of the auth plugin.")


@commands.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Argument(help="Email of the admin account.")],
    config: ConfigOption = None,
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input.")] = False,
) -> None:
    """Create the admin account (or promote an existing account to admin)."""
    platform, plugins = load_for_command(config)
    if "auth" not in plugins:
        typer.echo("error: the auth plugin is not enabled", err=True)
        raise typer.Exit(2)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        typer.echo("error: the password must have at least 8 characters", err=True)
        raise typer.Exit(2)

    async def promote() -> None:
        async with running_plugin(platform, plugins, "auth") as service:
            await service.ensure_admin(email, password)

    try:
        asyncio.run(promote())
    except ConfigError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{email} is an admin")
