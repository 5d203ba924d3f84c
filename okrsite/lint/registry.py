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
  near-identical at a :class:`difflib.SequenceMatcher` ratio of at least 0.9. The
  key results must repeat too: more than half of the later objective's key results
  repeat one of the earlier's. Two numeric (or two threshold) key results repeat
  when they have the same target (same side and unit), whatever their words; a
  target that moved ("20 M users" -> "50 M users") makes a new key result. Other
  key results repeat by a near-identical title that names the same numbers. It
  fires on the later one and names the earlier (an identical statement if there is
  one, else the first near-identical one in id order) whose key results it repeats.
* Q115 reads the objective statement, each key-result title and each KPI's definition
  and source, and reports the first placeholder of each (see :mod:`okrsite.placeholders`).
* Q110 counts from the later of the latest check-in (dated on or before ``as_of``)
  and the period start; it fires when more than ``stale_days`` days have passed.
* Q111 compares the latest point with ``as_of``: stale when older than 2 days
  (daily), 14 days (weekly), 2 calendar months (monthly, or no cadence) or 6 months
  (quarterly). A KPI without any point on or before ``as_of`` fires too.
* Q115 reads the objective statement, each key-result title and each KPI's definition
  and source, and reports the first placeholder of each (see :mod:`okrsite.placeholders`).
* Q110 counts from the later of the latest check-in (dated on or before ``as_of``)
  and the period start; it fires when more than ``stale_days`` days have passed.
* Q111 compares the latest point with ``as_of``: stale when older than 2 days
  (daily), 14 days (weekly), 2 calendar months (monthly, or no cadence) or 6 months
  (quarterly). A KPI without any point on or before ``as_of`` fires too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ..codes import CODES
from ..model import WARNING, Finding, Kpi, Objective, Period, Portal
from ..options import LintOptions

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
    summary: str,
    why: str,
    sources: tuple[str, ...],
    bad: str,
    good: str,
    option: str | None = None,
    name: str | None = None,
    default_on: bool | None = None,
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of rule ``code``.

    The code's name and whether it runs by default come from the registry of
    codes (:mod:`okrsite.codes`); a rule whose code is not there is refused.

    Args:
        code: the check code, one of :data:`okrsite.codes.LINT_CODES`.
        summary: one line: what the check flags.
        why: why it matters, naming the source articles.
        sources: the numbers of the source articles.
        bad: an example that triggers the check (front matter).
        good: the same idea written so that it passes.
        option: the ``lint.*`` option that sets its threshold, if any.
        name: the code's name; must be the registry's when given.
        default_on: whether it runs by default; must be the registry's when given.
    """
    entry = CODES.get(code)
    if entry is None or entry.severity != WARNING:
        raise ValueError(f"rule {code} is not a quality check of okrsite.codes")
    if name not in (None, entry.name) or default_on not in (None, entry.default_on):
        raise ValueError(f"rule {code} disagrees with okrsite.codes on its name or default")

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"rule {code} is registered twice")
        RULES[code] = Rule(
            code=code,
            name=entry.name,
            summary=summary,
            why=why,
            sources=sources,
            bad=bad,
            good=good,
            option=option,
            default_on=entry.default_on,
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
