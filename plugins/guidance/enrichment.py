"""The inference risk score, when inference answers; the reason it is missing when it does not."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import msgspec

from framework import CallContext, GatewayTimeout, ServiceError, ServiceUnavailable
from generated.guidance.models import RiskScore
from generated.inference import InferenceService
from generated.inference.models import PredictRequest

__all__ = ["FEATURES", "Enrichment", "risk_features", "score_risk"]

# The default model's features, each read from the figure of the same meaning.
FEATURES = {
    "monthly_income": "monthly_income",
    "monthly_expenses": "monthly_expenses",
    "liquid_savings": "liquid_savings",
    "total_debt": "total_debt",
    "credit_utilisation": "credit_utilisation",
    "investment_assets": "current_investments",
}


@dataclass(frozen=True, slots=True)
class Enrichment:
    """The risk score, or None with the reason."""

    risk: RiskScore | None
    reason: str | None = None


def risk_features(figures: Mapping[str, float | None]) -> dict[str, float]:
    """The model's features from the analysis's figures; unknown ones (no credit limit) count as 0."""
    features = {name: max(0.0, figures.get(source) or 0.0) for name, source in FEATURES.items()}
    features["credit_utilisation"] = min(1.0, features["credit_utilisation"])  # over the limit is still 1
    return features


def _bounded(ctx: CallContext, seconds: float) -> CallContext:
    """The caller's context with a deadline no later than ``seconds`` from now."""
    deadline = time.time() + seconds
    return msgspec.structs.replace(ctx, deadline=min(deadline, ctx.deadline or deadline))


async def score_risk(
    inference: InferenceService, ctx: CallContext, features: dict[str, float], *, model: str, within: float
) -> Enrichment:
    """Ask inference for the risk score within ``within`` seconds; whatever goes wrong is a reason, not a failure."""
    try:
        prediction = await inference.predict(_bounded(ctx, within), body=PredictRequest(model=model, features=features))
    except ServiceUnavailable as error:
        return Enrichment(None, f"the inference service is unavailable ({error.detail or error.title})")
    except GatewayTimeout:
        return Enrichment(None, f"the inference service did not answer within {within:g} s")
    except ServiceError as error:  # a missing model or a refusal must not cost the user the analysis
        return Enrichment(
            None, f"the inference service refused the risk score ({error.status}: {error.detail or error.title})"
        )
    risk = RiskScore(
        model=prediction.model, version=prediction.version, score=prediction.score, label=prediction.label.value
    )
    return Enrichment(risk)
