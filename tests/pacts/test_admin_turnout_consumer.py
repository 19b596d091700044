"""What the admin dashboard needs from the HTTP edge's usage reports (``turnout.usage``), as a message pact.

The framework publishes the event (provider ``turnout``); admin keeps each report's requests and
errors per plugin for the dashboard's rates. The example is decoded as the bus decodes it and
recorded by admin's own handler into a real database; the recorded pact must equal the committed
``pacts/admin-turnout.json``, which ``test_turnout_provider`` verifies against a report the HTTP
edge really published.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
from pact import match

from framework import USAGE, CallContext, UsageReport
from framework._db import open_plugin_database
from plugins.admin.usage import PluginRates, UsageReportRow, UsageWindows
from tests.pacts._harness import assert_pact_committed, new_pact
from tests.pacts._usage_messages import body_bytes, expect_event, timestamp

REPORT = {
    "window_start": timestamp("2026-03-14T09:26:00Z"),
    "window_end": timestamp("2026-03-14T09:27:00Z"),
    "plugins": match.each_like(
        {"plugin": match.str("files"), "requests": match.int(3), "errors": match.int(1), "client_errors": match.int(1)}
    ),
    "id": match.regex("9b1f0c2d4e6a48b7a3c5d7e9f1a2b3c4", regex=r"^[0-9a-f]{32}$"),
}
# Fields admin does not read, present in every report: any value of their type.
UNREAD = {"instance": match.str("gateway-1:4242"), "active_users": match.each_like(match.str("a-user"))}


async def test_admin_keeps_the_edge_s_usage_reports_for_its_rates(tmp_path: Path) -> None:
    pact = new_pact("admin", "turnout")
    expect_event(pact, USAGE.name, {**REPORT, **UNREAD})
    received: list[UsageReport] = []
    pact.verify(lambda body, _: received.append(msgspec.json.decode(body_bytes(body), type=UsageReport)), "Async")
    assert len(received) == 1
    database = await open_plugin_database(f"sqlite:///{tmp_path / 'var'}", "admin", tmp_path / "var")
    try:
        database.bind([UsageReportRow])
        await database.migrate([UsageReportRow], [])
        windows = UsageWindows(database)
        for _ in range(2):  # a redelivery counts once
            await windows.record(CallContext.system(), received[0])
        rates = await windows.rates(window_seconds=10 * 365 * 86400.0)  # the example's window is in the past
    finally:
        await database.close()
    assert rates == {"files": PluginRates(requests=3, errors=1, client_errors=1)}
    pact.write_file(tmp_path)
    assert_pact_committed(tmp_path, "admin", "turnout")
