"""A configuration error that stops a server worker's start-up, handed to the server process as one line.

granian runs the app's start-up in a worker process and would print the error as two tracebacks,
then exit with status 1. The worker writes the error to the file the server named in
``$TURNOUT_STARTUP_ERROR_FILE`` instead, and the server prints it and exits with status 2.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from framework._environment import STARTUP_ERROR_FILE_ENV
from framework._errors import ConfigError

__all__ = ["ReportConfigErrors", "config_error_in", "read_startup_error", "report_startup_error"]

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def config_error_in(error: BaseException) -> ConfigError | None:
    """The ConfigError behind ``error``: itself, or one inside an exception group (as Litestar's lifespan raises)."""
    if isinstance(error, ConfigError):
        return error
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            found = config_error_in(inner)
            if found is not None:
                return found
    return None


def report_startup_error(error: ConfigError) -> None:
    """Hand ``error`` to the server process; print it here when no server asked for it."""
    target = os.environ.get(STARTUP_ERROR_FILE_ENV)
    if target:
        Path(target).write_text(str(error), encoding="utf-8")
    else:
        print(f"error: {error}", file=sys.stderr)


def read_startup_error(path: Path) -> str | None:
    """The error a worker reported in ``path``, if any."""
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


class ReportConfigErrors:
    """ASGI wrapper: a start-up that fails on a ConfigError is reported, not logged as a traceback.

    Other start-up failures pass through as they are.
    """

    def __init__(self, app: Callable[[Message, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []

        async def hold_failure(message: Message) -> None:
            # The failure message carries a formatted traceback: held until the cause is known.
            if message["type"] == "lifespan.startup.failed":
                held.append(message)
            else:
                await send(message)

        try:
            await self.app(scope, receive, hold_failure)
        except BaseException as error:
            config_error = config_error_in(error)
            if config_error is None or not held:
                for message in held:
                    await send(message)
                raise
            report_startup_error(config_error)
            await send({"type": "lifespan.startup.failed", "message": ""})
            return
        for message in held:
            await send(message)
