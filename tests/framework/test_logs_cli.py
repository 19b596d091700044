"""``turnout logs``: JSON log lines filtered by correlation id, trace id, level, logger and plugin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from framework._logs_cli import parse_line
from framework.cli import app

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c"


def _line(**fields: Any) -> str:
    record = {"timestamp": "2026-01-01T00:00:00Z", "level": "info", "logger": "turnout.app", "event": "x", **fields}
    return json.dumps(record)


ACCESS = _line(logger="turnout.access", event="request", correlation_id="req-1", trace_id=TRACE, span_id="a" * 16)
HANDLER = _line(level="error", logger="turnout.events", event="files.uploaded", plugin="files", trace_id=TRACE)
FILES = _line(logger="turnout.plugins.files.quota", event="quota read", correlation_id="req-1")
FILES_LOOKALIKE = _line(logger="turnout.plugins.filesystem", event="not the files plugin")
OTHER = _line(level="warning", logger="turnout.micro", correlation_id="req-2", trace_id=OTHER_TRACE)
NOT_JSON = "Turnout gateway on http://127.0.0.1:8000"


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    path = tmp_path / "gateway.log"
    path.write_text("\n".join([ACCESS, NOT_JSON, HANDLER, FILES, FILES_LOOKALIKE, OTHER, ""]), encoding="utf-8")
    return path


def _logs(*args: str, stdin: str | None = None) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(app, ["logs", *args], input=stdin)
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_filters_by_trace_id_whatever_its_case(log_file: Path) -> None:
    code, lines, _ = _logs("--trace-id", TRACE.upper(), str(log_file))
    assert code == 0
    assert lines == [ACCESS, HANDLER]


def test_filters_by_correlation_id(log_file: Path) -> None:
    code, lines, _ = _logs("--correlation-id", "req-1", str(log_file))
    assert code == 0
    assert lines == [ACCESS, FILES]


def test_level_is_the_least_severe_printed(log_file: Path) -> None:
    _, lines, _ = _logs("--level", "warning", str(log_file))
    assert lines == [HANDLER, OTHER]
    _, lines, _ = _logs("--level", "ERROR", str(log_file))
    assert lines == [HANDLER]


def test_logger_matches_itself_and_its_children_only(log_file: Path) -> None:
    _, lines, _ = _logs("--logger", "turnout.plugins.files", str(log_file))
    assert lines == [FILES]
    _, lines, _ = _logs("--logger", "turnout", "--correlation-id", "req-2", str(log_file))
    assert lines == [OTHER]


def test_plugin_matches_its_loggers_and_lines_naming_it(log_file: Path) -> None:
    _, lines, _ = _logs("--plugin", "files", str(log_file))
    assert lines == [HANDLER, FILES]


def test_a_line_that_is_not_json_is_skipped_counted_and_named(log_file: Path) -> None:
    code, lines, stderr = _logs(str(log_file))
    assert code == 0
    assert NOT_JSON not in lines
    assert len(lines) == 5
    assert "skipped 1 line(s) that are not JSON log lines" in stderr
    assert f"{log_file}:2" in stderr


def test_turnout_up_output_keeps_its_process_prefixes() -> None:
    # As `turnout up` prints to a terminal: each process's name in colour, then "| ".
    gateway = f"\x1b[36mgateway     |\x1b[0m {ACCESS}"
    service = f"identity.1  | {HANDLER}"
    stdin = "\n".join(["[up] nats-server ready", gateway, service, f"identity.1  | {OTHER}", "identity.1  | oops {"])
    code, lines, stderr = _logs("--trace-id", TRACE, stdin=stdin)
    assert code == 0
    assert lines == [gateway, service]
    assert "skipped 2 line(s)" in stderr


def test_stdin_and_files_are_read_together(log_file: Path) -> None:
    _, lines, _ = _logs("--correlation-id", "req-2", str(log_file), "-", stdin=_line(correlation_id="req-2") + "\n")
    assert lines == [OTHER, _line(correlation_id="req-2")]


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--level", "loud"], "--level 'loud'"), (["no-such.log"], "no such file: no-such.log")],
)
def test_bad_arguments_exit_2_with_a_reason(args: list[str], message: str) -> None:
    code, lines, stderr = _logs(*args, stdin="")
    assert code == 2
    assert lines == []
    assert message in stderr


@pytest.mark.parametrize(
    "line",
    [
        "plain text",
        "a { that is not json",
        "name | [1, 2, 3]",  # JSON, but no log record
        '{"unterminated": ',
    ],
)
def test_what_is_not_a_log_record(line: str) -> None:
    assert parse_line(line) is None
