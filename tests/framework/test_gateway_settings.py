"""Gateway settings: CORS origins and per-client rate limiting come from platform.toml."""

from __future__ import annotations

from pathlib import Path

from tests._platform import start_platform
from tests.conftest import assert_problem


def test_cors_and_rate_limit_from_settings(tmp_path: Path) -> None:
    running = start_platform(tmp_path, gateway={"cors_origins": ["https://app.example"], "rate_limit_per_minute": 20})
    try:
        with running.client() as http:
            preflight = http.options(
                "/auth/me",
                headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"},
            )
            assert preflight.status_code in (200, 204)
            assert preflight.headers["access-control-allow-origin"] == "https://app.example"
            stranger = http.get("/auth/.well-known/jwks.json", headers={"Origin": "https://evil.example"})
            assert "access-control-allow-origin" not in stranger.headers

            statuses = [http.get("/auth/.well-known/jwks.json").status_code for _ in range(25)]
            assert statuses.count(200) <= 20
            limited = http.get("/auth/.well-known/jwks.json")
            assert_problem(limited, 429)
            assert http.get("/health").status_code == 200  # probes are never limited
    finally:
        running.stop()
