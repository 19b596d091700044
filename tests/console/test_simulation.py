"""A simulation started in the console: progress moves live, then fan chart and histogram; its notice arrives."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.console.conftest import Console

# A second or more on NumPy, so a progress event often falls between the start (0) and the end (1).
PATHS, STEPS = 150_000, 240

# Every value the progress bar and the status line take, however quickly the job runs.
WATCH_PROGRESS = """() => {
  const bar = document.querySelector('[data-testid="sim-progress"]');
  const status = document.querySelector('[data-testid="sim-status"]');
  window.seenProgress = [];
  window.seenStatus = [];
  new MutationObserver(() => window.seenProgress.push(Number(bar.getAttribute("value"))))
    .observe(bar, { attributes: true, attributeFilter: ["value"] });
  new MutationObserver(() => window.seenStatus.push(status.textContent))
    .observe(status, { childList: true, characterData: true, subtree: true });
}"""


def test_a_simulation_is_watched_live_then_charted_and_notified(console: Console) -> None:
    page = console.page
    console.sign_up()
    expect(page.locator("body")).to_have_attribute("data-live", "connected")
    badge = page.get_by_test_id("unread-badge")
    expect(badge).to_have_attribute("data-count", "1")  # the welcome notice, live or counted on connecting

    console.go("simulations")
    page.get_by_test_id("sim-paths").fill(str(PATHS))
    page.get_by_test_id("sim-steps").fill(str(STEPS))
    page.get_by_test_id("sim-horizon_years").fill("20")
    page.evaluate(WATCH_PROGRESS)
    page.get_by_test_id("sim-start").click()
    console.shot("simulation-started")
    expect(page.get_by_test_id("sim-status")).to_have_text("Finished")
    # The stream's events moved the bar: the start's 0 (and any progress after it), then 1 at the end.
    seen: list[float] = page.evaluate("() => window.seenProgress")
    statuses: list[str] = page.evaluate("() => window.seenStatus")
    assert seen[-1] == 1, seen
    assert seen == sorted(seen), seen
    assert [s for s in statuses if s.startswith("Running: ")], statuses
    assert statuses[0].startswith("Queued (job "), statuses
    assert statuses[-1] == "Finished", statuses

    fan = page.get_by_test_id("fan-chart")
    expect(fan.locator("path.band")).to_have_count(2)
    expect(fan.locator("path.median")).to_have_count(1)
    for band in fan.locator("path.band").all():
        box = band.bounding_box()
        assert box is not None
        assert box["width"] > 100
        assert box["height"] > 10  # the p5-p95 spread of 20 years of returns is visible
        assert (band.get_attribute("d") or "").count("L") >= 100  # both edges of every time point (50 or more)
    bars = page.get_by_test_id("histogram").locator("rect.bar")
    assert bars.count() > 5
    heights = [float(bar.get_attribute("height") or "0") for bar in bars.all()]
    assert sum(int(bar.get_attribute("data-count") or "0") for bar in bars.all()) == PATHS
    assert sum(1 for height in heights if height > 0) > 5, heights
    expect(page.get_by_test_id("sim-summary")).to_contain_text("Success probability")
    console.shot("simulation-result")

    # The completion's notification arrives on the stream: the badge counts it, the inbox lists it.
    expect(badge).to_have_attribute("data-count", "2")
    console.go("notifications")
    notice = page.get_by_test_id("notification").and_(page.locator('[data-kind="simulation.completed"]'))
    expect(notice).to_have_count(1)
    expect(notice).to_have_attribute("data-read", "false")
    console.shot("notification-arrived")
    notice.get_by_test_id("mark-read").click()
    expect(notice).to_have_attribute("data-read", "true")
    expect(badge).to_have_attribute("data-count", "1")
