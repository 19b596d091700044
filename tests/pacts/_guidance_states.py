"""Provider states for guidance's edges (analytics, inference, simulation), registered in :data:`STATES`.

Kept beside :mod:`tests.pacts._states` so the edges' states do not collide; the provider tests that
verify these pacts import this module before handing :data:`STATES` to the verifier.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from tests._platform import RunningPlatform
from tests.conftest import register_and_login
from tests.pacts._states import STATES, provider_state
from tests.plugins.guidance._data import household

__all__ = ["STATES"]

PATIENCE = 60.0  # seconds a simulation may take on a loaded machine


@provider_state("a signed-in user")
def signed_in_user(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """A fresh user with no data; the verifier calls as that user."""
    with platform.client() as http:
        return {"token": register_and_login(http).access_token}


@provider_state("a user with a household's transactions and assets")
def user_with_household(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """Three months of salary, rent and rising groceries; 4,000 in cash; a 2,000 balance on a 22% card."""
    with platform.client() as http:
        account = register_and_login(http)
        household(http, account)
        return {"token": account.access_token}


@provider_state("a user with a finished simulation")
def user_with_finished_simulation(platform: RunningPlatform, params: Mapping[str, Any]) -> dict[str, str]:
    """A simulation of the interaction's request (``request``), run to its end."""
    with platform.client() as http:
        account = register_and_login(http)
        created = http.post("/simulations", json=params["request"], headers=account.auth)
        assert created.status_code == 202, created.text
        job_id: str = created.json()["id"]
        deadline = time.monotonic() + PATIENCE
        while (status := http.get(f"/simulations/{job_id}", headers=account.auth).json()["status"]) != "succeeded":
            assert status in ("queued", "running"), status
            assert time.monotonic() < deadline, "the simulation did not finish"
            time.sleep(0.05)
        return {"token": account.access_token, "jobId": job_id}
