"""What analytics needs from the simulation plugin's ``simulation.completed`` event, as a message pact (consumer side).

Analytics counts a finished simulation once per job on the day it finished (usage statistics).
The example event is decoded as the bus decodes it and counted by analytics' own handler into a
real database; the recorded pact must equal the committed ``pacts/analytics-simulation.json``,
which ``test_simulation_provider`` verifies against an event the simulation plugin really published.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
from pact import match

from framework import CallContext
from generated.simulation.events import COMPLETED
from generated.simulation.models import SimulationFinished
from plugins.analytics.usage import UsageRecorder
from tests.pacts._harness import UUID_PATTERN, assert_pact_committed, new_pact
from tests.pacts._usage_messages import body_bytes, expect_event, timestamp, usage_database, usage_on

COMPLETED_EVENT = {
    "job_id": match.regex("b7e3d2a1-9c8f-4e6d-a5b4-3c2d1e0f9a87", regex=UUID_PATTERN),
    "owner_id": match.regex("3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46", regex=UUID_PATTERN),
    "status": "succeeded",
    "occurred_at": timestamp(),
}


async def test_analytics_counts_completed_simulations(tmp_path: Path) -> None:
    pact = new_pact("analytics", "simulation")
    expect_event(pact, COMPLETED.name, COMPLETED_EVENT)
    received: list[SimulationFinished] = []
    decode = msgspec.json.Decoder(SimulationFinished)
    pact.verify(lambda body, _: received.append(decode.decode(body_bytes(body))), "Async")
    assert len(received) == 1
    async with usage_database(tmp_path) as database:
        recorder = UsageRecorder(database)
        for _ in range(2):  # a redelivery counts once
            await recorder.simulation(CallContext.system(), received[0])
        (day,) = (await usage_on(database)).days
    assert (day.simulations_run, day.files_uploaded) == (1, 0)
    pact.write_file(tmp_path)
    assert_pact_committed(tmp_path, "analytics", "simulation")
