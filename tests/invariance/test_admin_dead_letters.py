"""A handler that keeps failing, seen and replayed through the admin API, the same in both placements."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests._platform import RunningPlatform
from tests.conftest import promote_to_admin, register_and_login
from tests.invariance.conftest import MAX_ATTEMPTS, eventually


def _admin(pair: httpx.Client, platform: RunningPlatform) -> dict[str, str]:
    admin = promote_to_admin(platform, register_and_login(pair))
    login = pair.post("/auth/login", json={"email": admin.email, "password": admin.password})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _mine(pair: httpx.Client, admin: dict[str, str], key: uuid.UUID) -> list[dict[str, Any]]:
    listed = pair.get("/admin/dead-letters", headers=admin)
    assert listed.status_code == 200, listed.text
    return [item for item in listed.json()["items"] if str(key) in item["payload"]]


def test_a_dead_letter_is_listed_and_replayed_from_admin(pair: httpx.Client, pair_platform: RunningPlatform) -> None:
    admin = _admin(pair, pair_platform)
    key = uuid.uuid4()
    # Fails every try the policy allows; succeeds on the next call, which only a replay makes.
    published = pair.post("/probe/pokes", json={"key": str(key), "fail_times": MAX_ATTEMPTS})
    assert published.status_code == 204, published.text
    mine = eventually(lambda: _mine(pair, admin, key), lambda found: len(found) == 1)
    assert len(mine) == 1, mine
    letter = mine[0]
    assert (letter["kind"], letter["plugin"], letter["event"]) == ("event", "probe", "target.poked")
    assert letter["attempts"] == MAX_ATTEMPTS
    assert "failing on purpose" in letter["last_error"]
    dashboard = pair.get("/admin/dashboard", headers=admin).json()
    assert {p["plugin"]: p for p in dashboard["plugins"]}["probe"]["dead_letters"] >= 1

    replayed = pair.post(f"/admin/dead-letters/{letter['id']}/replay", headers=admin)
    assert replayed.status_code == 202, replayed.text
    handled = eventually(lambda: pair.get(f"/probe/pokes/{key}").json(), lambda body: body["handled"] is True)
    assert handled == {"attempts": MAX_ATTEMPTS + 1, "handled": True}
    assert eventually(lambda: _mine(pair, admin, key), lambda found: found == []) == []
    # Gone once handled: replaying it again, an id no plugin has, or one of no such form is 404; a bad character, 400.
    assert pair.post(f"/admin/dead-letters/{letter['id']}/replay", headers=admin).status_code == 404
    assert pair.post(f"/admin/dead-letters/nosuchplugin:{key.hex}/replay", headers=admin).status_code == 404
    assert pair.post("/admin/dead-letters/no-colon/replay", headers=admin).status_code == 404
    assert pair.post("/admin/dead-letters/a%20b/replay", headers=admin).status_code == 400
