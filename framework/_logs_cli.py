"""``turnout logs``: the JSON log lines of one request, trace, level or logger, from files or stdin.

It reads what the processes write (one JSON object per line) and what ``turnout up`` prints, where
each line starts with its process's name and ``|`` (coloured on a terminal). A matching line is
printed as it came, prefix kept; a line that is no JSON log line is skipped and counted.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TextIO

import msgspec
import typer

__all__ = ["LogFilter", "Scan", "filter_lines", "logs_command", "parse_line"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LEVELS = {"debug": 10, "info": 20, "warning": 30, "warn": 30, "error": 40, "exception": 40, "critical": 50}


def parse_line(line: str) -> dict[str, Any] | None:
    """The log record of ``line`` (bare JSON, or after a ``name |`` prefix), or None when it is none.

    >>> parse_line('gateway     | {"event": "request", "level": "info"}')
    {'event': 'request', 'level': 'info'}
    >>> parse_line("[up] starting nats-server") is None
    True
    """
    plain = _ANSI.sub("", line).strip()
    start = plain.find("{")
    if start < 0:
        return None
    prefix = plain[:start].rstrip()
    if prefix and not prefix.endswith("|"):
        return None
    try:
        record = msgspec.json.decode(plain[start:])
    except msgspec.DecodeError:
        return None
    return record if isinstance(record, dict) else None


@dataclass(frozen=True, slots=True)
class LogFilter:
    """What a line must have to be printed; every criterion given must hold."""

    correlation_id: str | None = None
    trace_id: str | None = None
    level: str | None = None  # the least severe level printed
    logger: str | None = None  # a logger's name; its children match too
    plugin: str | None = None  # the plugin's loggers, or lines naming it in their ``plugin`` field

    def matches(self, record: dict[str, Any]) -> bool:
        if self.correlation_id is not None and record.get("correlation_id") != self.correlation_id:
            return False
        if self.trace_id is not None and str(record.get("trace_id", "")).lower() != self.trace_id.lower():
            return False
        if self.level is not None and _LEVELS.get(str(record.get("level", "")).lower(), 0) < _LEVELS[self.level]:
            return False
        name = str(record.get("logger", ""))
        if self.logger is not None and not _within(name, self.logger):
            return False
        if self.plugin is not None:
            owned = _within(name, f"turnout.plugins.{self.plugin}") or _within(name, f"plugins.{self.plugin}")
            if not owned and record.get("plugin") != self.plugin:
                return False
        return True


def _within(name: str, parent: str) -> bool:
    return name == parent or name.startswith(parent + ".")


@dataclass(slots=True)
class Scan:
    """What a pass over the lines found."""

    matched: int = 0
    skipped: int = 0
    first_skipped: str | None = None  # where the first line that is no JSON log line was


def filter_lines(lines: Iterable[tuple[str, str]], keep: LogFilter, out: TextIO) -> Scan:
    """Write each of ``lines`` (where, text) that ``keep`` matches to ``out``, as it came."""
    scan = Scan()
    for where, line in lines:
        if not line.strip():
            continue
        record = parse_line(line)
        if record is None:
            scan.skipped += 1
            if scan.first_skipped is None:
                scan.first_skipped = where
            continue
        if keep.matches(record):
            scan.matched += 1
            out.write(line if line.endswith("\n") else line + "\n")
    return scan


def _numbered(name: str, stream: Iterable[str]) -> Iterator[tuple[str, str]]:
    for number, line in enumerate(stream, 1):
        yield f"{name}:{number}", line


def _read(files: list[Path]) -> Iterator[tuple[str, str]]:
    if not files:
        yield from _numbered("<stdin>", sys.stdin)
        return
    for path in files:
        if str(path) == "-":
            yield from _numbered("<stdin>", sys.stdin)
            continue
        with path.open(encoding="utf-8", errors="replace") as stream:
            yield from _numbered(str(path), stream)


def logs_command(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Log files to read (`-` for stdin); none: read stdin.")
    ] = None,
    correlation_id: Annotated[str | None, typer.Option(help="Only lines of this correlation id.")] = None,
    trace_id: Annotated[str | None, typer.Option(help="Only lines of this trace (32 hex digits).")] = None,
    level: Annotated[
        str | None, typer.Option(help="Only lines at least this severe: debug, info, warning, error.")
    ] = None,
    logger: Annotated[str | None, typer.Option(help="Only lines of this logger and its children.")] = None,
    plugin: Annotated[str | None, typer.Option(help="Only lines of this plugin.")] = None,
) -> None:
    """Print the JSON log lines that match (files, stdin, or `turnout up` output with its process names)."""
    if level is not None and level.lower() not in _LEVELS:
        typer.echo(f"error: --level {level!r} is none of {', '.join(_LEVELS)}", err=True)
        raise typer.Exit(2)
    missing = [str(path) for path in files or [] if str(path) != "-" and not path.is_file()]
    if missing:
        typer.echo(f"error: no such file: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    keep = LogFilter(correlation_id, trace_id, level.lower() if level else None, logger, plugin)
    scan = filter_lines(_read(files or []), keep, sys.stdout)
    sys.stdout.flush()
    if scan.skipped:
        where = scan.first_skipped
        typer.echo(
            f"turnout logs: skipped {scan.skipped} line(s) that are not JSON log lines (first: {where})", err=True
        )
