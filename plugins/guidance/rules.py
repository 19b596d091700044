"""Rules as data: a versioned rule set read from TOML, evaluated by one generic engine.

A rule names a scope (``overall``, or a kind of item such as ``category`` or ``debt``), conditions
over named figures (``fact op value`` or ``fact op ref``, all of which must hold), the figures it
cites, and a message template over those. Nothing about a particular rule lives in code: changing a
threshold, a message or adding a rule is an edit of the rules file, and its version.
"""

from __future__ import annotations

import operator
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import msgspec

__all__ = [
    "DEFAULT_RULES",
    "Condition",
    "Finding",
    "Item",
    "Rule",
    "RuleSet",
    "RulesError",
    "evaluate",
    "load_rules",
    "parse_rules",
]

DEFAULT_RULES = Path(__file__).with_name("rules.toml")
OVERALL = "overall"


class RulesError(ValueError):
    """The rules file is not a usable rule set; the message names the rule and what is wrong."""


class Op(StrEnum):
    lt = "lt"
    le = "le"
    gt = "gt"
    ge = "ge"
    eq = "eq"
    ne = "ne"


_COMPARE: dict[Op, Callable[[float, float], bool]] = {
    Op.lt: operator.lt,
    Op.le: operator.le,
    Op.gt: operator.gt,
    Op.ge: operator.ge,
    Op.eq: operator.eq,
    Op.ne: operator.ne,
}


class Condition(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """``fact op value`` or ``fact op ref`` (another figure); false when a figure it reads is unknown."""

    fact: str
    op: Op
    value: float | None = None
    ref: str | None = None

    def reads(self) -> tuple[str, ...]:
        return (self.fact,) if self.ref is None else (self.fact, self.ref)

    def holds(self, facts: Mapping[str, float | None]) -> bool:
        left = facts.get(self.fact)
        right = self.value if self.ref is None else facts.get(self.ref)
        return left is not None and right is not None and _COMPARE[self.op](left, right)


class Rule(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """One rule of the set; ``id`` and ``version`` travel with every recommendation it makes."""

    id: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    version: Annotated[int, msgspec.Meta(ge=1)]
    category: Annotated[str, msgspec.Meta(min_length=1)]
    priority: Annotated[str, msgspec.Meta(pattern="^(high|medium|low)$")]
    message: Annotated[str, msgspec.Meta(min_length=1)]
    conditions: Annotated[tuple[Condition, ...], msgspec.Meta(min_length=1)]
    scope: str = OVERALL
    # Figures the message shows besides those the conditions read; each must be known for the rule to apply.
    cite: tuple[str, ...] = ()
    # Text an item carries (a merchant's name, a date) that the message may show; never compared.
    labels: tuple[str, ...] = ()

    def cited(self) -> tuple[str, ...]:
        names = [name for condition in self.conditions for name in condition.reads()] + list(self.cite)
        return tuple(dict.fromkeys(names))


class RuleSet(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """The rules and the version of the set as a whole."""

    version: Annotated[str, msgspec.Meta(min_length=1)]
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """One thing a scoped rule is evaluated for: its name, its figures and its text labels."""

    subject: str
    facts: Mapping[str, float | None]
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that applied: which rule, for what, the figures that triggered it and the rendered message."""

    rule: Rule
    subject: str | None
    inputs: tuple[tuple[str, float], ...]
    message: str


def _check(rule: Rule) -> None:
    for condition in rule.conditions:
        if (condition.value is None) == (condition.ref is None):
            raise RulesError(f"rule {rule.id!r}: a condition on {condition.fact!r} needs exactly one of value and ref")
    known = set(rule.cited()) | set(rule.labels) | {"subject"}
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(rule.message) if name is not None}
    except ValueError as error:
        raise RulesError(f"rule {rule.id!r}: the message is not a valid template ({error})") from None
    unknown = sorted(f for f in fields if f not in known)
    if unknown:
        raise RulesError(f"rule {rule.id!r}: the message shows {', '.join(unknown)}, which it neither reads nor cites")
    sample: dict[str, object] = dict.fromkeys(rule.cited(), 1.0) | dict.fromkeys((*rule.labels, "subject"), "x")
    try:  # a number format on a label (or the like) fails here, not on a user's analysis
        rule.message.format_map(sample)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise RulesError(f"rule {rule.id!r}: the message does not render ({error})") from None


def parse_rules(text: str | bytes) -> RuleSet:
    """A rule set from TOML text, checked: distinct ids, well-formed conditions, templates over cited figures."""
    try:
        rules = msgspec.toml.decode(text, type=RuleSet)
    except msgspec.DecodeError as error:
        raise RulesError(f"the rules are not a valid rule set: {error}") from None
    seen: set[str] = set()
    for rule in rules.rules:
        if rule.id in seen:
            raise RulesError(f"rule {rule.id!r} is defined twice")
        seen.add(rule.id)
        _check(rule)
    return rules


def load_rules(path: Path = DEFAULT_RULES) -> RuleSet:
    """The rule set in ``path`` (the packaged rules by default)."""
    try:
        return parse_rules(path.read_bytes())
    except RulesError as error:
        raise RulesError(f"{path}: {error}") from None


def _apply(
    rule: Rule, subject: str | None, facts: Mapping[str, float | None], labels: Mapping[str, str]
) -> Finding | None:
    if not all(condition.holds(facts) for condition in rule.conditions):
        return None
    values: dict[str, float] = {}
    for name in rule.cited():
        value = facts.get(name)
        if value is None:  # the message would have a hole: the rule does not apply
            return None
        values[name] = value
    if any(label not in labels for label in rule.labels):
        return None
    shown: dict[str, object] = {**values, **labels, "subject": subject or ""}
    return Finding(rule, subject, tuple(values.items()), rule.message.format_map(shown))


def evaluate(rules: RuleSet, overall: Mapping[str, float | None], items: Mapping[str, Sequence[Item]]) -> list[Finding]:
    """Every rule against the overall figures, or against each item of its scope (overall figures included)."""
    findings: list[Finding] = []
    for rule in rules.rules:
        if rule.scope == OVERALL:
            found = _apply(rule, None, overall, {})
            findings += [found] if found is not None else []
            continue
        for item in items.get(rule.scope, ()):
            found = _apply(rule, item.subject, {**overall, **item.facts}, item.labels)
            findings += [found] if found is not None else []
    return findings
