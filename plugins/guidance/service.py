"""GuidanceServiceImpl: analyses from analytics, inference and simulation, and the recommendations they leave."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import overload

from framework import CallContext, FieldError, UnprocessableContent, require_user, utcnow
from generated.analytics import AnalyticsService
from generated.guidance.models import (
    Analysis,
    AnalysisInputs,
    AnalysisRequest,
    DebtPlan,
    EmergencyFund,
    Fire,
    FireProbability,
    Method,
    Recommendation,
    RecommendationPage,
    RecommendationStatusFilter,
    Summary,
)
from generated.guidance.models import Debt as DebtModel
from generated.inference import InferenceService
from generated.simulation import SimulationService
from plugins.guidance import store
from plugins.guidance.config import GuidanceConfig
from plugins.guidance.enrichment import risk_features, score_risk
from plugins.guidance.facts import Assumptions, Figures, figures
from plugins.guidance.finance import Debt
from plugins.guidance.probability import FirePlan, estimate, horizon_years, not_requested, unavailable
from plugins.guidance.rules import RuleSet, evaluate
from plugins.guidance.sources import read_snapshot

__all__ = ["GuidanceServiceImpl"]


@overload
def _given(value: object) -> float | None: ...
@overload
def _given(value: object, default: float) -> float: ...
def _given(value: object, default: float | None = None) -> float | None:
    """An inline input's value, ``default`` when the request left it out."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def _debt(debt: Debt) -> DebtModel:
    return DebtModel(
        name=debt.name,
        category=debt.category,
        balance=debt.balance,
        interest_rate=debt.interest_rate,
        minimum_payment=debt.minimum_payment,
    )


def _number(found: Figures, name: str) -> float:
    value = found.overall.get(name)
    return value if value is not None else 0.0


async def _nothing() -> FireProbability | None:
    return None


class GuidanceServiceImpl:
    """Implements GuidanceService over the analytics, inference and simulation services and its own table."""

    def __init__(
        self,
        config: GuidanceConfig,
        rules: RuleSet,
        analytics: AnalyticsService,
        inference: InferenceService,
        simulation: SimulationService,
    ) -> None:
        self.config = config
        self.rules = rules
        self.analytics = analytics
        self.inference = inference
        self.simulation = simulation

    def _period(self, body: AnalysisRequest) -> tuple[date, date]:
        end = body.end if isinstance(body.end, date) else datetime.now(UTC).date()
        if isinstance(body.start, date):
            start = body.start
        else:
            window = timedelta(days=self.config.analysis_window_days - 1)
            start = end - window if end - date.min >= window else date.min  # no overflow before year 1
        if start > end:
            raise UnprocessableContent(
                f"start ({start}) is after end ({end})",
                errors=[FieldError(field="start", message="must not be after end")],
            )
        return start, end

    def _assumptions(self, inputs: AnalysisInputs) -> Assumptions:
        config = self.config
        return Assumptions(
            expected_return=_given(inputs.expected_return, config.expected_return),
            safe_withdrawal_rate=_given(inputs.safe_withdrawal_rate, config.safe_withdrawal_rate),
            emergency_fund_target_months=_given(
                inputs.emergency_fund_target_months, config.emergency_fund_target_months
            ),
            annual_spending=_given(inputs.annual_spending),
            annual_savings=_given(inputs.annual_savings),
            current_investments=_given(inputs.current_investments),
            age=inputs.age if isinstance(inputs.age, int) else None,
        )

    async def _probability(self, ctx: CallContext, inputs: AnalysisInputs, found: Figures) -> FireProbability:
        target = found.overall["fire_number"]
        if target is None:
            return unavailable("no expenses are known, so there is no FIRE number to reach")
        plan = FirePlan(
            fire_number=target,
            current=_number(found, "current_investments"),
            annual_savings=_number(found, "annual_savings"),
            expected_return=_number(found, "expected_return"),
            volatility=_given(inputs.volatility, self.config.volatility),
            horizon_years=horizon_years(
                inputs.age if isinstance(inputs.age, int) else None,
                inputs.retirement_age if isinstance(inputs.retirement_age, int) else None,
                found.overall["years_to_fi"],
                self.config.fire_horizon_years,
            ),
            paths=self.config.fire_paths,
        )
        return await estimate(
            self.simulation, ctx, plan, wait=self.config.fire_wait_seconds, poll=self.config.fire_poll_seconds
        )

    async def analyze(self, ctx: CallContext, *, body: AnalysisRequest) -> Analysis:
        owner, _ = require_user(ctx)
        start, end = self._period(body)
        inputs = body.inputs if isinstance(body.inputs, AnalysisInputs) else AnalysisInputs()
        snapshot = await read_snapshot(self.analytics, ctx, start=start, end=end, max_assets=self.config.max_assets)
        found = figures(snapshot, self._assumptions(inputs))
        # The risk score and the simulation do not depend on each other: asked for at the same time.
        enrichment, probability = await asyncio.gather(
            score_risk(
                self.inference,
                ctx,
                risk_features(found.overall),
                model=self.config.risk_model,
                within=self.config.inference_timeout_seconds,
            ),
            self._probability(ctx, inputs, found) if body.fire_probability is True else _nothing(),
        )
        found.overall["risk_score"] = enrichment.risk.score if enrichment.risk is not None else None
        if probability is not None:
            found.overall["fire_probability"] = probability.value
            found.overall["fire_horizon_years"] = probability.horizon_years
        analysis_id, now = uuid.uuid4(), utcnow()
        recommendations = await store.replace(owner, analysis_id, evaluate(self.rules, found.overall, found.items), now)
        overall = found.overall
        return Analysis(
            id=analysis_id,
            created_at=now,
            start=start,
            end=end,
            rules_version=self.rules.version,
            summary=Summary(
                monthly_income=_number(found, "monthly_income"),
                monthly_expenses=_number(found, "monthly_expenses"),
                savings_rate=overall["savings_rate"],
                liquid_savings=_number(found, "liquid_savings"),
                investment_assets=_number(found, "investment_assets"),
                total_debt=_number(found, "total_debt"),
                credit_utilisation=overall["credit_utilisation"],
            ),
            emergency_fund=EmergencyFund(
                months=overall["emergency_fund_months"],
                target_months=_number(found, "emergency_fund_target_months"),
                shortfall=_number(found, "emergency_fund_shortfall"),
            ),
            fire=Fire(
                annual_expenses=_number(found, "annual_expenses"),
                annual_savings=_number(found, "annual_savings"),
                safe_withdrawal_rate=_number(found, "safe_withdrawal_rate"),
                expected_return=_number(found, "expected_return"),
                current_investments=_number(found, "current_investments"),
                fire_number=overall["fire_number"],
                years_to_fi=overall["years_to_fi"],
                probability=probability or not_requested(),
            ),
            debts=DebtPlan(
                method=Method.avalanche,
                order=[_debt(d) for d in found.avalanche],
                snowball_order=[d.name for d in found.snowball],
            ),
            enriched=enrichment.risk is not None,
            enrichment_reason=enrichment.reason,
            risk=enrichment.risk,
            recommendations=recommendations,
        )

    async def list_recommendations(
        self,
        ctx: CallContext,
        *,
        limit: int = 50,
        cursor: str | None = None,
        status: RecommendationStatusFilter = RecommendationStatusFilter.any,
    ) -> RecommendationPage:
        owner, _ = require_user(ctx)
        return await store.page(owner, status, limit=limit, cursor=cursor)

    async def dismiss_recommendation(self, ctx: CallContext, *, recommendation_id: uuid.UUID) -> Recommendation:
        owner, _ = require_user(ctx)
        return await store.dismiss(owner, recommendation_id)
