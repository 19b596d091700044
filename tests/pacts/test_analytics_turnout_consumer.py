"""What analytics needs from the HTTP edge's usage reports (``turnout.usage``), as a message pact (consumer side).

The framework publishes the event (provider ``turnout``): each report carries its window, the
requests per plugin and the users seen. The example report is decoded as the bus decodes it and
counted by analytics' own handler into a real database; the recorded pact must equal the committed
``pacts/analytics-turnout.json``, which ``test_turnout_provider`` verifies against a report the HTTP
edge really published.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
from pact import match

from framework import USAGE, CallContext, UsageReport
from generated.analytics.models import PluginRequests
from plugins.analytics.usage import UsageRecorder
from tests.pacts._harness import assert_pact_committed, new_pact
from tests.pacts._usage_messages import body_bytes, expect_event, timestamp, usage_database, usage_on

SUBJECT = "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46"
REPORT = {
    "window_start": timestamp("2026-03-14T09:26:00Z"),
    "window_end": timestamp("2026-03-14T09:27:00Z"),
    "instance": match.str("gateway-1:4242"),
    "plugins": match.each_like(
        {"plugin": match.str("files"), "requests": match.int(3), "errors": match.int(1), "client_errors": match.int(1)}
    ),
    "active_users": match.each_like(match.str(SUBJECT)),
    "id": match.regex("9b1f0c2d4e6a48b7a3c5d7e9f1a2b3c4", regex=r"^[0-9a-f]{32}$"),
}


async def test_analytics_counts_the_edge_s_usage_reports(tmp_path: Path) -> None:
    pact = new_pact("analytics", "turnout")
    expect_event(pact, USAGE.name, REPORT)
    received: list[UsageReport] = []
    pact.verify(lambda body, _: received.append(msgspec.json.decode(body_bytes(body), type=UsageReport)), "Async")
    assert len(received) == 1
    async with usage_database(tmp_path) as database:
        recorder = UsageRecorder(database)
        for _ in range(2):  # a redelivery counts once
            await recorder.report(CallContext.system(), received[0])
        (day,) = (await usage_on(database)).days
    assert day.requests_by_plugin == [PluginRequests(plugin="files", requests=3, errors=1, client_errors=1)]
    assert day.active_users == 1
    pact.write_file(tmp_path)
    assert_pact_committed(tmp_path, "analytics", "turnout")
