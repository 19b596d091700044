"""``turnout dead-letters``: list the events no try could handle, and mark them for replay."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import msgspec
import typer

from framework._commands import ConfigOption, load_for_command
from framework._config import PlatformConfig
from framework._db import PluginDatabase, open_plugin_database
from framework._dead_letters import DeadLetter, dead_letters, request_replay
from framework._errors import ServiceError

__all__ = ["dead_letters_app"]

dead_letters_app = typer.Typer(
    no_args_is_help=True, help="Events a subscriber could not handle after every try: list and replay them."
)

T = TypeVar("T")

PluginOption = Annotated[str | None, typer.Option("--plugin", "-p", help="Only this subscribing plugin.")]


def _plugins(config: Path | None, plugin: str | None) -> tuple[PlatformConfig, list[str]]:
    platform, plugins = load_for_command(config)
    if plugin is None:
        return platform, sorted(plugins)
    if plugin not in plugins:
        typer.echo(f"error: no enabled plugin {plugin!r} (enabled: {', '.join(sorted(plugins))})", err=True)
        raise typer.Exit(2)
    return platform, [plugin]


def _each(platform: PlatformConfig, names: list[str], action: Callable[[PluginDatabase], Awaitable[T]]) -> dict[str, T]:
    """Run ``action`` on each plugin's database; a database that cannot be reached exits with status 1."""

    async def run() -> dict[str, T]:
        results: dict[str, T] = {}
        for name in names:
            database = await open_plugin_database(platform.database.url, name, platform.var_path)
            try:
                results[name] = await action(database)
            finally:
                await database.close()
        return results

    try:
        return asyncio.run(run())
    except (OSError, ServiceError) as error:
        typer.echo(f"error: the database cannot be reached: {error}", err=True)
        raise typer.Exit(1) from None


def _render(letters: list[DeadLetter]) -> str:
    if not letters:
        return "no dead letters"
    rows = [("ID", "PLUGIN", "EVENT", "TRIES", "LAST FAILED (UTC)", "REPLAY", "LAST ERROR")]
    for letter in letters:
        error = letter.last_error if len(letter.last_error) <= 60 else letter.last_error[:57] + "..."
        when = letter.last_failed_at.strftime("%Y-%m-%d %H:%M:%S")
        marked = "marked" if letter.replay_requested else "-"
        rows.append((letter.id, letter.plugin, letter.event, str(letter.attempts), when, marked, error))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]]) for row in rows)


@dead_letters_app.command("list")
def list_dead_letters(
    config: ConfigOption = None,
    plugin: PluginOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (payloads included) instead of a table.")] = False,
) -> None:
    """List dead letters, oldest failure first, from each subscribing plugin's database."""
    platform, names = _plugins(config, plugin)
    found = _each(platform, names, dead_letters)
    letters = sorted((letter for group in found.values() for letter in group), key=lambda d: d.last_failed_at)
    typer.echo(msgspec.json.encode(letters).decode() if as_json else _render(letters))


@dead_letters_app.command()
def replay(
    letter_id: Annotated[str | None, typer.Argument(metavar="ID", help="The dead letter to replay.")] = None,
    replay_all: Annotated[bool, typer.Option("--all", help="Replay every dead letter (of --plugin).")] = False,
    config: ConfigOption = None,
    plugin: PluginOption = None,
) -> None:
    """Mark dead letters for replay; the processes hosting their subscribers run them again."""
    if (letter_id is None) == (not replay_all):
        typer.echo("error: give either a dead letter's ID or --all", err=True)
        raise typer.Exit(2)
    platform, names = _plugins(config, plugin)

    async def mark(database: PluginDatabase) -> int:
        return await request_replay(database, letter_id)

    marked = sum(_each(platform, names, mark).values())
    if letter_id is not None and marked == 0:
        typer.echo(f"error: no dead letter {letter_id!r}", err=True)
        raise typer.Exit(1)
    poll = platform.events.replay_poll_seconds
    typer.echo(f"{marked} dead letter(s) marked for replay; their subscribers take them within {poll:g}s")
