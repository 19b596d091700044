"""Every environment variable Turnout reads, named once.

The server process passes its settings to granian's workers through the first group; the next
overrides a ``platform.toml`` key for development; the last is read by the test suite only. A
plugin names the variables it reads in its own config (a key whose default is the variable's
name, so a secret never sits in the file): the framework knows no plugin.
"""

from __future__ import annotations

__all__ = [
    "ACCESS_LOG_ENV",
    "CONFIG_ENV",
    "FUZZ_EXAMPLES_ENV",
    "ROLE_ENV",
    "SERVER_PID_ENV",
    "STARTUP_ERROR_FILE_ENV",
    "VALIDATE_RESPONSES_ENV",
]

# Set by `turnout run` / `turnout gateway` for the granian workers they start.
CONFIG_ENV = "TURNOUT_CONFIG"
"""Absolute path of the validated ``platform.toml``; empty for the embedded defaults."""
ACCESS_LOG_ENV = "TURNOUT_ACCESS_LOG"
"""``0`` turns the JSON access log off (``--no-access-log``); anything else keeps it on."""
ROLE_ENV = "TURNOUT_ROLE"
"""``all-in-one`` (every plugin in the worker) or ``gateway`` (every plugin reached over NATS)."""
SERVER_PID_ENV = "TURNOUT_SERVER_PID"
"""Pid of the server process: a worker whose parent is not that process stops at once."""
STARTUP_ERROR_FILE_ENV = "TURNOUT_STARTUP_ERROR_FILE"
"""Where a worker writes the configuration error that stopped its start-up, for the server to print."""

# Development settings that override platform.toml.
VALIDATE_RESPONSES_ENV = "TURNOUT_VALIDATE_RESPONSES"
"""``off``/``0``, ``log`` or ``strict``/``1``: overrides ``[gateway] validate_responses`` (the tests run strict)."""

FUZZ_EXAMPLES_ENV = "TURNOUT_FUZZ_EXAMPLES"
"""Examples per operation in the Schemathesis tests (``just fuzz`` raises it)."""
