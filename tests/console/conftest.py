"""The console in a real headless Chromium over the session platforms (both placements).

One browser for the session, one context per test; each test's page must log no console error and
request nothing outside the platform's origin. Screenshots go to test-artifacts/console/<placement>/.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests._browser import launch
from tests._platform import REPO, RunningPlatform

ARTIFACTS = REPO / "test-artifacts" / "console"
WAIT_MS = 60_000  # a bound for failure only: CI is a loaded 2-core machine
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Per module: Playwright's sync API marks an event loop as running in this thread while it is open,
    which would stop the asyncio tests that share this worker."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Console:
    """A page on the platform's console, and what it did that it should not have."""

    page: Page
    origin: str
    shots: Path
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)  # console errors a test provokes on purpose

    def expect_error(self, pattern: str) -> None:
        """A console error matching ``pattern`` is part of the test (Chromium logs every 4xx answer)."""
        self.expected.append(pattern)

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(re.search(p, e) for p in self.expected)]

    def open(self, route: str = "") -> None:
        self.page.goto(f"{self.origin}/console#/{route}")

    def shot(self, step: str) -> Path:
        path = self.shots / f"{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def sign_up(self, email: str | None = None, password: str = PASSWORD) -> str:
        email = email or f"console-{uuid.uuid4().hex[:12]}@example.com"
        self.open("sign-up")
        self.page.get_by_test_id("email").fill(email)
        self.page.get_by_test_id("password").fill(password)
        self.page.get_by_test_id("submit").click()
        expect(self.page.get_by_test_id("who")).to_have_text(email)
        return email

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        self.open("sign-in")
        self.page.get_by_test_id("email").fill(email)
        self.page.get_by_test_id("password").fill(password)
        self.page.get_by_test_id("submit").click()
        expect(self.page.get_by_test_id("who")).to_have_text(email)

    def go(self, route: str) -> None:
        """Follow the navigation (a hash change, as a user's click is)."""
        self.page.evaluate("route => { window.location.hash = '#/' + route; }", route)


@pytest.fixture
def console(browser: Browser, platform: RunningPlatform) -> Iterator[Console]:
    expect.set_options(timeout=WAIT_MS)
    origin = platform.base_url.rstrip("/")
    shots = ARTIFACTS / platform.placement
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(base_url=origin, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    found = Console(page, origin, shots)
    host = urlsplit(origin).netloc
    page.on("console", lambda m: found.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: found.errors.append(f"page error: {error}"))

    def outside(url: str) -> bool:
        return not re.match(r"^(data|blob):", url) and urlsplit(url).netloc != host

    page.on("request", lambda r: found.outside.append(r.url) if outside(r.url) else None)
    try:
        yield found
    finally:
        context.close()
    assert found.unexpected_errors() == [], found.errors
    assert found.outside == [], f"requests outside the origin: {found.outside}"
