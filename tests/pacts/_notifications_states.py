"""Provider states for the edges into notifications (admin's dead deliveries), added to :data:`STATES`."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from tests._platform import RunningPlatform, free_port
from tests.conftest import register_and_login
from tests.pacts._states import STATES, provider_state
from tests.pacts._tier_states import admin_auth

__all__ = ["STATES"]

_WAIT = 60.0  # a bound for failure only: the test settings make three quick attempts


@provider_state("an admin and a dead delivery")
def admin_and_dead_delivery(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """The platform's admin, and a webhook delivery that used its last attempt (nothing listens on its port)."""
    with platform.client() as http:
        admin = admin_auth(http)
        user = register_and_login(http)
        url = f"http://127.0.0.1:{free_port()}/nobody-listens"
        hook = http.post("/notifications/webhooks", json={"url": url, "kinds": ["webhook.test"]}, headers=user.auth)
        assert hook.status_code == 201, hook.text
        test = http.post(f"/notifications/webhooks/{hook.json()['id']}/test", headers=user.auth)
        assert test.status_code == 202, test.text
        delivery_id = test.json()["id"]
        deadline = time.monotonic() + _WAIT
        while True:
            dead = http.get("/notifications/deliveries/dead", params={"limit": 200}, headers=admin)
            assert dead.status_code == 200, dead.text
            if delivery_id in [item["id"] for item in dead.json()["items"]]:
                break
            assert time.monotonic() < deadline, f"delivery {delivery_id} was not dead within {_WAIT}s"
            time.sleep(0.1)
        return {"token": admin["Authorization"].removeprefix("Bearer "), "deliveryId": delivery_id}
