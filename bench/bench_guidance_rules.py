"""Benchmark of guidance's rules as data: the generic engine over the packaged TOML rules, against the
same rules written as Python code, side by side in one run.

- engine: ``plugins.guidance.rules.evaluate`` with the packaged rule set (conditions read from data,
  messages from templates);
- baseline: the same sixteen rules hand-written as ``if`` statements with f-string messages.

Both evaluate the same ``--households`` synthetic households (figures computed once, outside the timing);
each must find exactly the same (rule, subject, message) triples before anything is timed. Printed:
households per second of each (best of ``--rounds``) and the engine's cost as a ratio to the baseline,
written to ``bench/results/guidance_rules.json``.

Usage: ``uv run python bench/bench_guidance_rules.py [--quick] [--households N] [--rounds N]``.
"""

# ruff: noqa: E501  (the baseline keeps each rule's message on one line, as the rules file does)
from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from bench._machine import BenchError, busy_cores, cpu_model, record
from plugins.guidance.facts import Anomaly, Assumptions, CategorySpend, Figures, Holding, Snapshot, figures
from plugins.guidance.rules import Item, evaluate, load_rules

__all__ = ["hand_written", "households", "main", "run_benchmark"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "bench" / "results" / "guidance_rules.json"
GOAL_RATIO = 5.0  # the engine may cost at most this many times the hand-written rules

Found = tuple[str, str | None, str]


def households(count: int, seed: int = 20260101) -> list[Figures]:
    """``count`` synthetic households' figures: three months of spending, maybe an anomaly, a few holdings."""
    rng = random.Random(seed)
    assume = Assumptions(expected_return=0.05, safe_withdrawal_rate=0.04, emergency_fund_target_months=6)
    found = []
    for _ in range(count):
        spending = [
            CategorySpend(date(2026, month, 1), category, rng.uniform(50, 2000))
            for month in (1, 2, 3)
            for category in ("rent", "groceries", "transport", "leisure")
        ]
        anomalies = [Anomaly(date(2026, 3, 9), "Shop", "leisure", -900.0, -40.0, 6.0)] if rng.random() < 0.3 else []
        holdings = [
            Holding("Checking", "asset", "cash", rng.uniform(0, 30_000)),
            Holding("Fund", "asset", "investment", rng.uniform(0, 100_000)),
            Holding("Card", "liability", "credit_card", rng.uniform(0, 5_000), rng.uniform(0.1, 0.3), 5_000.0),
            Holding("Loan", "liability", "loan", rng.uniform(0, 20_000), rng.uniform(0.02, 0.1)),
        ]
        income, expenses = rng.uniform(2_000, 9_000), rng.uniform(1_500, 8_000)
        snapshot = Snapshot(date(2026, 1, 1), date(2026, 3, 31), income, expenses, spending, anomalies, holdings)
        found.append(figures(snapshot, assume))
    return found


def _get(facts: Mapping[str, float | None], *names: str) -> list[float] | None:
    values = [facts.get(name) for name in names]
    return None if any(v is None for v in values) else [v for v in values if v is not None]


def _overall(f: Mapping[str, float | None]) -> list[Found]:
    out: list[Found] = []
    if (v := _get(f, "emergency_fund_months", "emergency_fund_target_months")) and v[0] < 1:
        out.append(
            (
                "emergency_fund.missing",
                None,
                f"Your liquid savings cover less than a month of expenses ({v[0]:.1f}); start an emergency fund towards {v[1]:.0f} months before anything else.",
            )
        )
    if (v := _get(f, "emergency_fund_months", "emergency_fund_target_months", "emergency_fund_shortfall")) and 1 <= v[
        0
    ] < v[1]:
        out.append(
            (
                "emergency_fund.low",
                None,
                f"Your liquid savings cover {v[0]:.1f} months of expenses; build them up to {v[1]:.0f} months ({v[2]:,.0f} more).",
            )
        )
    if (v := _get(f, "net_monthly", "monthly_income", "monthly_expenses")) and v[0] < 0:
        out.append(
            (
                "savings.negative_cash_flow",
                None,
                f"You spend more than you earn: {v[2]:,.0f} a month against {v[1]:,.0f} of income.",
            )
        )
    if (v := _get(f, "savings_rate")) and 0 <= v[0] < 0.1:
        out.append(("savings.rate_low", None, f"You save {v[0]:.0%} of your income; aim for at least 10%."))
    names = (
        "fire_number",
        "years_to_fi",
        "annual_expenses",
        "safe_withdrawal_rate",
        "annual_savings",
        "expected_return",
    )
    if (v := _get(f, *names)) and v[0] > 0 and v[1] >= 0:
        out.append(
            (
                "fire.progress",
                None,
                f"Your FIRE number is {v[0]:,.0f} ({v[2]:,.0f} a year at a {v[3]:.1%} withdrawal rate); saving {v[4]:,.0f} a year at {v[5]:.1%} return, you reach it in {v[1]:.1f} years.",
            )
        )
    if (
        (v := _get(f, "fire_number", "fi_reachable", "annual_savings", "current_investments"))
        and v[0] > 0
        and v[1] == 0
    ):
        out.append(
            (
                "fire.unreachable",
                None,
                f"With {v[3]:,.0f} invested and {v[2]:,.0f} saved a year you do not reach your FIRE number of {v[0]:,.0f}: save more or plan lower spending.",
            )
        )
    if (v := _get(f, "fire_probability", "fire_horizon_years", "fire_number")) and v[0] < 0.5:
        out.append(
            (
                "fire.probability_low",
                None,
                f"The simulation gives a {v[0]:.0%} chance of reaching {v[2]:,.0f} within {v[1]:.0f} years.",
            )
        )
    if (v := _get(f, "credit_utilisation")) and v[0] > 0.3:
        out.append(
            (
                "credit.utilisation_high",
                None,
                f"Your credit cards use {v[0]:.0%} of their limits; keeping it under 30% lowers interest and helps your credit score.",
            )
        )
    if (
        (v := _get(f, "excess_liquid", "max_debt_rate", "emergency_fund_target_months"))
        and v[0] >= 1000
        and v[1] < 0.08
    ):
        out.append(
            (
                "invest.idle_cash",
                None,
                f"Beyond a {v[2]:.0f}-month emergency fund, {v[0]:,.0f} sits in cash: consider investing it in a diversified low-cost fund.",
            )
        )
    invest = ("current_investments", "net_monthly", "emergency_fund_months", "emergency_fund_target_months")
    if (v := _get(f, *invest)) and v[0] == 0 and v[1] > 0 and v[2] >= v[3]:
        out.append(
            (
                "invest.start_investing",
                None,
                f"Your emergency fund is in place and you save {v[1]:,.0f} a month: start investing part of it for the long term.",
            )
        )
    if (v := _get(f, "risk_score")) and v[0] >= 0.66:
        out.append(
            (
                "risk.high",
                None,
                f"The risk model rates your finances as high risk ({v[0]:.2f}): the emergency fund and debt recommendations come first.",
            )
        )
    return out


def hand_written(
    overall: Mapping[str, float | None], items: Mapping[str, Sequence[Item]], order: Mapping[str, int]
) -> list[Found]:
    """The packaged rules as code, in the rule set's order: what the engine is measured against."""
    out: list[Found] = []
    for item in items.get("category", ()):
        f = item.facts
        if (
            (v := _get(f, "history_periods", "share_change", "amount", "share", "usual_share"))
            and v[0] >= 1
            and v[1] >= 0.05
            and v[2] >= 50
        ):
            out.append(
                (
                    "spending.category_share_high",
                    item.subject,
                    f"{item.subject} took {v[3]:.0%} of your spending in the latest period, above its usual {v[4]:.0%}.",
                )
            )
    for item in items.get("category", ()):
        if (v := _get(item.facts, "rising_periods", "growth")) and v[0] >= 2 and v[1] >= 0.2:
            out.append(
                (
                    "spending.category_rising",
                    item.subject,
                    f"Spending on {item.subject} has risen {v[0]:.0f} periods in a row, now {v[1]:.0%} above its usual level.",
                )
            )
    for item in items.get("anomaly", ()):
        if (v := _get(item.facts, "score", "amount", "median")) and v[0] >= 3.0:
            out.append(
                (
                    "anomaly.unusual_transaction",
                    item.subject,
                    f"A payment of {v[1]:,.2f} to {item.subject} on {item.labels['date']} is far above the usual {v[2]:,.2f}: check that you expected it.",
                )
            )
    found = _overall(overall)
    debts: list[Found] = []
    for item in items.get("debt", ()):
        f = {**overall, **item.facts}
        if (v := _get(f, "avalanche_rank", "balance", "interest_rate")) and v[0] == 1 and v[1] > 0:
            debts.append(
                (
                    "debt.avalanche_first",
                    item.subject,
                    f"Pay down {item.subject} first: at {v[2]:.1%} it costs the most interest (avalanche). Paying the smallest balance first ({item.labels['snowball_first']}, the snowball method) costs more but gives quicker wins.",
                )
            )
    high: list[Found] = []
    for item in items.get("debt", ()):
        f = {**overall, **item.facts}
        if (v := _get(f, "interest_rate", "expected_return", "balance")) and v[0] >= 0.08 and v[0] > v[1] and v[2] > 0:
            high.append(
                (
                    "debt.high_interest",
                    item.subject,
                    f"{item.subject} costs {v[0]:.1%} a year, more than investing is expected to earn ({v[1]:.1%}): repaying it is the better return on {v[2]:,.0f}.",
                )
            )
    return sorted(out + found + debts + high, key=lambda f: order[f[0]])


def _best(run: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def run_benchmark(count: int, rounds: int) -> dict[str, object]:
    rules = load_rules()
    order = {rule.id: i for i, rule in enumerate(rules.rules)}
    data = households(count)

    def engine() -> list[list[Found]]:
        return [[(x.rule.id, x.subject, x.message) for x in evaluate(rules, h.overall, h.items)] for h in data]

    def baseline() -> list[list[Found]]:
        return [hand_written(h.overall, h.items, order) for h in data]

    if engine() != baseline():
        raise BenchError("the engine and the hand-written rules disagree: fix the baseline before timing")
    engine_s, baseline_s = _best(engine, rounds), _best(baseline, rounds)
    ratio = engine_s / baseline_s
    print(f"households: {count}, rounds: {rounds}, cpu: {cpu_model()}, busy cores at start: {busy_cores(0.2)}")
    print(f"engine (rules as data):   {count / engine_s:12,.0f} households/s")
    print(f"baseline (rules as code): {count / baseline_s:12,.0f} households/s")
    print(f"engine / baseline time:   {ratio:12.2f}x (goal: at most {GOAL_RATIO:g}x)")
    if ratio > GOAL_RATIO:
        raise BenchError(f"the engine costs {ratio:.2f}x the hand-written rules, over the goal of {GOAL_RATIO:g}x")
    return {"households": count, "engine_per_s": count / engine_s, "baseline_per_s": count / baseline_s, "ratio": ratio}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2,000 households, 3 rounds")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    count, rounds = (2_000, 3) if args.quick else (args.households, args.rounds)
    return record(lambda: run_benchmark(count, rounds), args.output)


if __name__ == "__main__":
    raise SystemExit(main())
