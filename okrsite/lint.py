"""Quality checks (Q codes, SPEC section 7): warnings drawn from the OKR/KPI literature.

Each check is a small pure function, models in and findings out, registered under
its code with :func:`rule`. The registry :data:`RULES` also carries what the rules
page of the site shows: a summary, why the check exists (with the source articles),
a bad and a good example and the option that tunes it.

Decisions the SPEC leaves open (they are documented for users on the rules page
and in the docs):

* Q103 and Q105 both judge the objective statement. When the statement reads like
  a KPI (Q103 fires and is not silenced on that page) Q105 keeps quiet about the
  number in it: one problem, one warning.
* Q106, Q108 and Q112 point at line 1 of the KPI page, like a missing required key.
* Q107 counts an objective as "of the current period" when its period is running on
  ``as_of`` (the current quarter, and the half or year that contains it). A KPI
  linked only from a finished quarter's key result still fires.
* Q108 reports once, on the first KPI page past the limit in id order.
* Q109 groups company-level objectives together, team-level ones by team and
  individual ones by owner. Two periods are consecutive when they are of the same
  kind (quarter, half or year) and the second starts the day after the first ends.
  Statements are compared case-, punctuation- and whitespace-insensitively and are
  near-identical at a :class:`difflib.SequenceMatcher` ratio of at least 0.9. It fires
  on the later one and names the earlier (an identical statement if there is one,
  else the first near-identical one in id order).
* Q110 counts from the later of the latest check-in (dated on or before ``as_of``)
  and the period start; it fires when more than ``stale_days`` days have passed.
* Q111 compares the latest point with ``as_of``: stale when older than 2 days
  (daily), 14 days (weekly), 2 calendar months (monthly, or no cadence) or 6 months
  (quarterly). A KPI without any point on or before ``as_of`` fires too.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from .model import WARNING, Finding, Kpi, Objective, Period, Portal
from .options import LintOptions
from .score import EPSILON
from .text import (
    judge_key_result_is_task,
    judge_objective_is_a_number,
    judge_objective_reads_like_kpi,
)

Check = Callable[[Portal, LintOptions], Iterable[Finding]]

#: The source articles (shared/seeds) the rules cite, by number. Article 000 has no
#: title line of its own; it goes by its main heading.
SEED_TITLES: dict[str, str] = {
    "000": "OKR vs KPI: The Core Difference Explained",
    "001": "OKR vs KPI: What's the Difference? (With Examples)",
    "002": "OKRs vs KPIs: What's the Difference and Why You Need Both",
    "003": "OKR vs. KPI: When to Use Each",
    "004": "OKRs vs KPIs: Stop Confusing the Steering Wheel with the Dashboard",
}

#: Two objective statements at least this similar (difflib ratio after normalising)
#: count as the same objective for Q109.
REPEAT_SIMILARITY = 0.9


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A quality check and everything the rules page says about it."""

    code: str
    name: str
    summary: str
    why: str
    sources: tuple[str, ...]
    bad: str
    good: str
    option: str | None
    check: Check
    default_on: bool = True


RULES: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    name: str,
    summary: str,
    why: str,
    sources: tuple[str, ...],
    bad: str,
    good: str,
    option: str | None = None,
    default_on: bool = True,
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of rule ``code``.

    Args:
        code: the check code, ``Q101`` to ``Q114``.
        name: the kebab-case name shown next to the code.
        summary: one line: what the check flags.
        why: why it matters, naming the source articles.
        sources: the numbers of the source articles.
        bad: an example that triggers the check (front matter).
        good: the same idea written so that it passes.
        option: the ``lint.*`` option that sets its threshold, if any.
        default_on: False for checks that run only when listed in ``lint.select``.
    """

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"rule {code} is registered twice")
        RULES[code] = Rule(
            code=code,
            name=name,
            summary=summary,
            why=why,
            sources=sources,
            bad=bad,
            good=good,
            option=option,
            default_on=default_on,
            check=check,
        )
        return check

    return register


def lint_portal(portal: Portal, options: LintOptions) -> list[Finding]:
    """Run every enabled check over the portal.

    A check runs unless ``lint.ignore`` lists it (Q114 only when ``lint.select``
    lists it). Findings on an objective or KPI page whose ``lint_ignore`` lists the
    code are dropped.

    Args:
        portal: the validated and scored portal.
        options: the ``lint`` plugin options.

    Returns:
        The warnings, in rule order and, within a rule, in id order.
    """
    silenced = _silenced_by_page(portal)
    findings: list[Finding] = []
    for code in sorted(RULES):
        if not options.enabled(code):
            continue
        for finding in RULES[code].check(portal, options):
            if finding.code not in silenced.get(finding.path, ()):
                findings.append(finding)
    return findings


def _silenced_by_page(portal: Portal) -> dict[str, frozenset[str]]:
    pages: dict[str, frozenset[str]] = {}
    for objective in portal.objectives.values():
        if objective.lint_ignore:
            pages[objective.path] = frozenset(objective.lint_ignore)
    for kpi in portal.kpis.values():
        if kpi.lint_ignore:
            pages[kpi.path] = frozenset(kpi.lint_ignore)
    return pages


def _warn(code: str, path: str, line: int, message: str) -> Finding:
    return Finding(code=code, path=path, line=line, message=message, severity=WARNING)


def _objectives(portal: Portal) -> Iterator[Objective]:
    for key in sorted(portal.objectives):
        yield portal.objectives[key]


def _kpis(portal: Portal) -> Iterator[Kpi]:
    for key in sorted(portal.kpis):
        yield portal.kpis[key]


def _statement_line(objective: Objective) -> int:
    return objective.lines.get("objective", 1)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _running(period: Period | None, day: date) -> bool:
    return period is not None and period.start <= day <= period.end


# --- Objectives and key results -------------------------------------------------------


def _key_result_range(options: LintOptions) -> str:
    low, high = options.min_key_results, options.max_key_results
    return f"exactly {low}" if low == high else f"{low} to {high}"


@rule(
    code="Q101",
    name="too-few-key-results",
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
    name="too-many-key-results",
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
    code="Q103",
    name="objective-reads-like-kpi",
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
    name="key-result-is-a-task",
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
    name="objective-is-a-number",
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


# --- KPIs -----------------------------------------------------------------------------

_ESSENTIALS = ("definition", "target", "source", "cadence")


def _join(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"


@rule(
    code="Q106",
    name="kpi-missing-essentials",
    summary="A KPI lacks a definition, a target, a source or a cadence.",
    why=(
        "Without a definition people read the number differently, without a target nobody "
        "can tell good from bad, without a source it cannot be checked and without a "
        "cadence nobody looks at it. Article 001 \"OKR vs KPI: What's the Difference? "
        '(With Examples)" names exactly these four as what turns a metric into a KPI.'
    ),
    sources=("001",),
    bad=("name: Berth occupancy\nowner: Lena Fischer\n"),
    good=(
        "name: Berth occupancy\n"
        "owner: Lena Fischer\n"
        "definition: Occupied berth-nights over available berth-nights, all customer marinas\n"
        "source: Nightly export of the booking database\n"
        "cadence: weekly\n"
        "target: 85\n"
        'unit: "%"\n'
    ),
)
def kpi_missing_essentials(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q106: KPIs without definition, target, source or cadence (one finding each)."""
    for kpi in _kpis(portal):
        missing = [key for key in _ESSENTIALS if getattr(kpi, key) is None]
        if missing:
            keys = _join([f"'{key}'" for key in missing])
            yield _warn(
                "Q106",
                kpi.path,
                1,
                f"KPI has no {keys}; a KPI needs a definition, a target, a source and a "
                "cadence before anyone can act on it",
            )


_CADENCE_UNIT = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter"}


def _kpis_linked_from(objectives: Iterable[Objective]) -> set[str]:
    return {kr.kpi for o in objectives for kr in o.key_results if kr.kpi}


@rule(
    code="Q107",
    name="kpi-off-target-without-okr",
    summary=(
        "A KPI has been off target for lint.off_target_periods (default 3) cadence "
        "periods in a row and no objective of the current period has a key result "
        "linked to it."
    ),
    why=(
        "A KPI is an alarm, and an alarm that rings month after month while nothing "
        "changes has stopped doing its job. The response to a KPI stuck off target is an "
        "objective with a key result that moves it. Article 001 \"OKR vs KPI: What's the "
        "Difference? (With "
        'Examples)" uses three months below target as its example of a signal that must '
        'trigger an OKR, and article 003 "OKR vs. KPI: When to Use Each" recommends OKRs '
        "when KPIs drift out of line."
    ),
    sources=("001", "003"),
    bad=(
        "# kpis/logo-churn.md, red for the last three months,\n"
        "# and no key result of this quarter says 'kpi: logo-churn'\n"
        "name: Logo churn\n"
        "cadence: monthly\n"
        "direction: lower\n"
        "target: 1.5\n"
    ),
    good=(
        "# objectives/2026-Q4/retention.md\n"
        "objective: Give every marina a reason to renew\n"
        "period: 2026-Q4\n"
        "key_results:\n"
        "  - title: Monthly logo churn falls from 2.4% to 1.5%\n"
        "    baseline: 2.4\n"
        "    target: 1.5\n"
        "    kpi: logo-churn\n"
    ),
    option="lint.off_target_periods",
)
def kpi_off_target_without_okr(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q107: KPIs off target for a streak that no running objective responds to."""
    running = [o for o in portal.objectives.values() if _running(o.period, portal.as_of)]
    answered = _kpis_linked_from(running)
    for kpi in _kpis(portal):
        result = portal.kpi_results.get(kpi.id)
        if result is None or result.streak < options.off_target_periods or kpi.id in answered:
            continue
        unit = _CADENCE_UNIT.get(kpi.cadence or "monthly", "month")
        yield _warn(
            "Q107",
            kpi.path,
            kpi.lines.get("target", 1),
            f"KPI has been off target for {_plural(result.streak, unit)} in a row and no "
            f"objective of {portal.current_period.key} has a key result linked to it; set "
            f"an objective to fix it, with a key result that says 'kpi: {kpi.id}'",
        )


@rule(
    code="Q108",
    name="too-many-kpis",
    summary="The portal defines more KPIs than the option lint.max_kpis (default 25).",
    why=(
        "Attention is finite: once there are a few dozen KPIs, each one is looked at less "
        "and none of them drives a decision. Article 001 \"OKR vs KPI: What's the "
        "Difference? (With "
        'Examples)" puts the useful maximum at 15 to 25 KPIs.'
    ),
    sources=("001",),
    bad="# 31 pages under kpis/, each a number someone once found interesting\n",
    good="# 18 pages under kpis/, each tied to a decision someone takes\n",
    option="lint.max_kpis",
)
def too_many_kpis(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q108: more KPIs than the maximum; reported on the first KPI past the limit."""
    kpis = list(_kpis(portal))
    if len(kpis) > options.max_kpis:
        first_extra = kpis[options.max_kpis]
        yield _warn(
            "Q108",
            first_extra.path,
            1,
            f"the portal has {len(kpis)} KPIs, more than {options.max_kpis}; retire or merge "
            "the ones nobody acts on (this is the first KPI past the limit, in id order)",
        )


# --- Periods and check-ins ------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")


def _normalise(statement: str) -> str:
    """Lowercase words only: case, punctuation and spacing do not make an objective new."""
    text = unicodedata.normalize("NFKC", statement).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def _period_kind(key: str) -> str:
    return "Q" if "-Q" in key else "H" if "-H" in key else "Y"


def _owner_group(objective: Objective) -> tuple[str, str]:
    if objective.level == "individual":
        return ("individual", objective.owner)
    if objective.level == "team" and objective.team:
        return ("team", objective.team)
    return ("company", "")


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _similar(a: str, b: str, pairs_of: Callable[[str], frozenset[str]]) -> bool:
    """Whether two normalised statements are near-identical (difflib ratio >= 0.9).

    Cheap bounds come first. A ratio of r leaves at most ``(1 - r) * total`` characters
    to insert or delete, and each of those changes at most 3 distinct character pairs;
    so statements whose sets of character pairs differ by more than that cannot match.
    """
    total = len(a) + len(b)
    slack = (1 - REPEAT_SIMILARITY) * total + 1e-9  # float rounding must not reject a match
    if abs(len(a) - len(b)) > slack or len(pairs_of(a) ^ pairs_of(b)) > 3 * slack:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= REPEAT_SIMILARITY and matcher.ratio() >= REPEAT_SIMILARITY


@rule(
    code="Q109",
    name="repeated-objective",
    summary="A team sets the same (or nearly the same) objective in two consecutive periods.",
    why=(
        "Objectives are meant to change from one cycle to the next as they are reached or "
        "replaced; one that comes back every quarter describes business as usual, which is "
        "the job of a KPI. Article 001 \"OKR vs KPI: What's the Difference? (With "
        'Examples)" says that OKRs set again every quarter are probably KPIs in disguise.'
    ),
    sources=("001",),
    bad=(
        "# objectives/2026-Q3/support.md\n"
        "objective: Answer marinas faster than anyone in the industry\n"
        "team: support\n"
        "# objectives/2026-Q4/support.md\n"
        "objective: Answer marinas faster than anyone in our industry\n"
        "team: support\n"
    ),
    good=(
        "# objectives/2026-Q4/support.md\n"
        "objective: Let marinas solve the common problems without waiting for us\n"
        "team: support\n"
        "# and first response time is watched as a KPI\n"
    ),
)
def repeated_objective(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q109: a near-identical objective of the same group in the period right before."""
    # Objectives indexed by (group, kind of period, the day after their period ends):
    # the ones a later objective must be compared with are found by its start day.
    before: dict[tuple[tuple[str, str], str, date], dict[str, Objective]] = {}
    pairs: dict[str, frozenset[str]] = {}  # character pairs, computed when first needed

    def pairs_of(text: str) -> frozenset[str]:
        if text not in pairs:
            pairs[text] = _bigrams(text)
        return pairs[text]

    for objective in _objectives(portal):
        text = _normalise(objective.objective)
        if objective.period is not None and text:
            key = (
                _owner_group(objective),
                _period_kind(objective.period.key),
                objective.period.end + timedelta(days=1),
            )
            before.setdefault(key, {}).setdefault(text, objective)  # first id wins
    for objective in _objectives(portal):
        period = objective.period
        text = _normalise(objective.objective)
        if period is None or not text:
            continue
        candidates = before.get((_owner_group(objective), _period_kind(period.key), period.start))
        if not candidates:
            continue
        # An identical statement is the best match; otherwise the first near-identical one
        # in id order (stopping there keeps large groups of look-alike statements fast).
        earlier = candidates.get(text) or next(
            (o for t, o in candidates.items() if _similar(text, t, pairs_of)),
            None,
        )
        if earlier is not None:
            assert earlier.period is not None
            yield _warn(
                "Q109",
                objective.path,
                _statement_line(objective),
                f"objective repeats '{earlier.id}' of {earlier.period.key}; an objective "
                "that returns every period is business as usual: watch it as a KPI, or say "
                "what should change this period",
            )


@rule(
    code="Q110",
    name="stale-check-in",
    summary=(
        "An objective of the running period has had no check-in for more than "
        "lint.stale_days days (default 14), counted from the period start when it has none."
    ),
    why=(
        "An OKR that is set and then left alone is forgotten long before the period ends; "
        "regular check-ins keep it honest and show drift while there is still time to act. "
        'Article 001 "OKR vs KPI: What\'s the Difference? (With Examples)" warns that OKRs '
        "left unreviewed lose their meaning by the end of the quarter, and article 004 "
        '"OKRs vs KPIs: Stop Confusing the Steering Wheel with the Dashboard" prefers '
        "weekly check-ins to a post-mortem at quarter end."
    ),
    sources=("001", "004"),
    bad=(
        "# as of 2026-11-15\n"
        "period: 2026-Q4\n"
        "checkins:\n"
        "  - date: 2026-10-20\n"
        "    confidence: 0.6\n"
    ),
    good=(
        "# as of 2026-11-15\n"
        "period: 2026-Q4\n"
        "checkins:\n"
        "  - date: 2026-10-20\n"
        "    confidence: 0.6\n"
        "  - date: 2026-11-10\n"
        "    confidence: 0.5\n"
    ),
    option="lint.stale_days",
)
def stale_check_in(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q110: running objectives whose latest check-in is older than ``stale_days``."""
    today = portal.as_of
    for objective in _objectives(portal):
        period = objective.period
        if period is None or not _running(period, today):
            continue
        dates = [c.date for c in objective.checkins if c.date <= today]
        latest = max(dates) if dates else None
        since = max(latest, period.start) if latest else period.start
        age = (today - since).days
        if age <= options.stale_days:
            continue
        line = objective.lines.get("checkins", objective.lines.get("period", 1))
        hint = (
            f"add a check-in (okrsite checkin {objective.id} --kr ID=VALUE) at least every "
            f"{_plural(options.stale_days, 'day')}"
        )
        if latest is None:
            message = f"no check-in since {period.key} started {_plural(age, 'day')} ago; {hint}"
        elif latest < period.start:
            message = (
                f"no check-in since {period.key} started {_plural(age, 'day')} ago (the "
                f"latest is from {latest.isoformat()}); {hint}"
            )
        else:
            message = f"latest check-in is {_plural(age, 'day')} old ({latest.isoformat()}); {hint}"
        yield _warn("Q110", objective.path, line, message)


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def stale_before(as_of: date, cadence: str | None) -> date:
    """The date a KPI's latest point must reach so that its data is not stale (Q111).

    Two cadence periods before ``as_of``: 2 days (daily), 14 days (weekly),
    2 calendar months (monthly or no cadence), 6 months (quarterly).
    """
    if cadence == "daily":
        return as_of - timedelta(days=2)
    if cadence == "weekly":
        return as_of - timedelta(days=14)
    if cadence == "quarterly":
        return _months_before(as_of, 6)
    return _months_before(as_of, 2)


_STALE_SPAN = {
    "daily": "2 days",
    "weekly": "2 weeks",
    "monthly": "2 months",
    "quarterly": "2 quarters",
}


@rule(
    code="Q111",
    name="kpi-stale-data",
    summary=(
        "A KPI's latest data point is older than two of its cadence periods (monthly when "
        "it has no cadence), or it has no data at all."
    ),
    why=(
        "A dashboard is only worth reading when its numbers are fresh: a gauge stuck on an "
        'old value is worse than none, because it looks healthy. Article 003 "OKR vs. KPI: '
        'When to Use Each" asks for KPIs that update in (near) real time and warns against '
        "metrics that take months to arrive."
    ),
    sources=("003",),
    bad=("# as of 2026-11-15\ncadence: weekly\n# kpis/<id>.csv ends with the row 2026-10-19,412\n"),
    good=(
        "# as of 2026-11-15\ncadence: weekly\n# kpis/<id>.csv ends with the row 2026-11-09,431\n"
    ),
)
def kpi_stale_data(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q111: KPIs whose latest point is older than two cadence periods, or missing."""
    for kpi in _kpis(portal):
        result = portal.kpi_results.get(kpi.id)
        latest = result.latest if result else None
        data = posixpath.basename(kpi.data_path) if kpi.data_path else f"{kpi.id}.csv"
        if latest is None:
            yield _warn(
                "Q111",
                kpi.path,
                kpi.lines.get("data", 1),
                f"KPI has no data on or before {portal.as_of.isoformat()}; add 'date,value' "
                f"rows to its CSV file ({data})",
            )
            continue
        if latest.date >= stale_before(portal.as_of, kpi.cadence):
            continue
        cadence = kpi.cadence or "monthly"
        age = (portal.as_of - latest.date).days
        yield _warn(
            "Q111",
            kpi.path,
            kpi.lines.get("cadence", 1),
            f"latest data point is from {latest.date.isoformat()}, {_plural(age, 'day')} ago, "
            f"more than {_STALE_SPAN.get(cadence, '2 months')} for a {cadence} KPI; add the "
            f"newer rows to its CSV file ({data})",
        )


@rule(
    code="Q112",
    name="orphan-kpi",
    summary="A KPI is linked from no key result and belongs to no team.",
    why=(
        "A number that no objective refers to and no team answers for is noise: nobody "
        'will notice when it turns red. Article 004 "OKRs vs KPIs: Stop Confusing the '
        'Steering Wheel with the Dashboard" asks that every KPI tie back to an objective '
        "and that it is visible who watches which gauge."
    ),
    sources=("004",),
    bad=("name: Newsletter subscribers\nowner: Sam Okafor\n"),
    good=("name: Newsletter subscribers\nowner: Sam Okafor\nteam: growth\n"),
)
def orphan_kpi(portal: Portal, options: LintOptions) -> Iterator[Finding]:
    """Q112: KPIs that no key result links and no team owns."""
    linked = _kpis_linked_from(portal.objectives.values())
    for kpi in _kpis(portal):
        if kpi.team is None and kpi.id not in linked:
            yield _warn(
                "Q112",
                kpi.path,
                1,
                "KPI is linked from no key result and belongs to no team; give it "
                f"'team: <team id>', link it from a key result with 'kpi: {kpi.id}', or "
                "retire it",
            )


@rule(
    code="Q113",
    name="sandbagged-objective",
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
    name="individual-okr",
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
    default_on=False,
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
