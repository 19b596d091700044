"""``[plugins.guidance]`` settings."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from framework import PluginConfig

__all__ = ["GuidanceConfig"]

Seconds = Annotated[float, Meta(gt=0, le=600)]


class GuidanceConfig(PluginConfig):
    """Decoded strictly from ``[plugins.guidance]``; every key has a safe default."""

    # A rules TOML file to use instead of the packaged plugins/guidance/rules.toml ("" = packaged).
    rules_file: str = ""
    # Days analysed up to the end date when a request gives no start.
    analysis_window_days: Annotated[int, Meta(ge=1, le=3660)] = 90
    # Defaults for what a request does not give inline.
    expected_return: Annotated[float, Meta(ge=-0.5, le=0.5)] = 0.05
    volatility: Annotated[float, Meta(ge=0, le=1)] = 0.15
    safe_withdrawal_rate: Annotated[float, Meta(gt=0, le=0.2)] = 0.04
    emergency_fund_target_months: Annotated[float, Meta(ge=0, le=60)] = 6.0
    # The FIRE probability's horizon when neither age and retirement age nor a finite years-to-FI give one.
    fire_horizon_years: Annotated[float, Meta(gt=0, le=100)] = 30.0
    # Paths of the FIRE probability's simulation (monthly steps over the horizon).
    fire_paths: Annotated[int, Meta(ge=100, le=100_000)] = 2_000
    # The longest an analysis waits for its simulation (less when the request's deadline is nearer).
    fire_wait_seconds: Seconds = 3.0
    # How often the analysis asks whether the simulation has finished.
    fire_poll_seconds: Seconds = 0.1
    # The inference risk score: its model, and the longest the analysis waits for it.
    risk_model: str = "financial-risk"
    inference_timeout_seconds: Seconds = 2.0
    # Assets read from analytics for one analysis (pages of 100).
    max_assets: Annotated[int, Meta(ge=1, le=100_000)] = 1_000
