"""Prometheus metrics in both placements: the HTTP edge, calls over NATS, served calls, jobs, events, plugins."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import nats
from prometheus_client.parser import text_string_to_metric_families

from framework._top import discover_metrics_urls
from tests._platform import RunningPlatform
from tests._wait import wait_until
from tests.conftest import Account, register_and_login

SMALL_SIMULATION: dict[str, Any] = {
    "assets": [{"name": "stocks", "weight": 1.0, "expected_return": 0.05, "volatility": 0.1}],
    "correlation": [[1]],
    "initial_value": 1000,
    "contribution": 0,
    "horizon_years": 1,
    "steps": 12,
    "paths": 1000,
    "seed": 3,
}


def service_metrics_urls(platform: RunningPlatform) -> list[str]:
    """The /metrics URLs the service processes announce on NATS (none all-in-one)."""
    url = platform.nats_url
    if url is None:
        return []

    async def discover() -> list[str]:
        nc = await nats.connect(url)
        try:
            return await discover_metrics_urls(nc)
        finally:
            await nc.close()

    return asyncio.run(discover())


def scrape(urls: list[str]) -> list[str]:
    texts = []
    for url in urls:
        response = httpx.get(url, timeout=10.0)
        assert response.status_code == 200, (url, response.text)
        assert response.headers["content-type"].startswith("text/plain")
        texts.append(response.text)
    return texts


def edge(platform: RunningPlatform) -> str:
    return scrape([f"{platform.base_url}/metrics"])[0]


def everywhere(platform: RunningPlatform) -> list[str]:
    """The metrics of every process of the platform: the HTTP edge and each service process."""
    return scrape([f"{platform.base_url}/metrics", *service_metrics_urls(platform)])


def value(texts: list[str] | str, sample: str, **labels: str) -> float:
    """The sum of the samples named ``sample`` whose labels include ``labels``, over ``texts``."""
    total = 0.0
    for text in [texts] if isinstance(texts, str) else texts:
        for family in text_string_to_metric_families(text):
            for item in family.samples:
                if item.name == sample and all(item.labels.get(k) == v for k, v in labels.items()):
                    total += item.value
    return total


def test_a_request_moves_the_edge_counter_and_histogram(
    platform: RunningPlatform, http: httpx.Client, account: Account
) -> None:
    labels = {"plugin": "auth", "operation": "getMe"}
    before = edge(platform)
    assert http.get("/auth/me", headers=account.auth).status_code == 200
    assert http.get("/auth/me").status_code == 401
    after = edge(platform)
    counter = "turnout_http_requests_total"
    assert value(after, counter, **labels, status="200") - value(before, counter, **labels, status="200") == 1
    assert value(after, counter, **labels, status="401") - value(before, counter, **labels, status="401") == 1
    count = "turnout_http_request_duration_seconds_count"
    assert value(after, count, **labels) - value(before, count, **labels) == 2
    assert value(after, "turnout_http_request_duration_seconds_sum", **labels) > 0
    # Every observation is in the +Inf bucket, and at least one under a second.
    bucket = "turnout_http_request_duration_seconds_bucket"
    assert value(after, bucket, **labels, le="+Inf") == value(after, count, **labels)
    assert value(after, bucket, **labels, le="1.0") >= 2
    role = "all-in-one" if platform.placement == "all-in-one" else "gateway"
    assert value(after, "turnout_process_info", role=role) == 1


def test_metrics_are_not_in_the_contract_nor_rate_limited(platform: RunningPlatform, http: httpx.Client) -> None:
    assert "/metrics" not in http.get("/schema/openapi.json").json()["paths"]
    for _ in range(3):
        assert http.get("/metrics").status_code == 200


def test_calls_over_nats_are_counted_at_the_caller_and_where_served(
    platform: RunningPlatform, http: httpx.Client, account: Account
) -> None:
    labels = {"plugin": "auth", "operation": "getMe"}
    services = service_metrics_urls(platform)
    before_edge, before_served = edge(platform), scrape(services)
    assert http.get("/auth/me", headers=account.auth).status_code == 200
    after_edge, after_served = edge(platform), scrape(services)
    calls = value(after_edge, "turnout_nats_calls_total", **labels, outcome="ok") - value(
        before_edge, "turnout_nats_calls_total", **labels, outcome="ok"
    )
    served = value(after_served, "turnout_served_calls_total", **labels, outcome="ok") - value(
        before_served, "turnout_served_calls_total", **labels, outcome="ok"
    )
    if platform.placement == "split":
        assert calls == 1  # the gateway called auth over NATS ...
        assert served == 1  # ... and one identity replica served it
        latency = "turnout_served_call_duration_seconds_count"
        assert value(after_served, latency, **labels) - value(before_served, latency, **labels) == 1
        # Each service process announces its own listener: identity's two replicas and one per other service.
        assert len(services) == len(platform.processes) - 1
        assert all(value(text, "turnout_process_info", role="service") == 1 for text in after_served)
    else:
        assert services == []
        assert calls == 0  # a colocated call never goes over NATS
        assert value(after_edge, "turnout_served_calls_total") == 0


def test_a_job_and_events_move_their_counters(platform: RunningPlatform, http: httpx.Client) -> None:
    before = everywhere(platform)
    account = register_and_login(http)  # publishes auth.user_registered
    created = http.post("/simulations", json=SMALL_SIMULATION, headers=account.auth)
    assert created.status_code == 202, created.text
    job_id = created.json()["id"]
    wait_until(lambda: http.get(f"/simulations/{job_id}", headers=account.auth).json()["status"] == "succeeded", 60)
    runs = {"plugin": "simulation", "outcome": "succeeded"}
    registered = {"event": "auth.user_registered"}
    finished = {"event": "turnout.job_finished"}

    def moved() -> bool:
        after = everywhere(platform)

        def grew(sample: str, **labels: str) -> bool:
            return value(after, sample, **labels) > value(before, sample, **labels)

        return (
            grew("turnout_job_duration_seconds_count", **runs)
            and grew("turnout_events_published_total", **registered)
            and grew("turnout_events_delivered_total", **registered)
            and grew("turnout_events_published_total", **finished)
        )

    wait_until(moved, 30)  # handlers run after the request answered
    after = everywhere(platform)
    kinds = [
        item.labels
        for text in after
        for family in text_string_to_metric_families(text)
        for item in family.samples
        if item.name == "turnout_job_queue_depth" and item.labels["plugin"] == "simulation"
    ]
    assert {labels["state"] for labels in kinds} == {"queued", "running"}  # read from the table at scrape time
    assert value(after, "turnout_events_dead_lettered_total", **registered) == 0


def test_the_simulation_backend_metric_says_numpy(platform: RunningPlatform) -> None:
    texts = everywhere(platform)
    assert value(texts, "turnout_simulation_backend_info", backend="numpy") == 1
    assert value(texts, "turnout_simulation_backend_info", backend="cupy") == 0
