"""``turnout top``: live request rate, error rate and latency per plugin, from every process's /metrics.

It scrapes the HTTP edge (all-in-one or gateway) and, when split, every service process, found
by the ``turnout.metrics`` URL each announces in its NATS micro service metadata (``$SRV.INFO``).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

import httpx
import msgspec
from nats.aio.client import Client
from rich.console import Console
from rich.live import Live
from rich.table import Table

from framework._gather import gather_replies
from framework._top_sample import Rates, Sample, rates, read_sample

__all__ = ["Sources", "discover_metrics_urls", "metrics_url", "render_rates", "run_top", "take_sample"]

_SCRAPE_TIMEOUT = 5.0


def metrics_url(base: str) -> str:
    """``base`` as a /metrics URL (a base URL gets the path added)."""
    base = base.rstrip("/")
    return base if base.endswith("/metrics") else base + "/metrics"


async def discover_metrics_urls(nc: Client, *, wait: float = 0.5) -> list[str]:
    """The /metrics URLs the service processes on NATS announce (one per process, however many plugins)."""
    urls: set[str] = set()
    for msg in await gather_replies(nc, "$SRV.INFO", wait=wait):
        with contextlib.suppress(msgspec.DecodeError, AttributeError, TypeError):
            url = (msgspec.json.decode(msg.data).get("metadata") or {}).get("turnout.metrics")
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                urls.add(url)
    return sorted(urls)


@dataclass
class Sources:
    """Where to scrape: fixed URLs, plus a NATS connection to find the service processes with."""

    urls: list[str]
    nats: Client | None = None
    token: str | None = None
    unreachable: list[str] = field(default_factory=list)
    scraped: int = 0

    async def all_urls(self) -> list[str]:
        found = await discover_metrics_urls(self.nats) if self.nats is not None else []
        return [*self.urls, *(url for url in found if url not in self.urls)]


async def take_sample(client: httpx.AsyncClient, sources: Sources) -> tuple[Sample, float]:
    """One sample of every source, and the monotonic time it was complete."""
    urls = await sources.all_urls()
    headers = {"Authorization": f"Bearer {sources.token}"} if sources.token else {}

    async def fetch(url: str) -> str | None:
        try:
            response = await client.get(url, headers=headers)
        except httpx.HTTPError:
            return None
        return response.text if response.status_code == 200 else None

    texts = await asyncio.gather(*(fetch(url) for url in urls))
    sources.unreachable = [url for url, text in zip(urls, texts, strict=True) if text is None]
    sources.scraped = len(urls) - len(sources.unreachable)
    return read_sample(text for text in texts if text is not None), time.monotonic()


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.2f}"


def render_rates(rows: list[Rates], sources: Sources, interval: float) -> Table:
    """The table of ``rows``: one per plugin and layer with traffic in the interval."""
    caption = f"{sources.scraped} process(es) scraped over {interval:g}s"
    if sources.unreachable:
        caption += f"; unreachable: {', '.join(sources.unreachable)}"
    table = Table(title="turnout top", caption=caption)
    table.add_column("plugin")
    table.add_column("via")
    for name in ("req/s", "5xx/s", "4xx/s", "err %", "p50 ms", "p99 ms"):
        table.add_column(name, justify="right")
    for row in rows:
        share = 100.0 * row.errors / row.requests if row.requests else 0.0
        table.add_row(
            row.plugin,
            row.layer,
            f"{row.requests:.1f}",
            f"{row.errors:.1f}",
            f"{row.client_errors:.1f}",
            f"{share:.1f}",
            _ms(row.p50),
            _ms(row.p99),
        )
    if not rows:
        table.add_row("(no requests)", "", "", "", "", "", "", "")
    return table


async def run_top(sources: Sources, *, interval: float, once: bool, console: Console) -> int:
    """Print the rates over ``interval`` seconds once, or refresh them every ``interval`` until Ctrl-C."""
    async with httpx.AsyncClient(timeout=_SCRAPE_TIMEOUT) as client:
        before, started = await take_sample(client, sources)
        if sources.scraped == 0:
            console.print(f"error: no /metrics answered: {', '.join(sources.unreachable) or 'nothing to scrape'}")
            return 1
        if once:
            await asyncio.sleep(interval)
            after, ended = await take_sample(client, sources)
            console.print(render_rates(rates(before, after, ended - started), sources, interval))
            return 0
        with Live(render_rates([], sources, interval), console=console, auto_refresh=False) as live:
            while True:
                await asyncio.sleep(interval)
                after, ended = await take_sample(client, sources)
                live.update(render_rates(rates(before, after, ended - started), sources, interval), refresh=True)
                before, started = after, ended
