"""What the guidance plugin needs from the inference service, written down as a pact (consumer side).

Guidance enriches an analysis with the default model's risk score (``predict`` with the six features
it computes from analytics), and turns a refusal (a model that does not exist) into an analysis
without the score. The calls go through the generated ``InferenceClient`` to pact's mock server; the
pact must equal the committed ``pacts/guidance-inference.json``, verified by ``test_inference_provider``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from pact import Pact, match

from framework import CallContext
from framework.transports._http import HttpTransport
from generated.inference import InferenceClient
from plugins.guidance.enrichment import FEATURES, risk_features, score_risk
from tests.pacts._harness import assert_pact_committed, bearer_from_state, mock_provider

CORRELATION_ID = "7c1e0f3a9b2d4c5e8f6a1b2c3d4e5f60"
CORRELATION_PATTERN = r"^[A-Za-z0-9._:\-]{1,128}$"
TOKEN = "example-access-token"
FIGURES: dict[str, float | None] = {
    "monthly_income": 5_000.0,
    "monthly_expenses": 3_000.0,
    "liquid_savings": 4_000.0,
    "total_debt": 2_000.0,
    "credit_utilisation": 0.5,
    "current_investments": 20_000.0,
}
MISSING_MODEL = "no-such-model"


def _predict(pact: Pact, description: str, model: str) -> None:
    features = {name: match.number(value) for name, value in risk_features(FIGURES).items()}
    interaction = (
        pact.upon_receiving(description)
        .given("a signed-in user")
        .with_request("POST", "/inference/predict")
        .with_header("Authorization", bearer_from_state(TOKEN))
        .with_header("X-Correlation-ID", match.regex(CORRELATION_ID, regex=CORRELATION_PATTERN))
        .with_body({"model": model, "features": features}, content_type="application/json")
    )
    if model == MISSING_MODEL:
        problem = {"type": match.str("about:blank"), "title": match.str("Not Found"), "status": 404}
        interaction.will_respond_with(404).with_body(problem, content_type="application/problem+json")
        return
    contribution = {
        "feature": match.str("total_debt"),
        "value": match.number(2000.0),
        "contribution": match.number(0.1),
    }
    interaction.will_respond_with(200).with_body(
        {
            "model": model,
            "version": match.int(1),
            "score": match.number(0.42),
            "label": match.regex("medium", regex=r"^(low|medium|high)$"),
            "contributions": match.each_like(contribution, min=len(FEATURES)),
        },
        content_type="application/json",
    )


def expect_risk_score(pact: Pact) -> None:
    _predict(pact, "a risk score of the default model's features", "financial-risk")


def expect_missing_model_refused(pact: Pact) -> None:
    _predict(pact, "a risk score from a model that does not exist", MISSING_MODEL)


async def enriched(inference: InferenceClient) -> None:
    found = await score_risk(
        inference, CallContext(correlation_id=CORRELATION_ID), risk_features(FIGURES), model="financial-risk", within=10
    )
    assert found.risk is not None
    assert (found.risk.model, found.risk.label, found.reason) == ("financial-risk", "medium", None)


async def not_enriched(inference: InferenceClient) -> None:
    found = await score_risk(
        inference, CallContext(correlation_id=CORRELATION_ID), risk_features(FIGURES), model=MISSING_MODEL, within=10
    )
    assert found.risk is None
    assert found.reason is not None
    assert "404" in found.reason


EDGE: list[tuple[Callable[[Pact], None], Callable[[InferenceClient], Awaitable[None]]]] = [
    (expect_risk_score, enriched),
    (expect_missing_model_refused, not_enriched),
]


@asynccontextmanager
async def inference_client(base_url: str) -> AsyncIterator[InferenceClient]:
    transport = HttpTransport(base_url, bearer_token=TOKEN)
    try:
        yield InferenceClient(transport)
    finally:
        await transport.aclose()


async def test_guidance_scores_risk_through_inference(tmp_path: Path) -> None:
    for expect, call in EDGE:
        with mock_provider(tmp_path, "guidance", "inference", expect) as url:
            async with inference_client(url) as inference:
                await call(inference)
    assert_pact_committed(tmp_path, "guidance", "inference")
