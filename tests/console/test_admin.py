"""The admin pages in the console: dashboard with live figures, users, audit log, dead letters."""

from __future__ import annotations

import time

import httpx
from playwright.sync_api import expect

from tests._platform import RunningPlatform, free_port
from tests.conftest import promote_to_admin, register_and_login
from tests.console.conftest import Console

WAIT = 60.0  # a bound for failure only


def dead_delivery(http: httpx.Client, owner: dict[str, str], admin: dict[str, str]) -> tuple[str, str]:
    """A webhook delivery to a port nobody listens on, dead after its attempts: the webhook's and dead letter's ids."""
    hook = http.post("/notifications/webhooks", json={"url": f"http://127.0.0.1:{free_port()}/gone"}, headers=owner)
    assert hook.status_code == 201, hook.text
    delivery = http.post(f"/notifications/webhooks/{hook.json()['id']}/test", headers=owner)
    assert delivery.status_code == 202, delivery.text
    letter_id = f"delivery:{delivery.json()['id']}"
    deadline = time.monotonic() + WAIT
    while letter_id not in [item["id"] for item in http.get("/admin/dead-letters", headers=admin).json()["items"]]:
        assert time.monotonic() < deadline, f"{letter_id} not dead within {WAIT}s"
        time.sleep(0.1)
    return hook.json()["id"], letter_id


def attempts(http: httpx.Client, owner: dict[str, str], hook_id: str) -> int:
    answer = http.get(f"/notifications/webhooks/{hook_id}/deliveries", params={"limit": 100}, headers=owner)
    assert answer.status_code == 200, answer.text
    return len(answer.json()["items"])


def test_an_admin_sees_dashboard_users_audit_and_dead_letters(
    console: Console, http: httpx.Client, platform: RunningPlatform
) -> None:
    admin = promote_to_admin(platform, register_and_login(http))
    login = http.post("/auth/login", json={"email": admin.email, "password": admin.password})
    admin_auth = {"Authorization": f"Bearer {login.json()['access_token']}"}  # the role is in tokens issued since
    plain = register_and_login(http)
    page = console.page
    console.sign_in(admin.email, admin.password)
    page.get_by_test_id("nav-admin").click()

    plugins = http.get("/admin/dashboard", headers=admin_auth).json()["plugins"]
    rows = page.get_by_test_id("plugin-table").locator("tbody tr")
    expect(rows).to_have_count(len(plugins))
    expect(page.get_by_test_id("plugin-table")).to_contain_text("simulation")
    # Requests are counted within seconds (the page refreshes itself): some plugin's bar has a length.
    chart = page.get_by_test_id("requests-chart")
    expect(chart.locator("rect.bar")).to_have_count(len(plugins))
    expect(chart.locator('rect.bar:not([width="0"])').first).to_be_visible()
    assert any(float(bar.get_attribute("data-value") or "0") > 0 for bar in chart.locator("rect.bar").all())
    console.shot("admin-dashboard")

    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Users").click()
    page.get_by_test_id("user-search").fill(plain.email)
    page.get_by_test_id("user-search-submit").click()
    row = page.get_by_test_id("users-table").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(plain.email)
    row.get_by_test_id("disable").click()
    expect(row).to_contain_text("disabled")
    assert http.post("/auth/login", json={"email": plain.email, "password": plain.password}).status_code in (401, 403)
    row.get_by_test_id("enable").click()
    expect(row).to_contain_text("active")
    assert http.post("/auth/login", json={"email": plain.email, "password": plain.password}).status_code == 200
    console.shot("admin-users")

    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Audit log").click()
    page.get_by_test_id("audit-action").fill("admin.user.disabled")
    page.get_by_role("button", name="Filter").click()
    entries = page.get_by_test_id("audit-table").locator("tbody tr")
    expect(entries.filter(has_text=plain.id)).to_have_count(1)
    console.shot("admin-audit")

    owner = register_and_login(http).auth  # the disabled user's session has ended
    hook_id, letter_id = dead_delivery(http, owner, admin_auth)
    tried = attempts(http, owner, hook_id)
    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Dead letters").click()
    letters = http.get("/admin/dead-letters", headers=admin_auth).json()["items"]
    expect(page.get_by_test_id("dead-letter-table").locator("tbody tr")).to_have_count(len(letters))
    replay = page.locator(f'[data-testid="replay"][data-letter-id="{letter_id}"]')
    expect(replay).to_have_text("Replay")
    console.shot("admin-dead-letters")
    replay.click()
    expect(page.get_by_test_id("replay-status")).to_have_text("Replay of webhook:webhook.test requested.")
    # The replay is real: the delivery is attempted again.
    deadline = time.monotonic() + WAIT
    while attempts(http, owner, hook_id) <= tried:
        assert time.monotonic() < deadline, f"no new attempt within {WAIT}s of the replay"
        time.sleep(0.1)
