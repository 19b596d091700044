"""``[plugins.analytics]`` settings."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from framework import PluginConfig

__all__ = ["AnalyticsConfig"]

AtLeastOne = Annotated[int, Meta(ge=1)]


class AnalyticsConfig(PluginConfig):
    """Decoded strictly from ``[plugins.analytics]``; every key has a safe default."""

    # Transactions one import (a JSON batch or a file's rows) may hold; more is refused with 422.
    max_import_rows: AtLeastOne = 100_000
    # Largest CSV/XLSX file read through the files service; larger is refused with 422.
    max_file_bytes: AtLeastOne = 20 * 1024 * 1024
    # Rows per multi-row INSERT statement of an import (8 values each; both databases allow 32,766).
    insert_chunk_rows: Annotated[int, Meta(ge=1, le=4000)] = 2000
    # Assets and liabilities one user may hold; one more is refused with 409.
    max_assets_per_user: AtLeastOne = 1000
    # Longest range of a metrics query, in days; longer is refused with 422.
    max_range_days: AtLeastOne = 3660
    # Merchants listed in top_merchants, and anomalies listed at most.
    top_merchants: AtLeastOne = 10
    max_anomalies: AtLeastOne = 50
    # Metrics answers kept per process: how long, and how many (least recently used dropped first).
    cache_ttl_seconds: Annotated[float, Meta(ge=0)] = 300.0
    cache_max_entries: Annotated[int, Meta(ge=0)] = 1024
