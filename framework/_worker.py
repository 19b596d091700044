"""Granian's factory for a server worker that does not outlive the server process that started it.

A SIGKILL of ``turnout run`` or ``turnout gateway`` runs none of granian's cleanup; without this
its worker would go on serving the port, and a restarted server would share it with the orphan.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
from typing import Any

from framework._app import create_asgi_app
from framework._environment import SERVER_PID_ENV
from framework._errors import ConfigError
from framework._startup_report import ReportConfigErrors, report_startup_error

__all__ = ["create_worker_app", "die_with_parent"]

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

log = logging.getLogger("turnout.worker")


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask the kernel to send ``sig`` to this process when the process that started it dies (Linux).

    SIGTERM lets granian's worker stop as it does when the server stops it. If the server died
    before the request was made, the signal would never come: the parent pid says so, and the
    signal is sent now.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
        log.warning("cannot ask to be stopped with the server process", extra={"errno": ctypes.get_errno()})
        return
    expected = os.environ.get(SERVER_PID_ENV, "")
    if expected.isdigit() and os.getppid() != int(expected):
        os.kill(os.getpid(), sig)


def create_worker_app() -> Any:
    """Granian's factory in each worker: stop with the server process, then build the ASGI app.

    A ConfigError, here or in the app's start-up, goes to the server process as one line.
    """
    die_with_parent()
    try:
        app = create_asgi_app()
    except ConfigError as error:
        report_startup_error(error)
        sys.exit(2)
    return ReportConfigErrors(app)
