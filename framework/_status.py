"""``turnout status``: the services and instances found on NATS, with their counters."""

from __future__ import annotations

from typing import Any

import msgspec
from nats.aio.client import Client

from framework._gather import gather_replies

__all__ = ["InstanceStatus", "collect_status", "render_status"]


class InstanceStatus(msgspec.Struct, kw_only=True):
    """One running instance of a service, as its ``$SRV.STATS`` reply describes it."""

    service: str
    id: str
    version: str
    started: str
    requests: int
    errors: int
    in_flight: int
    endpoints: dict[str, int]


def _instance(reply: dict[str, Any]) -> InstanceStatus:
    endpoints = reply.get("endpoints") or []
    requests = sum(int(e.get("num_requests", 0)) for e in endpoints)
    errors = 0
    in_flight = 0
    for endpoint in endpoints:
        data = endpoint.get("data") or {}
        # Server-side failures (5xx) as Turnout counts them; micro's own counter as a fallback.
        errors += int(data.get("errors", endpoint.get("num_errors", 0)))
        in_flight += int(data.get("in_flight", 0))
    return InstanceStatus(
        service=str(reply.get("name", "?")),
        id=str(reply.get("id", "?")),
        version=str(reply.get("version", "?")),
        started=str(reply.get("started", "")),
        requests=requests,
        errors=errors,
        in_flight=in_flight,
        endpoints={str(e.get("name")): int(e.get("num_requests", 0)) for e in endpoints},
    )


async def collect_status(nc: Client, *, service: str | None = None, wait: float = 0.5) -> list[InstanceStatus]:
    """Ask every instance (of ``service``, or of all services) for its stats; gather for ``wait`` s."""
    replies: list[InstanceStatus] = []
    subject = "$SRV.STATS" + (f".{service}" if service else "")
    for msg in await gather_replies(nc, subject, wait=wait):
        try:
            replies.append(_instance(msgspec.json.decode(msg.data)))
        except (msgspec.DecodeError, TypeError, ValueError):
            continue
    return sorted(replies, key=lambda r: (r.service, r.id))


def render_status(instances: list[InstanceStatus]) -> str:
    """A plain table, one line per instance."""
    if not instances:
        return "no Turnout services answered on NATS"
    row = "{:<16} {:<24} {:<9} {:>9} {:>7} {:>9}"
    header = row.format("service", "instance", "version", "requests", "errors", "in flight")
    lines = [header, "-" * len(header)]
    for item in instances:
        lines.append(row.format(item.service, item.id, item.version, item.requests, item.errors, item.in_flight))
    services = {i.service for i in instances}
    lines.append(f"{len(services)} service(s), {len(instances)} instance(s)")
    return "\n".join(lines)
