"""The dashboard, ``/``: "are we on track?" for the current period, at a glance.

In reading order: the company score against the pace expected by now, with
its status and its change over 7 days; how many objectives are green, yellow
and red; what needs attention, problems first and in reader words (every red
objective and KPI, stale check-ins, stale data); the company objectives and
the teams with their 7-day change; the KPI board, problems first. Each
section holds at most :data:`~.paging.DASHBOARD_ROWS` rows and links to the
full listing beyond that.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from ..charts import alt_text
from ..model import Finding
from ..score import EPSILON
from .blocks import Html
from .catalog import Catalog
from .kpi import kpi_urgency
from .markup import badge, bullets, encode, fmt_score, fmt_value, para
from .page import APPEND, NEW, Page, RenderedPage, score_pair, signed, streak_text, table
from .paging import PageSizes
from .specs import change, sparkline
from .team import status_mix, team_rollup
from .words import plural


def dashboard(cat: Catalog, sizes: PageSizes) -> RenderedPage:
    """``/``: the running period at a glance; goes below the company's own index.md."""
    portal, site = cat.portal, cat.site
    p = Page(cat, site.dashboard)
    if not site.has_index:
        p.add(f"# {encode(portal.company)} goals")
    period = portal.current_period
    p.add(f"## {encode(period.key)} at a glance")
    p.add(_on_track(p))
    day = max(0, min((cat.as_of - period.start).days + 1, period.days))
    p.add(
        f"Day {day} of {period.days} of {p.period(period.key)} ({period.start.isoformat()} to "
        f"{period.end.isoformat()}); scores as of {cat.as_of.isoformat()}. "
        f"{p.link(site.changes, 'What changed in the last 28 days')}."
    )

    p.add("## Needs attention")
    p.add(_attention(p, sizes.dashboard))

    p.add("## Company objectives")
    ids = [o for o in cat.by_period.get(period.key, []) if portal.objectives[o].level == "company"]
    ids = sorted(ids, key=lambda o: _urgency(cat, o))
    p.add(
        p.objectives_table(ids[: sizes.dashboard], team=False, level=False, week=True)
        if ids
        else "No company objectives this period."
    )
    if len(ids) > sizes.dashboard:
        p.add(
            f"The {sizes.dashboard} of {len(ids)} company objectives that need attention most; "
            f"all of them are on the page of {p.period(period.key)}."
        )

    p.add("## Teams")
    p.add(_dashboard_teams(p, sizes.dashboard))

    p.add("## KPIs")
    p.add(_kpi_board(p, sizes.dashboard))
    p.add(
        f"The data of this portal, for other tools: {p.link(site.json, 'okrs.json')} "
        "(objectives, key results, KPIs and scores)."
    )
    feed = site.dashboard if site.has_index else site.config_path
    return p.done(feed=feed, mode=APPEND if site.has_index else NEW)


_STATUS_RANK = {"red": 0, "yellow": 1, "green": 2, "planned": 3}


def _urgency(cat: Catalog, oid: str) -> tuple[int, float, tuple[int, str, str]]:
    result = cat.portal.objective_results[oid]
    return (_STATUS_RANK.get(result.status, 4), result.score, cat.objective_sort_key(oid))


def _on_track(p: Page) -> Html:
    """The company score against the pace, its status and change, and the status counts."""
    cat, portal = p.cat, p.portal
    key = cat.current
    ids = cat.by_period.get(key, [])
    company_ids = [o for o in ids if portal.objectives[o].level == "company"]
    counts = Counter(portal.objective_results[o].status for o in ids)
    lines = []
    score = portal.company_scores.get(key)
    expected = [portal.objective_results[o].expected for o in company_ids]
    if score is not None and company_ids and all(e is not None for e in expected):
        pace = sum(e for e in expected if e is not None) / len(expected)
        status = (
            "green"
            if score >= pace - EPSILON
            else ("yellow" if pace - score <= 0.2 + EPSILON else "red")
        )
        shown, wanted = score_pair(score, pace)
        moved = signed(change(score, cat.week_ago.company.get(key)))
        verdict = {
            "green": "on track",
            "yellow": "a little behind",
            "red": "behind",
        }[status]
        lines.append(
            para(
                f'<span class="okr-glance__big">{shown}</span> '
                f"company score against <strong>{wanted}</strong> expected by now: "
                f"{badge(status)} {verdict}. Change over 7 days: {moved}.",
                "okr-glance",
            )
        )
    elif company_ids and counts.get("planned") == len(ids):
        lines.append(para("The period has not started yet: no scores."))
    elif not company_ids:
        lines.append(para("No company objectives this period, so no company score."))
    if ids:
        lines.append(
            para(f"{plural(len(ids), 'objective')} this period: {status_mix(counts) or 'none'}.")
        )
    return Html("\n".join(lines))


def _attention(p: Page, limit: int) -> Html:
    """Every red objective and KPI, stale check-ins and stale data; capped at ``limit`` each."""
    cat, portal, site = p.cat, p.portal, p.site
    groups: list[tuple[list[str], str]] = []

    red = [
        o
        for o in sorted(cat.by_period.get(cat.current, []), key=lambda o: _urgency(cat, o))
        if portal.objective_results[o].status == "red"
    ]
    items = []
    for oid in red:
        result = portal.objective_results[oid]
        if result.expected is not None:
            score, expected = score_pair(result.score, result.expected)
            why = f"score {score} against {expected} expected by now"
        else:
            why = f"score {fmt_score(result.score)}"
        owner = p.person(portal.objectives[oid].owner)
        items.append(f"{badge('red')} {p.objective(oid)}: {why} ({owner}).")
    groups.append((items, f"more red objectives: see {p.period(cat.current)}"))

    linked = cat.current_kpi_links()
    items = []
    for kid in sorted(portal.kpis, key=lambda k: kpi_urgency(cat, k)):
        state = portal.kpi_results[kid]
        if state.status != "red":
            continue
        kpi = portal.kpis[kid]
        latest = state.latest
        what = f"latest {fmt_value(latest.value, kpi.unit)}" if latest else "no data"
        if state.target is not None:
            what += f" against a target of {fmt_value(state.target, kpi.unit)}"
        if state.streak:
            what += f", off target for {streak_text(state.streak, kpi.cadence)}"
        if kid not in linked:
            what += f"; no objective of {encode(cat.current)} works on it"
        items.append(f"{badge('red')} {p.kpi(kid)}: {what}.")
    groups.append((items, f"more red KPIs: see {p.link(site.kpis_index, 'KPIs')}"))

    items = []
    for oid in _flagged_objectives(cat, "Q110"):
        obj = portal.objectives[oid]
        last = max((c.date for c in obj.checkins if c.date <= cat.as_of), default=None)
        if last is not None:
            when = f"last check-in {_ago(cat.as_of, last)} ({last.isoformat()})"
        elif obj.period is not None:
            when = f"no check-in since the period began {_ago(cat.as_of, obj.period.start)}"
        else:
            when = "no check-in yet"
        items.append(f"{p.objective(oid)}: {when}; owner {p.person(obj.owner)}.")
    groups.append((items, "more objectives wait for a check-in"))

    items = []
    for kid in _flagged_kpis(cat, "Q111"):
        kpi = portal.kpis[kid]
        latest = portal.kpi_results[kid].latest
        when = f"latest data from {latest.date.isoformat()}" if latest else "no data yet"
        items.append(f"{p.kpi(kid)}: {when}; owner {p.person(kpi.owner)}.")
    groups.append((items, f"more KPIs wait for data: see {p.link(site.kpis_index, 'KPIs')}"))

    lines = []
    for items, more in groups:
        lines.extend(items[:limit])
        if len(items) > limit:
            lines.append(f"{len(items) - limit} {more}.")
    shown: str = (
        bullets(lines)
        if lines
        else para("Nothing: no objective or KPI is red, check-ins and data are fresh.")
    )
    findings = len(portal.findings)
    if findings:
        shown += para(
            f"For the editors: {plural(findings, 'finding')} in the goal files, on "
            f"{p.link(site.health, 'the findings page')}."
        )
    return Html(shown)


def _ago(as_of: date, day: date) -> str:
    return f"{plural((as_of - day).days, 'day')} ago"


def _flagged_objectives(cat: Catalog, code: str) -> list[str]:
    """Objectives with a finding of ``code`` (which the lint options may switch off)."""
    found = {cat.objective_by_path.get(f.path) for f in cat.portal.findings if f.code == code}
    return sorted((o for o in found if o), key=cat.objective_sort_key)


def _flagged_kpis(cat: Catalog, code: str) -> list[str]:
    found = {_kpi_of(cat, f) for f in cat.portal.findings if f.code == code}
    return sorted((k for k in found if k), key=cat.kpi_sort_key)


def _kpi_of(cat: Catalog, finding: Finding) -> str | None:
    return cat.kpi_by_path.get(finding.path)


def _dashboard_teams(p: Page, limit: int) -> Html:
    """The team roll-up, or only the top-level teams when all of them would not fit."""
    cat = p.cat
    order = cat.team_order()
    explain = (
        "A team's score is the mean score of its team-level objectives of "
        f"{encode(cat.current)}; sub-teams are listed under their parent."
    )
    if len(order) <= limit:
        return Html(team_rollup(p, order) + para(explain))
    top = [tid for tid in order if cat.team_depth(tid) == 0]
    teams = p.link(cat.site.teams_index, "Teams")
    if len(top) <= limit:
        note = f"The {len(top)} top-level teams; all {len(order)} teams are on {teams}."
    else:
        note = (
            f"The first {limit} of {len(top)} top-level teams; all {len(order)} teams are "
            f"on {teams}."
        )
    return Html(team_rollup(p, top[:limit]) + para(explain + " " + note))


def _kpi_board(p: Page, limit: int) -> Html:
    """Every KPI (up to ``limit``), problems first: red, amber, no data, then the rest."""
    cat, portal = p.cat, p.portal
    if not portal.kpis:
        return para("No KPIs yet.")
    ids = sorted(portal.kpis, key=lambda k: kpi_urgency(cat, k))
    note = ""
    if len(ids) > limit:
        ids = ids[:limit]
        note = para(
            f"The {limit} of {len(portal.kpis)} KPIs that need attention most (red first, "
            f"then the longest off target); all of them are on "
            f"{p.link(cat.site.kpis_index, 'KPIs')}."
        )
    rows = []
    for kid in ids:
        kpi = portal.kpis[kid]
        result = portal.kpi_results[kid]
        spark = sparkline(portal, kid)
        latest = result.latest
        rows.append(
            [
                p.kpi(kid),
                badge(result.status),
                fmt_value(latest.value, kpi.unit) if latest else "no data",
                fmt_value(result.target, kpi.unit) if result.target is not None else "–",
                p.image(cat.site.chart("spark", kid), f"{kpi.name}: {alt_text(spark)}"),
                streak_text(result.streak, kpi.cadence),
            ]
        )
    headers = ["KPI", "Status", "Latest", "Target", "Trend", "Off target"]
    return Html(table(headers, rows, align="llrrll") + note)
