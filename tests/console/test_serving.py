"""GET /console serves the built console from either placement's HTTP app, under a same-origin-only CSP."""

from __future__ import annotations

from pathlib import Path

import httpx

import generated
from tests._platform import RunningPlatform

BUILT = Path(generated.__file__).parent / "console"


def test_the_page_and_its_assets_are_served_with_a_same_origin_policy(http: httpx.Client) -> None:
    for path in ("/console", "/console/"):
        page = http.get(path)
        assert page.status_code == 200, page.text
        assert page.headers["content-type"].startswith("text/html")
        assert page.content == (BUILT / "index.html").read_bytes()
        policy = page.headers["content-security-policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "http" not in policy  # no other origin is named
        assert page.headers["x-content-type-options"] == "nosniff"
    script = http.get("/console/app.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert script.content == (BUILT / "app.js").read_bytes()
    assert http.get("/console/styles.css").headers["content-type"].startswith("text/css")


def test_assets_revalidate_with_an_etag(http: httpx.Client) -> None:
    first = http.get("/console/app.js")
    assert first.headers["cache-control"] == "no-cache"
    again = http.get("/console/app.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_unknown_files_are_404_and_the_console_is_not_in_the_api_document(
    http: httpx.Client, platform: RunningPlatform
) -> None:
    for path in ("/console/nope.js", "/console/..%2Fopenapi.json", "/console/%2e%2e"):
        assert http.get(path).status_code == 404, path
    paths = http.get("/schema/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/console")]
