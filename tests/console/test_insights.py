"""Analytics and guidance in the console over a household put into analytics through its API."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import expect

from tests.conftest import register_and_login
from tests.console.conftest import Console
from tests.plugins.guidance._data import END, START, household


def test_cash_flow_health_categories_and_guidance_with_reasons(console: Console, http: httpx.Client) -> None:
    account = register_and_login(http)
    household(http, account)
    page = console.page
    console.sign_in(account.email, account.password)

    console.go("analytics")
    page.get_by_test_id("metrics-start").fill(START.isoformat())
    page.get_by_test_id("metrics-end").fill(END.isoformat())
    page.get_by_test_id("metrics-submit").click()
    chart = page.get_by_test_id("cash-flow-chart")
    # Three months: income and expenses bars for each, every one of non-zero size.
    expect(chart.locator("rect.bar.income")).to_have_count(3)
    expect(chart.locator("rect.bar.expenses")).to_have_count(3)
    for bar in chart.locator("rect.bar").all():
        box = bar.bounding_box()
        assert box is not None
        assert box["width"] > 0
        assert box["height"] > 0, bar.get_attribute("data-value")
    assert [bar.get_attribute("data-value") for bar in chart.locator("rect.bar.income").all()] == ["5000.00"] * 3
    score = page.get_by_test_id("health-score")
    expect(score).to_have_text(re.compile(r"^\d+ / 100$"))
    value = int((score.text_content() or "").split(" ")[0])
    expect(page.get_by_test_id("health-gauge").locator(".gauge-value")).to_have_attribute("data-score", str(value))
    assert page.get_by_test_id("health-components").locator("rect.bar").count() >= 3
    categories = page.get_by_test_id("category-chart")
    expect(categories).to_contain_text("groceries")
    expect(categories).to_contain_text("rent")
    assert all(float(bar.get_attribute("width") or "0") > 0 for bar in categories.locator("rect.bar").all())
    console.shot("analytics")

    console.go("guidance")
    page.get_by_test_id("analysis-start").fill(START.isoformat())
    page.get_by_test_id("analysis-end").fill(END.isoformat())
    page.get_by_test_id("analyze").click()
    expect(page.get_by_test_id("analysis-status")).to_contain_text("recommendation(s)")
    low = page.locator('[data-testid="recommendation"][data-rule-id="emergency_fund.low"]')
    expect(low).to_have_count(1)
    expect(low.get_by_test_id("rule-id")).to_contain_text("emergency_fund.low v")
    expect(low.get_by_test_id("reasons")).to_contain_text("emergency_fund_target_months = 6")
    rising = page.locator('[data-testid="recommendation"][data-rule-id="spending.category_rising"]')
    expect(rising.filter(has_text="on groceries because")).to_have_count(1)
    console.shot("guidance")

    before = page.get_by_test_id("recommendation").count()
    low.get_by_test_id("dismiss").click()
    expect(low).to_have_count(0)
    expect(page.get_by_test_id("recommendation")).to_have_count(before - 1)
