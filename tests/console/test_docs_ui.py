"""The API docs UI at /schema renders in a real browser from this origin alone (the machine has no outside network)."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect

from tests.console.conftest import Console


def test_the_docs_ui_lists_every_operation_with_nothing_from_outside(console: Console, http: httpx.Client) -> None:
    document = http.get("/schema/openapi.json").json()
    operations = {
        op["operationId"] for item in document["paths"].values() for op in item.values() if "operationId" in op
    }
    page = console.page
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(f"{console.origin}/schema")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(document["info"]["title"])
    blocks = page.locator(".opblock")
    expect(blocks.first).to_be_visible()
    # Swagger UI lists an operation under each of its tags: block ids are "operations-<tag>-<operationId>".
    ids = blocks.evaluate_all("nodes => nodes.map(node => node.id)")
    shown = {block_id.split("-", 2)[2] for block_id in ids}
    assert missing == []
    webhooks = {op["operationId"] for item in document.get("webhooks", {}).values() for op in item.values()}
    assert shown == operations | webhooks  # every operation, and every event as a webhook
    expect(page.locator(".opblock-summary-path", has_text="/auth/me").first).to_be_visible()
    console.shot("api-docs")
    # The conftest fixture then fails the test on any console error or any request outside the origin.
