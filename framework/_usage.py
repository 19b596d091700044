"""Platform usage: requests per plugin, errors and active users, counted at the HTTP edge.

The process that serves HTTP (``turnout run``, or the gateway when split) counts each request
to a generated route under the plugin whose contract owns the route, and the subjects of the
users it authenticated. Every ``[gateway] usage_interval`` seconds, and at shutdown, it
publishes what it counted as one :data:`USAGE` event (``turnout.usage``), only when there was
traffic. Counting is a dict increment on the request path; nothing else happens per request.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec

from framework._events import Event
from framework._job_events import JOB_FINISHED, JOB_PROGRESS

__all__ = [
    "FRAMEWORK_EVENTS",
    "FRAMEWORK_PUBLISHER",
    "PLUGIN_OPT",
    "SUBJECT_SCOPE_KEY",
    "USAGE",
    "PluginUsage",
    "UsageCounter",
    "UsageReport",
]

PLUGIN_OPT = "turnout_plugin"
"""The route ``opt`` key naming the plugin whose contract a generated route belongs to."""

SUBJECT_SCOPE_KEY = "turnout_subject"
"""The ASGI scope key where the edge leaves the subject of the user it authenticated."""


class PluginUsage(msgspec.Struct, frozen=True):
    """One plugin's requests in a window."""

    plugin: str
    requests: int
    errors: int  # answered 5xx
    client_errors: int = 0  # answered 4xx


def _new_id() -> str:
    return uuid.uuid4().hex


class UsageReport(msgspec.Struct, frozen=True):
    """What one HTTP edge process saw between ``window_start`` and ``window_end``."""

    window_start: datetime
    window_end: datetime
    instance: str  # the publishing process, ``host:pid``
    plugins: list[PluginUsage]
    active_users: list[str]  # subjects of the users authenticated in the window, sorted
    id: str = msgspec.field(default_factory=_new_id)  # the same on every redelivery: a consumer's dedup key


USAGE: Event[UsageReport] = Event("turnout.usage", UsageReport)
"""Published by the HTTP edge every ``[gateway] usage_interval`` seconds when there was traffic."""

FRAMEWORK_PUBLISHER = "turnout"
"""The publisher named by the framework's own events (``turnout.<event>``); no plugin has this name."""

FRAMEWORK_EVENTS: dict[str, Event[Any]] = {
    USAGE.name: USAGE,
    JOB_PROGRESS.name: JOB_PROGRESS,
    JOB_FINISHED.name: JOB_FINISHED,
}
"""Events the framework itself publishes; a plugin may consume them like any plugin's."""


class UsageCounter:
    """The in-memory counts of the current window; :meth:`take` empties them into a report."""

    __slots__ = ("client_errors", "requests", "server_errors", "subjects")

    def __init__(self) -> None:
        self.requests: dict[str, int] = {}
        self.server_errors: dict[str, int] = {}
        self.client_errors: dict[str, int] = {}
        self.subjects: set[str] = set()

    def record(self, scope: dict[str, Any], status: int) -> None:
        """Count one answered request; requests that reached no plugin's route are not counted."""
        handler = scope.get("route_handler")
        if handler is None:
            return
        plugin = handler.opt.get(PLUGIN_OPT)
        if plugin is None:  # /health, /ready, /schema and the like
            return
        requests = self.requests
        requests[plugin] = requests.get(plugin, 0) + 1
        if status >= 400:
            errors = self.server_errors if status >= 500 else self.client_errors
            errors[plugin] = errors.get(plugin, 0) + 1
        subject = scope.get(SUBJECT_SCOPE_KEY)
        if subject is not None:
            self.subjects.add(subject)

    def take(self, window_start: datetime, window_end: datetime, instance: str) -> UsageReport | None:
        """The report of the window now ending, counts reset; None when there was no traffic."""
        requests, server, client, subjects = self.requests, self.server_errors, self.client_errors, self.subjects
        # Fresh containers, not clear(): a request counted while the report is built lands in the next window.
        self.requests, self.server_errors, self.client_errors, self.subjects = {}, {}, {}, set()
        if not requests:
            return None
        plugins = [PluginUsage(p, n, server.get(p, 0), client.get(p, 0)) for p, n in sorted(requests.items())]
        return UsageReport(window_start, window_end, instance, plugins, sorted(subjects))
