"""JSON logs on stdout, each line carrying the correlation id of the request it belongs to, and its trace."""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

from framework._context import current_correlation_id
from framework._tracing import current_trace_ids

__all__ = ["configure_logging"]


def _add_correlation_id(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    correlation_id = current_correlation_id()
    if correlation_id is not None:
        event.setdefault("correlation_id", correlation_id)
    return event


def _add_trace_ids(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    ids = current_trace_ids()  # None unless tracing is on and a span is in progress
    if ids is not None:
        event.setdefault("trace_id", ids[0])
        event.setdefault("span_id", ids[1])
    return event


def configure_logging(level: str = "info") -> None:
    """Route stdlib logging (and so every plugin's logger) through one JSON formatter."""
    shared: list[Any] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_correlation_id,
        _add_trace_ids,
        structlog.stdlib.ExtraAdder(),
    ]
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("_granian", "granian.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
