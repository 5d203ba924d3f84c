"""Rules on the wording of statements (Q103-Q105); :mod:`okrsite.text` judges."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, Portal
from ..options import LintOptions
from ..text import (
    judge_key_result_is_task,
    judge_objective_is_a_number,
    judge_objective_reads_like_kpi,
)
from .registry import (
    _objectives,
    _silenced_by_page,
    _statement_line,
    _warn,
    rule,
)


@rule(
    code="Q103",
    summary="The objective keeps a metric at a level instead of describing a change.",
    why=(
        "Holding a number steady is what a KPI is for; an objective should name a state "
        "that does not exist yet. Article 001 \"OKR vs KPI: What's the Difference? (With "
        'Examples)" calls upkeep goals dressed up as OKRs the most common mistake, and '
        'article 004 "OKRs vs KPIs: Stop Confusing the Steering Wheel with the Dashboard" '
        "warns that an objective reduced to hitting a number is just a KPI under a new name."
    ),
    sources=("001", "004"),
    bad="objective: Keep berth occupancy above 85%\n",
    good=(
        "objective: Make a full harbour the normal state of every season\n"
        "# keep the 85% level as a KPI (kpis/berth-occupancy.md)\n"
    ),
)
def objective_reads_like_kpi(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q103: objective statements that maintain a level, judged by :mod:`okrsite.text`."""
    for objective in _objectives(portal):
        judgement = judge_objective_reads_like_kpi(objective.objective)
        if judgement.fires:
            yield _warn(
                "Q103",
                objective.path,
                _statement_line(objective),
                f"objective reads like a KPI ({judgement.reason}); describe the change you "
                "want to bring about, and watch the level itself as a KPI",
            )


@rule(
    code="Q104",
    summary="A key result names an activity or a deliverable rather than a measured outcome.",
    why=(
        "Finishing a piece of work says nothing about whether it made a difference; the "
        "key result should be the difference. Article 001 \"OKR vs KPI: What's the "
        'Difference? (With Examples)" insists that key results describe results and not '
        "tasks, and contrasts launching something with the outcome the launch should bring."
    ),
    sources=("001",),
    bad=("key_results:\n  - title: Launch the self-service booking page\n    done: false\n"),
    good=(
        "key_results:\n"
        "  - title: Share of bookings made without a phone call grows from 20% to 60%\n"
        "    baseline: 20\n"
        "    target: 60\n"
        '    unit: "%"\n'
    ),
)
def key_result_is_a_task(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q104: key results whose title reads like a task, judged by :mod:`okrsite.text`."""
    for objective in _objectives(portal):
        for kr in objective.key_results:
            judgement = judge_key_result_is_task(
                kr.title, kind=kr.kind, has_unit=bool(kr.unit), has_kpi=bool(kr.kpi)
            )
            if judgement.fires:
                yield _warn(
                    "Q104",
                    objective.path,
                    kr.lines.get("title", kr.line),
                    f"key result '{kr.id}' reads like a task ({judgement.reason}); state the "
                    "measurable outcome the work should produce, and keep the work itself "
                    "in the page body",
                )


@rule(
    code="Q105",
    summary="The objective statement itself carries the metric or the number.",
    why=(
        "Objectives are the qualitative, motivating half of an OKR; the numbers belong in "
        "the key results, where they can be scored. Article 001 \"OKR vs KPI: What's the "
        'Difference? (With Examples)" asks for a qualitative objective, and article 003 '
        '"OKR vs. KPI: When to Use Each" makes the same split: qualitative objectives, '
        "quantitative key results."
    ),
    sources=("001", "003"),
    bad="objective: Reach 2 million USD in annual recurring revenue\n",
    good=(
        "objective: Become the harbour software marinas cannot do without\n"
        "key_results:\n"
        "  - title: Annual recurring revenue grows from 1.4 to 2 million USD\n"
        "    baseline: 1.4\n"
        "    target: 2\n"
        "    unit: MUSD\n"
        "  - title: Logo churn falls from 9% to 5% a year\n"
        "    baseline: 9\n"
        "    target: 5\n"
        '    unit: "%"\n'
    ),
)
def objective_is_a_number(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q105: objective statements that hold the number; quiet where Q103 already speaks."""
    silenced = _silenced_by_page(portal)
    for objective in _objectives(portal):
        judgement = judge_objective_is_a_number(objective.objective)
        if not judgement.fires:
            continue
        q103_speaks = options.enabled("Q103") and "Q103" not in silenced.get(objective.path, ())
        if q103_speaks and judge_objective_reads_like_kpi(objective.objective).fires:
            continue  # one problem, one warning: Q103 already flags this statement
        yield _warn(
            "Q105",
            objective.path,
            _statement_line(objective),
            f"objective carries the number itself ({judgement.reason}); keep the objective "
            "qualitative and move the number into a key result",
        )
