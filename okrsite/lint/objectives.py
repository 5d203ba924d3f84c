"""Checks on the shape of objectives: key results, grades, levels (Q101, Q102, Q113, Q114)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, Portal
from ..options import LintOptions
from ..score import EPSILON
from .registry import (
    _objectives,
    _plural,
    _statement_line,
    _warn,
    rule,
)

# --- Objectives and key results -------------------------------------------------------


def _key_result_range(options: LintOptions) -> str:
    low, high = options.min_key_results, options.max_key_results
    return f"exactly {low}" if low == high else f"{low} to {high}"


@rule(
    code="Q101",
    summary="An objective has fewer key results than the option lint.min_key_results (default 2).",
    why=(
        "An objective is only as clear as the results that say when it is reached. With a "
        "single key result the objective shrinks to one number, and that number can be met "
        'while the objective is missed. Article 000 "OKR vs KPI: The Core Difference '
        'Explained" and article 001 "OKR vs KPI: What\'s the Difference? (With Examples)" '
        "both describe an OKR as one objective backed by two to five measurable key results."
    ),
    sources=("000", "001"),
    bad=(
        "objective: Become the booking system marinas recommend to each other\n"
        "key_results:\n"
        "  - title: Referral sign-ups grow from 4 to 12 a month\n"
        "    baseline: 4\n"
        "    target: 12\n"
    ),
    good=(
        "objective: Become the booking system marinas recommend to each other\n"
        "key_results:\n"
        "  - title: Referral sign-ups grow from 4 to 12 a month\n"
        "    baseline: 4\n"
        "    target: 12\n"
        "  - title: Harbour masters rate us 4.5 of 5 or better in the season survey\n"
        "    baseline: 3.9\n"
        "    target: 4.5\n"
    ),
    option="lint.min_key_results",
)
def too_few_key_results(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q101: objectives with fewer key results than the minimum."""
    for objective in _objectives(portal):
        count = len(objective.key_results)
        if count < options.min_key_results:
            yield _warn(
                "Q101",
                objective.path,
                objective.lines.get("key_results", _statement_line(objective)),
                f"objective has {_plural(count, 'key result')}; give it "
                f"{_key_result_range(options)} measurable key results that together show "
                "it is reached",
            )


@rule(
    code="Q102",
    summary="An objective has more key results than the option lint.max_key_results (default 5).",
    why=(
        "Past five key results an objective is either too broad to steer by or its key "
        "results are so fine-grained that they describe work instead of outcomes; either "
        "way the team loses focus. Article 001 \"OKR vs KPI: What's the Difference? (With "
        'Examples)" sets five as the ceiling.'
    ),
    sources=("001",),
    bad=(
        "objective: Make the first week with Tidewright effortless\n"
        "key_results:\n"
        "  - {title: Median set-up time falls from 9 to 3 days, baseline: 9, target: 3}\n"
        "  - {title: New marinas importing their berth plan unaided reach 80%, target: 80}\n"
        "  - {title: First-week tickets per marina fall from 6 to 2, baseline: 6, target: 2}\n"
        "  - {title: Welcome e-mail open rate rises from 45% to 70%, baseline: 45, target: 70}\n"
        "  - {title: Onboarding survey score rises from 3.8 to 4.5, baseline: 3.8, target: 4.5}\n"
        "  - {title: Help-centre visits in week one grow from 2 to 4, baseline: 2, target: 4}\n"
    ),
    good=(
        "objective: Make the first week with Tidewright effortless\n"
        "key_results:\n"
        "  - {title: Median set-up time falls from 9 to 3 days, baseline: 9, target: 3}\n"
        "  - {title: New marinas importing their berth plan unaided reach 80%, target: 80}\n"
        "  - {title: First-week tickets per marina fall from 6 to 2, baseline: 6, target: 2}\n"
    ),
    option="lint.max_key_results",
)
def too_many_key_results(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q102: objectives with more key results than the maximum."""
    for objective in _objectives(portal):
        count = len(objective.key_results)
        if count > options.max_key_results:
            yield _warn(
                "Q102",
                objective.path,
                objective.lines.get("key_results", _statement_line(objective)),
                f"objective has {count} key results; keep {_key_result_range(options)}: "
                "drop the ones that describe work rather than outcomes, or split the "
                "objective in two",
            )


@rule(
    code="Q113",
    summary="An aspirational objective of a finished period scored a full 1.0.",
    why=(
        "Aspirational objectives are stretch goals: reaching about 70 % is a success, and a "
        "perfect score usually means the bar was set where the team already was. Article 001 "
        "\"OKR vs KPI: What's the Difference? (With Examples)\" cites Google's convention "
        "that full marks show a goal that was not ambitious enough. Committed objectives "
        "are meant to reach 1.0 and are not flagged."
    ),
    sources=("001",),
    bad=(
        "# period 2026-Q3 is over and every key result hit its target\n"
        "objective: Know which marinas we should talk to\n"
        "period: 2026-Q3\n"
        "type: aspirational\n"
        "key_results:\n"
        "  - {title: Qualified marinas grow from 0 to 40, target: 40, current: 40}\n"
        "  - {title: Harbour masters interviewed grow from 0 to 10, target: 10, current: 10}\n"
    ),
    good=(
        "# a goal that had to be met in full is a commitment\n"
        "objective: Know which marinas we should talk to\n"
        "period: 2026-Q3\n"
        "type: committed\n"
        "key_results:\n"
        "  - {title: Qualified marinas grow from 0 to 40, target: 40, current: 40}\n"
        "  - {title: Harbour masters interviewed grow from 0 to 10, target: 10, current: 10}\n"
    ),
)
def sandbagged_objective(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q113: aspirational objectives of a finished period with a perfect score."""
    for objective in _objectives(portal):
        period = objective.period
        if objective.type != "aspirational" or period is None or portal.as_of <= period.end:
            continue
        result = portal.objective_results.get(objective.id)
        if result is not None and result.score >= 1.0 - EPSILON:
            yield _warn(
                "Q113",
                objective.path,
                _statement_line(objective),
                f"aspirational objective scored {result.score:.1f} in {period.key}; a full "
                "score means the target was within easy reach: stretch further next period, "
                "or mark it 'type: committed' if it had to be met in full",
            )


@rule(
    code="Q114",
    summary="An objective is set at the individual level (off by default).",
    why=(
        "Most work worth an objective is shared, and personal objectives reward people for "
        'polishing their own corner while the whole suffers. Article 004 "OKRs vs KPIs: '
        'Stop Confusing the Steering Wheel with the Dashboard" argues that the objectives '
        "that matter belong to teams and the company. The check is off by default because "
        "many companies use individual OKRs on purpose; turn it on with "
        "lint: {select: [Q114]} in mkdocs.yml."
    ),
    sources=("004",),
    bad=(
        "objective: Close more marina deals than anyone else in sales\n"
        "level: individual\n"
        "team: sales\n"
    ),
    good=("objective: Win the marina groups of southern Europe\nlevel: team\nteam: sales\n"),
)
def individual_okr(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q114: individual-level objectives."""
    for objective in _objectives(portal):
        if objective.level == "individual":
            yield _warn(
                "Q114",
                objective.path,
                objective.lines.get("level", _statement_line(objective)),
                "objective is set for one person; make it a team objective (level: team) "
                "that the people involved share, or keep personal goals out of the portal",
            )
