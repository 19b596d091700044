"""Signing up, out and in through the console; a failed sign-in shows the Problem; a plain user has no admin pages."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.console.conftest import Console


def test_sign_up_sign_out_and_sign_in_again(console: Console) -> None:
    page = console.page
    email = console.sign_up()
    expect(page.get_by_test_id("files-page")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Files")).to_be_visible()
    console.shot("signed-up")

    page.get_by_test_id("sign-out").click()
    expect(page.get_by_test_id("sign-in-page")).to_be_visible()
    expect(page.get_by_test_id("who")).to_have_count(0)

    console.expect_error("status of 401")
    page.get_by_test_id("email").fill(email)
    page.get_by_test_id("password").fill("not the password at all")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-title")).to_have_text("401 Unauthorized")
    console.shot("sign-in-refused")

    page.get_by_test_id("password").fill("correct horse battery")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("who")).to_have_text(email)


def test_a_plain_user_sees_no_admin_pages(console: Console) -> None:
    page = console.page
    console.sign_up()
    expect(page.get_by_test_id("nav-notifications")).to_be_visible()
    expect(page.get_by_test_id("nav-admin")).to_have_count(0)
    for route in ("admin", "admin/users", "admin/audit", "admin/dead-letters"):
        console.go(route)
        expect(page.get_by_test_id("forbidden")).to_be_visible()
        expect(page.get_by_test_id("admin-dashboard")).to_have_count(0)
    console.shot("admin-forbidden")
