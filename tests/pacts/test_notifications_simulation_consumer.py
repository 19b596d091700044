"""What notifications needs from simulation's ``simulation.completed`` and ``simulation.failed`` events (consumer side).

Each example event is decoded as the bus decodes it and handled twice by notifications' own
handler on a real database: one send to the job's owner (a redelivery sends nothing again). The
recorded pact must equal the committed ``pacts/notifications-simulation.json``, which
``test_simulation_provider`` verifies against events the simulation plugin really published.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from pact import match

from generated.simulation.events import COMPLETED, FAILED
from generated.simulation.models import SimulationFinished
from tests.pacts._harness import UUID_PATTERN, assert_pact_committed
from tests.pacts._notifications_messages import handled_twice
from tests.pacts._usage_messages import timestamp

OWNER = "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
JOB = "b7e3d2a1-9c8f-4e6d-a5b4-3c2d1e0f9a87"


def finished(status: str, **extra: object) -> dict[str, object]:
    return {
        "job_id": match.regex(JOB, regex=UUID_PATTERN),
        "owner_id": match.regex(OWNER, regex=UUID_PATTERN),
        "status": status,
        "occurred_at": timestamp(),
        **extra,
    }


async def test_notifications_tells_owners_their_simulations_finished(tmp_path: Path) -> None:
    pair = ("notifications", "simulation")
    event, sends = await handled_twice(
        tmp_path, pair, COMPLETED.name, finished("succeeded"), SimulationFinished, lambda n: n.simulation_completed
    )
    [send] = sends
    assert (send.kind, send.user_ids, send.data) == ("simulation.completed", [uuid.UUID(OWNER)], {"job_id": JOB})
    failed = finished("failed", error=match.str("the simulation failed: out of memory"))
    event, sends = await handled_twice(
        tmp_path, pair, FAILED.name, failed, SimulationFinished, lambda n: n.simulation_failed
    )
    [send] = sends
    assert send.kind == "simulation.failed"
    assert send.user_ids == [event.owner_id]
    assert "out of memory" in send.body
    assert_pact_committed(tmp_path, "notifications", "simulation")
