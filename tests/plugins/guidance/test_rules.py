"""The rule engine: rules are data (TOML), their versions travel with what they find, thresholds decide outcomes."""

from __future__ import annotations

import pytest

from plugins.guidance.rules import DEFAULT_RULES, Item, RulesError, evaluate, load_rules, parse_rules

LOW_FUND = """
version = "test.1"

[[rules]]
id = "emergency_fund.low"
version = 7
category = "emergency_fund"
priority = "high"
conditions = [{ fact = "emergency_fund_months", op = "lt", value = THRESHOLD }]
cite = ["liquid_savings"]
message = "{emergency_fund_months:.1f} months, {liquid_savings:,.0f} saved"
"""


def low_fund(threshold: float) -> str:
    return LOW_FUND.replace("THRESHOLD", str(threshold))


def test_a_finding_names_its_rule_version_and_the_figures_that_triggered_it() -> None:
    rules = parse_rules(low_fund(3))
    [finding] = evaluate(rules, {"emergency_fund_months": 2.0, "liquid_savings": 4000.0, "unrelated": 1.0}, {})
    assert (finding.rule.id, finding.rule.version, finding.subject) == ("emergency_fund.low", 7, None)
    assert finding.inputs == (("emergency_fund_months", 2.0), ("liquid_savings", 4000.0))
    assert finding.message == "2.0 months, 4,000 saved"


def test_changing_a_threshold_changes_the_outcome() -> None:
    figures = {"emergency_fund_months": 2.0, "liquid_savings": 4000.0}
    assert len(evaluate(parse_rules(low_fund(3)), figures, {})) == 1
    assert evaluate(parse_rules(low_fund(1.5)), figures, {}) == []


def test_an_unknown_figure_makes_a_rule_not_apply() -> None:
    rules = parse_rules(low_fund(3))
    assert evaluate(rules, {"emergency_fund_months": None, "liquid_savings": 1.0}, {}) == []
    assert evaluate(rules, {"emergency_fund_months": 1.0}, {}) == []  # a cited figure is missing


def test_a_scoped_rule_runs_per_item_with_the_overall_figures_and_a_ref_condition() -> None:
    rules = parse_rules(
        """
        version = "t"
        [[rules]]
        id = "debt.expensive"
        version = 1
        category = "debt"
        priority = "medium"
        scope = "debt"
        conditions = [{ fact = "interest_rate", op = "gt", ref = "expected_return" }]
        labels = ["kind"]
        message = "{subject} ({kind}) at {interest_rate:.0%} > {expected_return:.0%}"
        """
    )
    items = {
        "debt": [
            Item("Visa", {"interest_rate": 0.2}, {"kind": "card"}),
            Item("Mortgage", {"interest_rate": 0.03}, {"kind": "loan"}),
        ]
    }
    [finding] = evaluate(rules, {"expected_return": 0.05}, items)
    assert finding.subject == "Visa"
    assert finding.message == "Visa (card) at 20% > 5%"
    assert finding.inputs == (("interest_rate", 0.2), ("expected_return", 0.05))


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        (low_fund(3).replace("liquid_savings:,.0f", "other:,.0f"), "neither reads nor cites"),
        (low_fund(3).replace('op = "lt"', 'op = "about"'), "not a valid rule set"),
        (low_fund(3).replace("value = 3", 'ref = "x", value = 3'), "exactly one of value and ref"),
        (low_fund(3) + low_fund(3).replace('version = "test.1"', ""), "defined twice"),
        (low_fund(3).replace("category =", "colour = 1\ncategory ="), "not a valid rule set"),
        (low_fund(3).replace("{liquid_savings:,.0f}", "{liquid_savings.real}"), "neither reads nor cites"),
    ],
)
def test_a_broken_rules_file_is_refused_naming_the_problem(text: str, complaint: str) -> None:
    with pytest.raises(RulesError, match=complaint):
        parse_rules(text)


def test_a_label_shown_as_a_number_is_refused_when_loaded() -> None:
    text = low_fund(3).replace('cite = ["liquid_savings"]', 'cite = ["liquid_savings"]\nlabels = ["date"]')
    with pytest.raises(RulesError, match="does not render"):
        parse_rules(text.replace("{liquid_savings:,.0f} saved", "{date:.1f}"))


def test_the_packaged_rules_load_with_distinct_versioned_ids() -> None:
    rules = load_rules(DEFAULT_RULES)
    assert rules.version
    ids = [rule.id for rule in rules.rules]
    assert len(ids) == len(set(ids)) >= 10
    assert {rule.scope for rule in rules.rules} == {"overall", "category", "anomaly", "debt"}
