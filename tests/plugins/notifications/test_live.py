"""The live stream (GET /notifications/stream) in both placements: a simulation's progress and
completion as they happen, a reconnect that misses nothing and repeats nothing, nothing of
another user's, and no stream without credentials."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from tests.conftest import Account, assert_problem, register_and_login

SMALL_SIMULATION: dict[str, Any] = {
    "assets": [{"name": "stocks", "weight": 1.0, "expected_return": 0.07, "volatility": 0.18}],
    "correlation": [[1]],
    "initial_value": 1_000,
    "contribution": 0,
    "horizon_years": 1,
    "steps": 12,
    "paths": 500,
    "seed": 3,
}
# Bounds for failure only: a healthy stream answers in milliseconds; these keep a broken one from hanging.
STREAM_SECONDS = 120
READ_TIMEOUT = httpx.Timeout(10.0, read=60.0)


@dataclass(frozen=True)
class Frame:
    id: int | None
    event: str | None
    data: str | None
    retry: int | None

    @property
    def payload(self) -> dict[str, Any]:
        assert self.data is not None
        loaded: dict[str, Any] = json.loads(self.data)
        return loaded


def frames(lines: Iterator[str]) -> Iterator[Frame]:
    """Parse an event stream as EventSource does (comments skipped, a blank line ends a frame)."""
    fields: dict[str, str] = {}
    for line in lines:
        if line == "":
            if fields:
                yield Frame(
                    id=int(fields["id"]) if "id" in fields else None,
                    event=fields.get("event"),
                    data=fields.get("data"),
                    retry=int(fields["retry"]) if "retry" in fields else None,
                )
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")


def replay(http: httpx.Client, account: Account, **params: Any) -> list[Frame]:
    """Everything the stream replays for ``account`` (``duration=0``: it ends once caught up)."""
    headers = dict(account.auth)
    if "last_event_id" in params:
        headers["Last-Event-ID"] = str(params.pop("last_event_id"))
    response = http.get("/notifications/stream", params={**params, "duration": 0}, headers=headers)
    assert response.status_code == 200, response.text
    return [frame for frame in frames(iter(response.text.split("\n"))) if frame.id is not None]


def _told_completed(seen: list[Frame], job_id: str) -> bool:
    """The in-app notification of the job's completion is among ``seen``."""
    return any(
        frame.event == "notification"
        and frame.payload["kind"] == "simulation.completed"
        and frame.payload["data"].get("job_id") == job_id
        for frame in seen
    )


def test_a_user_sees_their_simulation_live_and_a_reconnect_misses_nothing(http: httpx.Client) -> None:
    owner = register_and_login(http)
    seen: list[Frame] = []
    params = {"duration": STREAM_SECONDS}
    with http.stream("GET", "/notifications/stream", params=params, headers=owner.auth, timeout=READ_TIMEOUT) as live:
        assert live.status_code == 200
        assert live.headers["content-type"].startswith("text/event-stream")
        assert live.headers["cache-control"] == "no-cache"
        assert "content-disposition" not in live.headers
        # The stream is open (its headers came): what happens from now on is on it.
        created = http.post("/simulations", json=SMALL_SIMULATION, headers=owner.auth)
        assert created.status_code == 202, created.text
        job_id = created.json()["id"]
        parsed = frames(live.iter_lines())
        first = next(parsed)
        assert first.retry is not None  # the reconnect hint comes first
        assert first.id is None
        # The job's progress and end, and the in-app notification its completion makes.
        for frame in parsed:
            seen.append(frame)
            kinds = [frame.event for frame in seen]
            if "simulation.completed" in kinds and _told_completed(seen, job_id):
                break
    jobs = [frame for frame in seen if frame.event != "notification"]
    kinds = [frame.event for frame in jobs]
    assert kinds[-1] == "simulation.completed", kinds
    assert "simulation.progress" in kinds, kinds
    assert all(frame.payload["job_id"] == job_id for frame in jobs)
    assert jobs[-1].payload["status"] == "succeeded"
    assert all(frame.payload["user_id"] == owner.id for frame in seen if frame.event == "notification")
    ids = [frame.id for frame in seen if frame.id is not None]
    assert len(ids) == len(seen)
    assert ids == sorted(set(ids)), ids  # strictly growing

    # Reconnecting after the first item replays every later one exactly once, by header or by query.
    first_id = seen[0].id
    assert first_id is not None
    for again in (replay(http, owner, last_event_id=first_id), replay(http, owner, after=first_id)):
        assert again[: len(seen) - 1] == seen[1:]
        assert all(frame.id is not None and frame.id > first_id for frame in again)
        assert len({frame.id for frame in again}) == len(again)
    # From the start: everything the live stream showed (after what came before it, e.g. the welcome notice).
    start = seen[0].id
    assert start is not None
    assert [frame for frame in replay(http, owner, after=0) if frame.id is not None and frame.id >= start][
        : len(seen)
    ] == seen


def test_another_users_items_never_appear(http: httpx.Client) -> None:
    owner = register_and_login(http)
    created = http.post("/simulations", json=SMALL_SIMULATION, headers=owner.auth)
    assert created.status_code == 202, created.text
    stranger = register_and_login(http)
    # From the owner's first item on (the job may be over already), until its completion.
    params = {"after": 0, "duration": STREAM_SECONDS}
    completed = False
    with http.stream("GET", "/notifications/stream", params=params, headers=owner.auth, timeout=READ_TIMEOUT) as live:
        for frame in frames(live.iter_lines()):
            if frame.event == "simulation.completed":
                completed = True
                break
    assert completed
    owners = replay(http, owner, after=0)
    assert owners, "the owner's items are stored"
    # The stranger's stream holds their own welcome notice at most: none of the owner's items.
    strangers = replay(http, stranger, after=0)
    assert all(frame.event == "notification" and frame.payload["user_id"] == stranger.id for frame in strangers)
    assert not {frame.id for frame in strangers} & {frame.id for frame in owners}


def test_the_stream_needs_credentials_and_valid_ids(http: httpx.Client, account: Account) -> None:
    assert_problem(http.get("/notifications/stream", params={"duration": 0}), 401)
    assert_problem(http.get("/notifications/stream", params={"after": -1, "duration": 0}, headers=account.auth), 400)
    bad_header = {**account.auth, "Last-Event-ID": "not-a-number"}
    assert_problem(http.get("/notifications/stream", params={"duration": 0}, headers=bad_header), 400)
    assert_problem(http.get("/notifications/stream", params={"duration": 3601}, headers=account.auth), 400)
