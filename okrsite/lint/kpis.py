"""Checks on KPIs: essentials, streaks, count, stale data, orphans (Q106-Q108, Q111, Q112)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from ..model import Finding, Objective, Portal
from ..options import LintOptions
from .registry import (
    _kpis,
    _plural,
    _running,
    _warn,
    rule,
)

# --- KPIs -----------------------------------------------------------------------------

_ESSENTIALS = ("definition", "target", "source", "cadence")


def _join(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"


@rule(
    code="Q106",
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
