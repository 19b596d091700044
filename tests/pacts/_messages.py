"""Real events for the message pacts: produced by the providers' own code on a colocated platform.

A message interaction is verified against an event the provider really publishes: this module
starts auth, files and simulation in one process (the all-in-one app, SQLite in a temporary
folder, usage reported every 0.1 s), and, as one user, registers, uploads a file, runs a tiny
simulation, deletes the file, signs in wrongly, makes and revokes an API key and changes the
password over HTTP, and an admin re-roles, disables and enables them. The payloads published on
the bus (auth's events, ``files.uploaded``, ``files.deleted``, ``simulation.completed``,
``simulation.failed``, the jobs kit's ``turnout.job_progress`` / ``turnout.job_finished`` of that
simulation, and the HTTP edge's ``turnout.usage`` report of those requests) are
captured as the bus encodes them. It runs once per test session, the first time a provider
verification asks for a message; the bytes are the same whichever placement publishes them
(the bus encodes the same Struct with msgspec in both).
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import msgspec
from litestar.testing import AsyncTestClient

from framework import JOB_FINISHED, JOB_PROGRESS, USAGE, CallContext, Event, Subscription
from framework._app import build_app
from framework._platform import load_platform
from framework.jobs import JobState
from generated.auth.events import (
    API_KEY_CREATED,
    API_KEY_REVOKED,
    LOGIN_FAILED,
    LOGIN_SUCCEEDED,
    PASSWORD_CHANGED,
    ROLE_CHANGED,
    USER_DISABLED,
    USER_ENABLED,
    USER_REGISTERED,
)
from generated.files.events import DELETED, UPLOADED
from generated.simulation.events import COMPLETED, FAILED
from plugins.simulation.jobs import SimulationEvents
from tests._platform import free_port, write_config

__all__ = ["EVENTS", "produced", "producer_for"]

AUTH_EVENTS = (
    USER_REGISTERED,
    LOGIN_SUCCEEDED,
    LOGIN_FAILED,
    API_KEY_CREATED,
    API_KEY_REVOKED,
    PASSWORD_CHANGED,
    ROLE_CHANGED,
    USER_DISABLED,
    USER_ENABLED,
)
EVENTS: dict[str, Event[Any]] = {
    event.name: event
    for event in (UPLOADED, COMPLETED, USAGE, DELETED, FAILED, JOB_PROGRESS, JOB_FINISHED, *AUTH_EVENTS)
}
"""Events a message pact may name, by name; :func:`producer_for` finds the one in a description."""

_TINY_SIMULATION: dict[str, Any] = {
    "assets": [{"name": "stocks", "weight": 1.0, "expected_return": 0.05, "volatility": 0.15}],
    "correlation": [[1]],
    "initial_value": 100,
    "contribution": 0,
    "horizon_years": 1,
    "steps": 12,
    "paths": 1_000,
    "seed": 3,
}
_WITHIN = 60.0  # seconds for every event to be published, on a loaded machine

_lock = threading.Lock()
_produced: dict[str, bytes] = {}


async def _wait_for(captured: dict[str, bytes], names: set[str]) -> None:
    deadline = time.monotonic() + _WITHIN
    while not names <= set(captured):
        assert time.monotonic() < deadline, f"events not published within {_WITHIN}s: {names - set(captured)}"
        await asyncio.sleep(0.05)


async def _produce(workdir: Path) -> dict[str, bytes]:
    settings = {"var_dir": str(workdir / "var"), "plugins": ["auth", "admin", "notifications", "files", "simulation"]}
    # Files and simulation read limits from admin, which calls notifications: both run, but notifications
    # notifies of nothing here (the failed simulation below is announced from this test's own loop).
    config_path = write_config(
        workdir,
        free_port(),
        extra="\n[plugins.notifications]\nnotify_on = []\n",
        gateway={"usage_interval": 0.1},
        database_url=f"sqlite:///{workdir / 'var'}",
        platform_settings=settings,
    )
    config, plugins = load_platform(config_path)
    edge: Any = build_app(config, plugins, log_requests=False, validate_responses="off")
    captured: dict[str, bytes] = {}

    def capture(event: Event[Any]) -> Any:
        async def handler(ctx: CallContext, payload: Any) -> None:
            # A usage report is kept once it shows the user (the first may hold only the anonymous sign-up).
            if event is USAGE and not payload.active_users:
                return
            captured.setdefault(event.name, msgspec.json.encode(payload))  # as the bus puts it on the wire

        return handler

    async with AsyncTestClient(edge) as client:
        bus = edge.app.state.turnout_host.events  # the colocated platform's in-process bus
        for event in EVENTS.values():
            await bus.subscribe(Subscription("pacts", event, capture(event)))
        account = {"email": "pact-messages@example.com", "password": "correct horse battery"}
        registered = await client.post("/auth/register", json=account)
        assert registered.status_code == 201, registered.text
        token = (await client.post("/auth/login", json=account)).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        upload = {"file": ("budget.csv", b"date,amount\n2026-01-02,-12.5\n", "text/csv")}
        uploaded = await client.post("/files", files=upload, headers=auth)
        assert uploaded.status_code == 201, uploaded.text
        simulated = await client.post("/simulations", json=_TINY_SIMULATION, headers=auth)
        assert simulated.status_code == 202, simulated.text
        assert (await client.delete(f"/files/{uploaded.json()['id']}", headers=auth)).status_code == 204
        # No request makes a simulation fail (inputs are checked before a job is queued): simulation's
        # own publisher announces one as its job runner does when a job fails.
        owner = registered.json()["id"]
        failed = SimulationEvents(bus)
        await failed.finished(uuid.uuid4(), uuid.UUID(owner), JobState.failed, "out of memory", CallContext.system())
        await _account_events(client, edge, account, auth, owner)
        await _wait_for(captured, set(EVENTS))
    return captured


async def _account_events(client: Any, edge: Any, account: dict[str, str], auth: dict[str, str], user_id: str) -> None:
    """What a user and an admin do that auth announces (beyond sign-up and sign-in)."""
    assert (await client.post("/auth/login", json={**account, "password": "wrong password"})).status_code == 401
    key = await client.post("/auth/api-keys", json={"name": "nightly import"}, headers=auth)
    assert (await client.delete(f"/auth/api-keys/{key.json()['id']}", headers=auth)).status_code == 204
    # A password change signs the user's other sessions out.
    new_password = {"current_password": account["password"], "new_password": "correct horse battery 2"}
    assert (await client.post("/auth/me/password", json=new_password, headers=auth)).status_code == 204
    admin = {"email": "pact-admin@example.com", "password": "admin password for pacts"}
    await edge.app.state.turnout_host.bindings["auth"].service.ensure_admin(admin["email"], admin["password"])
    token = (await client.post("/auth/login", json=admin)).json()["access_token"]
    as_admin = {"Authorization": f"Bearer {token}"}
    changed = await client.put(f"/auth/users/{user_id}/role", json={"role": "admin"}, headers=as_admin)
    assert changed.status_code == 200, changed.text
    assert (await client.post(f"/auth/users/{user_id}/disable", headers=as_admin)).status_code == 204
    assert (await client.post(f"/auth/users/{user_id}/enable", headers=as_admin)).status_code == 204


def produced() -> dict[str, bytes]:
    """Each event of :data:`EVENTS` as its provider published it (produced once, on first use)."""
    with _lock:
        if not _produced:
            with tempfile.TemporaryDirectory(prefix="pact-messages-") as workdir:
                _produced.update(asyncio.run(_produce(Path(workdir))))
        return dict(_produced)


def producer_for(description: str) -> bytes:
    """The real payload of the event a message interaction's description names."""
    named = [name for name in EVENTS if name in description]
    assert len(named) == 1, f"the message {description!r} must name one of {sorted(EVENTS)}"
    return produced()[named[0]]
