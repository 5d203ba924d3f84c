"""The site-wide pages: dashboard, periods, alignment, health, rules and the section indexes.

None of them grows with the portal. The listings (a period's objectives, the
alignment tree, the findings, the team, KPI and people indexes) are split
into numbered sub-pages once they outgrow one page (:mod:`.paging` has the
URL scheme and the sizes), so each function that renders one returns a list:
the entry page first, then its sub-pages (none for a portal that fits). The
objectives index, when it would be long, becomes a table of the periods,
whose pages hold the objectives. The dashboard shows at most
:data:`~.paging.DASHBOARD_ROWS` rows a section and links to the full listing.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..charts import alt_text
from ..lint import RULES, SEED_TITLES
from ..model import Finding, Period
from ..options import LintOptions
from .catalog import Catalog
from .markup import badge, encode, fmt_score, fmt_value, label, md_table, score_bar
from .pages import APPEND, NEW, Page, RenderedPage, streak_text
from .paging import PageSizes, SubPages, chunked, continued, runs, span
from .review import period_review
from .specs import sparkline

#: The sizes used unless a caller asks for others.
SIZES = PageSizes()

# --- dashboard ----------------------------------------------------------------


def dashboard(cat: Catalog, sizes: PageSizes = SIZES) -> RenderedPage:
    """``/``: the running period at a glance; goes below the company's own index.md.

    Each section holds at most ``sizes.dashboard`` rows; past that it shows the
    rows that matter most and says where the full listing is.
    """
    portal, site = cat.portal, cat.site
    p = Page(cat, site.dashboard)
    if not site.has_index:
        p.add(f"# {encode(portal.company)} goals")
    period = portal.current_period
    day = (cat.as_of - period.start).days + 1
    company = portal.company_scores.get(period.key)
    summary = (
        f"**Current period:** {p.period(period.key)}, {period.start.isoformat()} to "
        f"{period.end.isoformat()} (day {max(0, min(day, period.days))} of {period.days}). "
        f"Scores as of {cat.as_of.isoformat()}."
    )
    if company is not None:
        summary += f" Company score: **{fmt_score(company)}**."
    p.add(f"## {encode(period.key)} at a glance", summary)

    p.add("## Needs attention")
    p.add(_alerts(p, sizes.dashboard))

    p.add("## Company objectives")
    ids = [o for o in cat.by_period.get(period.key, []) if portal.objectives[o].level == "company"]
    p.add(
        p.objectives_table(ids[: sizes.dashboard], team=False, level=False)
        if ids
        else "No company objectives this period."
    )
    if len(ids) > sizes.dashboard:
        p.add(
            f"The first {sizes.dashboard} of {len(ids)} company objectives; all of them are "
            f"on the page of {p.period(period.key)}."
        )

    p.add("## Teams")
    p.add(_dashboard_teams(p, sizes.dashboard))

    p.add("## KPI health")
    p.add(_kpi_board(p, sizes.dashboard))
    feed = site.dashboard if site.has_index else site.config_path
    return p.done(feed=feed, mode=APPEND if site.has_index else NEW)


def _alerts(p: Page, limit: int) -> str:
    """The alerts of the dashboard: at most ``limit`` of each kind, then how many more."""
    cat, portal = p.cat, p.portal
    kpi_items = []
    linked = cat.current_kpi_links()
    q107 = {cat.kpi_by_path.get(f.path) for f in portal.findings if f.code == "Q107"}
    for kid in sorted(portal.kpis, key=cat.kpi_sort_key):
        result = portal.kpi_results[kid]
        if kid in linked or not (result.status == "red" or kid in q107):
            continue
        kpi = portal.kpis[kid]
        streak = streak_text(result.streak, kpi.cadence)
        off = f", off target for {streak}" if result.streak else ""
        kpi_items.append(
            f"- {p.kpi(kid)} is {badge(result.status)}{off}, and no objective of "
            f"{p.period(cat.current)} works on it."
        )
    items = kpi_items[:limit]
    if len(kpi_items) > limit:
        items.append(
            f"- {len(kpi_items) - limit} more KPIs are off target with no objective of "
            f"{p.period(cat.current)} working on them: see {p.link(cat.site.kpis_index, 'KPIs')}."
        )
    stale = sorted(
        {(f.path, f.message) for f in portal.findings if f.code == "Q110"},
    )
    stale_items = []
    for path, message in stale:
        obj = cat.objective_of_finding(path)
        if obj is not None:
            stale_items.append(f"- {p.objective(obj.id)}: {encode(message)}")
    items.extend(stale_items[:limit])
    if len(stale_items) > limit:
        items.append(
            f"- {len(stale_items) - limit} more objectives have stale check-ins: see "
            f"{p.link(cat.site.health, 'Health')}."
        )
    errors, warnings = len(portal.errors), len(portal.warnings)
    if errors or warnings:
        items.append(
            f"- {errors} error{'s' if errors != 1 else ''} and {warnings} "
            f"warning{'s' if warnings != 1 else ''} in the goal files: see "
            f"{p.link(cat.site.health, 'Health')}."
        )
    if not items:
        return (
            "Nothing: no red KPI lacks an objective, check-ins are fresh, the goal files are clean."
        )
    return "\n".join(items)


def _dashboard_teams(p: Page, limit: int) -> str:
    """The team roll-up, or only the top-level teams when all of them would not fit."""
    cat = p.cat
    order = _team_order(cat)
    if len(order) <= limit:
        return _team_rollup(p, order)
    top = [tid for tid in order if _depth(cat, tid) == 0]
    teams = p.link(cat.site.teams_index, "Teams")
    if len(top) <= limit:
        note = f"The {len(top)} top-level teams; all {len(order)} teams are on {teams}."
    else:
        note = (
            f"The first {limit} of {len(top)} top-level teams; all {len(order)} teams are "
            f"on {teams}."
        )
    return _team_rollup(p, top[:limit]) + "\n\n" + note


def _team_rollup(p: Page, team_ids: Sequence[str]) -> str:
    cat, portal = p.cat, p.portal
    if not portal.teams:
        return "No teams yet."
    key = cat.current
    rows = []
    for tid in team_ids:
        team = portal.teams[tid]
        ids = [o for o in cat.team_objectives.get(tid, []) if cat.in_period(o, key)]
        counts = Counter(portal.objective_results[o].status for o in ids)
        mix = " ".join(
            f'<span class="okr-status okr-status--{s}">{n}&#160;{s}</span>'
            for s in ("green", "yellow", "red", "planned")
            if (n := counts.get(s))
        )
        score = portal.team_scores.get(tid, {}).get(key)
        depth = _depth(cat, tid)
        indent = "&#160;&#160;&#160;&#160;" * depth
        rows.append(
            [
                indent + p.team(tid),
                p.person(team.lead),
                str(len(ids)),
                score_bar(score, label_text="Team score") if score is not None else "–",
                mix or "–",
            ]
        )
    return md_table(["Team", "Lead", "Objectives", "Team score", "Status"], rows, align="llrll")


def _team_order(cat: Catalog) -> list[str]:
    """Teams as a tree: each team followed by its sub-teams, siblings by name."""
    portal = cat.portal
    ordered: list[str] = []
    seen: set[str] = set()

    def visit(tid: str) -> None:
        if tid in seen:
            return
        seen.add(tid)
        ordered.append(tid)
        for sub in sorted(cat.sub_teams.get(tid, []), key=cat.team_sort_key):
            visit(sub)

    roots = [
        t for t, team in portal.teams.items() if not team.parent or team.parent not in portal.teams
    ]
    for tid in sorted(roots, key=cat.team_sort_key):
        visit(tid)
    for tid in sorted(portal.teams, key=cat.team_sort_key):  # cycles (E008)
        visit(tid)
    return ordered


def _team_ancestors(cat: Catalog, tid: str) -> list[str]:
    """The teams above ``tid``, the top-level one first (a parent cycle ends the chain)."""
    chain: list[str] = []
    seen = {tid}
    parent = cat.portal.teams[tid].parent
    while parent and parent in cat.portal.teams and parent not in seen:
        seen.add(parent)
        chain.append(parent)
        parent = cat.portal.teams[parent].parent
    return chain[::-1]


def _depth(cat: Catalog, tid: str) -> int:
    return len(_team_ancestors(cat, tid))


#: The order of the dashboard's KPI board once it cannot show every KPI: worst first.
_URGENCY = {"red": 0, "amber": 1, "yellow": 1, "no-data": 2, "none": 3, "green": 4}


def _kpi_board(p: Page, limit: int) -> str:
    cat, portal = p.cat, p.portal
    if not portal.kpis:
        return "No KPIs yet."
    ids = sorted(portal.kpis, key=cat.kpi_sort_key)
    note = ""
    if len(ids) > limit:
        ids = sorted(
            ids,
            key=lambda k: (
                _URGENCY.get(portal.kpi_results[k].status, 3),
                -portal.kpi_results[k].streak,
                cat.kpi_sort_key(k),
            ),
        )[:limit]
        note = (
            f"\n\nThe {limit} of {len(portal.kpis)} KPIs that need attention most (red first, "
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
                p.image(cat.site.chart("spark", kid), f"{kpi.name}: {alt_text(spark)}"),
                fmt_value(latest.value, kpi.unit) if latest else "no data",
                fmt_value(result.target, kpi.unit) if result.target is not None else "–",
                badge(result.status),
                streak_text(result.streak, kpi.cadence),
            ]
        )
    table = md_table(
        ["KPI", "Trend", "Latest", "Target", "Status", "Off target"], rows, align="llrrll"
    )
    return table + note


# --- periods --------------------------------------------------------------------


def period_pages(cat: Catalog, period: Period, sizes: PageSizes = SIZES) -> list[RenderedPage]:
    """``/periods/<period>/``: all objectives of a period with scores, by team.

    The company's objectives come first, then each team's, teams by name. A
    period with more than ``sizes.objectives`` objectives keeps its dates and
    company score on the entry page, which lists its sub-pages
    (``/periods/<period>/page/<n>/``) with the teams on each; the sub-pages
    hold the team sections, a team that runs over a page boundary continued
    on the next.
    """
    portal, site = cat.portal, cat.site
    src = site.period(period.key)
    p = Page(cat, src)
    p.add(f"# {encode(period.key)}")
    state = cat.period_state(period)
    line = (
        f"{period.start.isoformat()} to {period.end.isoformat()}: "
        f"{'the current period' if period.key == cat.current else state}."
    )
    company = portal.company_scores.get(period.key)
    if company is not None:
        line += f" Company score: **{fmt_score(company)}**."
    p.add(line)
    p.add(period_review(p, period))  # a finished period: grades, reviews, carry-over
    ids = cat.by_period.get(period.key, [])
    if not ids:
        p.add("No objectives in this period.")
    rows = _period_rows(cat, ids)
    if len(rows) <= sizes.objectives:
        _period_sections(p, period, rows, first_continued=False)
        return [p.done(feed=_objectives_folder(cat, ids))]

    chunks = chunked(rows, sizes.objectives)
    sub = SubPages(site, src, encode(period.key), len(chunks))
    teams = len({tid for tid, _ in rows if tid is not None})
    who = f"{teams} team{'s' if teams != 1 else ''}"
    if rows[0][0] is None:
        who = f"the company and {who}"
    p.add(
        f"{len(rows)} objectives of {who}, on {len(chunks)} pages of up to "
        f"{sizes.objectives}, by team:"
    )
    p.add(
        sub.index(
            p,
            ["Teams", "Objectives"],
            [
                [span(_team_name(cat, c[0][0]), _team_name(cat, c[-1][0])), str(len(c))]
                for c in chunks
            ],
        )
    )
    pages = [p.done(feed=_objectives_folder(cat, ids))]
    for number, chunk in enumerate(chunks, start=1):
        q = Page(cat, sub.src(number))
        q.add(sub.heading(number), sub.pager(q, number))
        again = number > 1 and chunks[number - 2][-1][0] == chunk[0][0]
        _period_sections(q, period, chunk, first_continued=again)
        q.add(sub.pager(q, number))
        pages.append(q.done(feed=_objectives_folder(cat, [oid for _, oid in chunk])))
    return pages


def _period_rows(cat: Catalog, ids: list[str]) -> list[tuple[str | None, str]]:
    """(team or None for the company, objective) in the order the period page shows them."""
    portal = cat.portal
    company_ids = [o for o in ids if not portal.objectives[o].team]
    rows: list[tuple[str | None, str]] = [
        (None, oid) for oid in sorted(company_ids, key=cat.objective_sort_key)
    ]
    by_team: dict[str, list[str]] = defaultdict(list)
    for oid in ids:
        team = portal.objectives[oid].team
        if team:
            by_team[team].append(oid)
    for tid in sorted(by_team, key=lambda t: cat.team_sort_key(t) if t in portal.teams else (t, t)):
        rows.extend((tid, oid) for oid in sorted(by_team[tid], key=cat.objective_sort_key))
    return rows


def _team_name(cat: Catalog, tid: str | None) -> str:
    if tid is None:
        return "Company"
    team = cat.portal.teams.get(tid)
    return label(team.name) if team else encode(tid)


def _period_sections(
    p: Page, period: Period, rows: Sequence[tuple[str | None, str]], *, first_continued: bool
) -> None:
    portal = p.portal
    for index, (tid, group) in enumerate(runs(rows, key=lambda row: row[0])):
        again = first_continued and index == 0
        ids = [oid for _, oid in group]
        if tid is None:
            p.add(f"## {continued('Company', again)}")
            p.add(p.objectives_table(ids, team=False, level=False))
            continue
        p.add(f"## {continued(_team_name(p.cat, tid), again)}")
        score = portal.team_scores.get(tid, {}).get(period.key)
        line = f"Team page: {p.team(tid)}."
        if score is not None:
            line = f"Team score: **{fmt_score(score)}**. " + line
        p.add(line)
        p.add(p.objectives_table(ids, team=False))


def _objectives_folder(cat: Catalog, ids: Sequence[str]) -> str:
    """The folder that holds these objectives (``objectives/2026-Q4/``), else objectives/.

    Objectives in several sub-folders give the folder they share
    (``2026-Q4/sales/a`` and ``2026-Q4/ops/b``: ``objectives/2026-Q4/``).
    """
    folders = [oid.rsplit("/", 1)[0] if "/" in oid else "" for oid in ids]
    base = cat.site.objectives_dir
    shared = posixpath.commonpath(folders) if folders and all(folders) else ""
    return f"{base}/{shared}/" if shared else f"{base}/"


def periods_index(cat: Catalog) -> RenderedPage:
    p = Page(cat, cat.site.periods_index)
    p.add("# Quarters and other periods")
    p.add(_periods_table(p, cat.sorted_periods()))
    return p.done(feed=f"{cat.site.objectives_dir}/")


def _periods_table(p: Page, periods: Sequence[Period]) -> str:
    cat, portal = p.cat, p.portal
    rows = []
    for period in periods:
        ids = cat.by_period.get(period.key, [])
        company = portal.company_scores.get(period.key)
        state = cat.period_state(period)
        rows.append(
            [
                p.period(period.key),
                f"{period.start.isoformat()} to {period.end.isoformat()}",
                "current" if period.key == cat.current else state,
                str(len(ids)),
                fmt_score(company),
            ]
        )
    return md_table(
        ["Period", "Dates", "State", "Objectives", "Company score"], rows, align="lllrr"
    )


# --- alignment ------------------------------------------------------------------

_ALIGNMENT_INTRO = (
    "The objectives of {period}, each under the objective it aligns to "
    "(its `parent`). Objectives without a parent in this period start a tree of "
    "their own under their level."
)
_LEVEL_SECTIONS = (
    ("company", "Company objectives"),
    ("team", "Team objectives without a company parent"),
    ("individual", "Individual objectives without a parent"),
)
_CYCLE_SECTION = "Objectives in a parent cycle"


@dataclass(frozen=True, slots=True)
class _TreeEntry:
    """One objective of the alignment tree: its section, depth and the objectives above it."""

    section: str
    oid: str
    ancestors: tuple[str, ...] = ()
    in_cycle: bool = False

    @property
    def depth(self) -> int:
        return len(self.ancestors)

    @property
    def root(self) -> str:
        return self.ancestors[0] if self.ancestors else self.oid


def alignment(cat: Catalog, sizes: PageSizes = SIZES) -> list[RenderedPage]:
    """``/alignment/``: company -> team -> individual objectives of the current period.

    A tree of more than ``sizes.rows`` objectives is cut, in its reading order,
    into sub-pages (``/alignment/page/<n>/``); a sub-page that starts inside a
    subtree first repeats the objectives above it, marked "continued". The
    entry page shows the company objectives with the size of their trees and
    lists the sub-pages.
    """
    site = cat.site
    key = cat.current
    p = Page(cat, site.alignment)
    p.add("# Alignment")
    p.add(_ALIGNMENT_INTRO.format(period=p.period(key)))
    ids = set(cat.by_period.get(key, []))
    entries = _tree_entries(cat, ids)
    feed = _objectives_folder(cat, sorted(ids))
    if len(entries) <= sizes.rows:
        _tree_sections(p, entries, first_continued=False)
        if not ids:
            p.add("No objectives in this period.")
        return [p.done(feed=feed)]

    chunks = chunked(entries, sizes.rows)
    sub = SubPages(site, site.alignment, "Alignment", len(chunks))
    p.add(
        f"{len(entries)} objectives in {p.period(key)}, on {len(chunks)} pages of up to "
        f"{sizes.rows}, in the order of the tree."
    )
    pages_of: dict[str, list[int]] = defaultdict(list)
    for number, chunk in enumerate(chunks, start=1):
        for entry in chunk:
            if not pages_of[entry.root] or pages_of[entry.root][-1] != number:
                pages_of[entry.root].append(number)
    tree_size = Counter(entry.root for entry in entries)
    company = [e for e in entries if e.depth == 0 and e.section == _LEVEL_SECTIONS[0][1]]
    if company:
        p.add("## Company objectives")
        lines = []
        for entry in company[: sizes.dashboard]:
            below = tree_size[entry.oid] - 1
            numbers = pages_of[entry.oid]
            pages_text = (
                f"pages {numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else f"page {numbers[0]}"
            )
            lines.append(
                f"{_tree_line(p, entry)} · {below} objective{'s' if below != 1 else ''} "
                f"below it, {p.link(sub.src(numbers[0]), pages_text)}"
            )
        p.add("\n".join(lines))
        if len(company) > sizes.dashboard:
            p.add(
                f"The first {sizes.dashboard} of {len(company)} company objectives; the pages "
                "below hold all of them."
            )
    p.add("## Pages")
    rows = []
    for chunk in chunks:
        first = chunk[0]
        start = p.objective(first.root) + (" (continued)" if first.depth else "")
        rows.append([encode(first.section), start, str(len(chunk))])
    p.add(sub.index(p, ["Section", "Starts with", "Objectives"], rows))
    pages = [p.done(feed=feed)]
    for number, chunk in enumerate(chunks, start=1):
        q = Page(cat, sub.src(number))
        q.add(sub.heading(number), sub.pager(q, number))
        again = number > 1 and chunks[number - 2][-1].section == chunk[0].section
        _tree_sections(q, chunk, first_continued=again)
        q.add(sub.pager(q, number))
        pages.append(q.done(feed=_objectives_folder(cat, sorted(e.oid for e in chunk))))
    return pages


def _tree_entries(cat: Catalog, ids: set[str]) -> list[_TreeEntry]:
    """The tree in reading order: each section's roots, each followed by its subtree."""
    portal = cat.portal
    roots = [
        oid
        for oid in ids
        if not portal.objectives[oid].parent or portal.objectives[oid].parent not in ids
    ]
    entries: list[_TreeEntry] = []
    placed: set[str] = set()

    def visit(section: str, oid: str, ancestors: tuple[str, ...]) -> None:
        if oid in placed:
            return
        placed.add(oid)
        entries.append(_TreeEntry(section, oid, ancestors))
        for child in sorted(cat.children.get(oid, []), key=cat.objective_sort_key):
            if child in ids:
                visit(section, child, (*ancestors, oid))

    for level, title in _LEVEL_SECTIONS:
        level_roots = sorted(
            (o for o in roots if portal.objectives[o].level == level), key=cat.objective_sort_key
        )
        for oid in level_roots:
            visit(title, oid, ())
    rest = sorted(ids - placed, key=cat.objective_sort_key)  # parent cycles (E008)
    entries.extend(_TreeEntry(_CYCLE_SECTION, oid, in_cycle=True) for oid in rest)
    return entries


def _tree_sections(p: Page, entries: Sequence[_TreeEntry], *, first_continued: bool) -> None:
    for index, (section, group) in enumerate(runs(entries, key=lambda e: e.section)):
        p.add(f"## {continued(section, first_continued and index == 0)}")
        # A page that starts inside a subtree repeats the objectives above, so the
        # nesting (and the Markdown list) still reads from the top.
        context = [
            "    " * depth + f"- {p.objective(oid)} *(continued)*"
            for depth, oid in enumerate(group[0].ancestors if index == 0 else ())
        ]
        p.add("\n".join(context + [_tree_line(p, entry) for entry in group]))


def _tree_line(p: Page, entry: _TreeEntry) -> str:
    if entry.in_cycle:
        return f"- {p.objective(entry.oid)}"
    obj = p.portal.objectives[entry.oid]
    parent = p.portal.objectives.get(obj.parent or "")
    outside = ""
    if entry.depth == 0 and parent is not None:
        when = p.period(parent.period.key) if parent.period else ""
        outside = f" (aligns to {p.objective(parent.id)} of {when})"
    who = p.team(obj.team) if obj.team else "company"
    return (
        "    " * entry.depth
        + f"- {p.objective(entry.oid)}{outside} — {who}, {p.person(obj.owner)}: "
        + f"**{fmt_score(p.portal.objective_results[entry.oid].score)}** "
        + p.objective_status(entry.oid)
    )


# --- health ----------------------------------------------------------------------


def health(cat: Catalog, sizes: PageSizes = SIZES) -> list[RenderedPage]:
    """``/health/``: every error and warning, grouped by file, with page and edit links.

    More than ``sizes.findings`` findings go to sub-pages (``/health/page/<n>/``),
    files in path order; the entry page then counts the findings by check and
    lists the sub-pages with the files on each.
    """
    portal, site = cat.portal, cat.site
    p = Page(cat, site.health)
    p.add("# Health")
    errors, warnings = portal.errors, portal.warnings
    p.add(
        f"{len(errors)} error{'s' if len(errors) != 1 else ''} and {len(warnings)} "
        f"warning{'s' if len(warnings) != 1 else ''} as of {cat.as_of.isoformat()}. "
        f"Errors stop the build; warnings are the quality checks described on "
        f"{p.link(site.rules, 'the rules page')}. Run `okrsite check` to see the same list "
        f"locally."
    )
    if not portal.findings:
        p.add("Every goal file is clean.")
        return [p.done(feed=site.config_path)]
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in portal.findings:
        groups[finding.path].append(finding)
    items = [
        (path, finding)
        for path in sorted(groups)
        for finding in sorted(groups[path], key=lambda f: f.sort_key)
    ]
    if len(items) <= sizes.findings:
        _finding_groups(p, items, first_continued=False)
        return [p.done(feed=site.config_path)]

    chunks = chunked(items, sizes.findings)
    sub = SubPages(site, site.health, "Health", len(chunks))
    p.add("## By check")
    p.add(_findings_by_code(p, [f for _, f in items]))
    p.add("## Pages")
    p.add(
        f"The findings of {len(groups)} files, by path, on {len(chunks)} pages of up to "
        f"{sizes.findings}:"
    )
    p.add(
        sub.index(
            p,
            ["Files", "Findings"],
            [
                [
                    span(f"<code>{encode(c[0][0])}</code>", f"<code>{encode(c[-1][0])}</code>"),
                    str(len(c)),
                ]
                for c in chunks
            ],
        )
    )
    pages = [p.done(feed=site.config_path)]
    for number, chunk in enumerate(chunks, start=1):
        q = Page(cat, sub.src(number))
        q.add(sub.heading(number), sub.pager(q, number))
        again = number > 1 and chunks[number - 2][-1][0] == chunk[0][0]
        _finding_groups(q, chunk, first_continued=again)
        q.add(sub.pager(q, number))
        pages.append(q.done(feed=site.config_path))
    return pages


def _finding_groups(
    p: Page, items: Sequence[tuple[str, Finding]], *, first_continued: bool
) -> None:
    """The findings of each file under a heading naming its page, with edit and line links."""
    cat, site = p.cat, p.site
    for index, (path, group) in enumerate(runs(items, key=lambda item: item[0])):
        docs = site.docs_path(path)
        page = _page_of(cat, path)
        title = p.link(page[0], page[1]) if page else encode(path)
        p.add(f"## {continued(title, first_continued and index == 0)}")
        where = [f"<code>{encode(path)}</code>"]
        edit = site.edit_url(docs) if docs and not docs.startswith("../") else None
        if edit:
            where.append(f"[edit the file]({_url(edit)})")
        p.add(" · ".join(where))
        rows = []
        for _, f in group:
            view = site.view_url(docs, f.line) if docs else None
            line = f"[{f.line}:{f.col}]({_url(view)})" if view else f"{f.line}:{f.col}"
            rows.append([line, _code_link(p, f.code), _severity(f), encode(f.message)])
        p.add(md_table(["Line", "Code", "Severity", "Message"], rows))


def _code_link(p: Page, code: str) -> str:
    if code.startswith("Q"):
        return p.link(f"{p.site.rules}#{code.lower()}", code)
    return encode(code)


def _severity(finding: Finding) -> str:
    return "error" if finding.is_error else "warning"


def _findings_by_code(p: Page, findings: Sequence[Finding]) -> str:
    """How many findings (and files) each check has, errors first."""
    meanings = dict(_ERRORS)
    counts = Counter((f.code, _severity(f)) for f in findings)
    files: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in findings:
        files[(f.code, _severity(f))].add(f.path)
    rows = []
    for code, severity in sorted(counts, key=lambda k: (k[1] != "error", k[0])):
        rule = RULES.get(code)
        meaning = encode(rule.name) if rule else encode(meanings.get(code, ""))
        rows.append(
            [
                _code_link(p, code),
                meaning or "–",
                severity,
                str(counts[(code, severity)]),
                str(len(files[(code, severity)])),
            ]
        )
    return md_table(["Code", "Check", "Severity", "Findings", "Files"], rows, align="lllrr")


def _page_of(cat: Catalog, path: str) -> tuple[str, str] | None:
    """(source, label) of the portal page a finding's file belongs to."""
    portal, site = cat.portal, cat.site
    if path in cat.objective_by_path:
        oid = cat.objective_by_path[path]
        return site.objective(oid), label(portal.objectives[oid].objective)
    if path in cat.team_by_path:
        tid = cat.team_by_path[path]
        return site.team(tid), label(portal.teams[tid].name)
    if path in cat.kpi_by_path:
        kid = cat.kpi_by_path[path]
        return site.kpi(kid), label(portal.kpis[kid].name)
    docs = site.docs_path(path)
    for kid, kpi in portal.kpis.items():
        if kpi.data_path and kpi.data_path == docs:
            return site.kpi(kid), label(kpi.name)
    return None


def _url(url: str) -> str:
    """An external URL as a Markdown link destination."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


# --- rules -------------------------------------------------------------------------

_ERRORS = (
    ("E001", "unreadable file, invalid YAML or missing front matter"),
    ("E002", "unknown key (with a suggestion)"),
    ("E003", "missing required key"),
    ("E004", "wrong type or value: period, date, number, choice or range"),
    ("E005", "duplicate key"),
    ("E006", "duplicate id: key result ids within an objective, page ids"),
    ("E007", "unknown or ambiguous reference: team, parent, KPI, aligned objective"),
    ("E008", "a cycle in objective parents, aligned key results or team parents"),
    ("E009", "a problem in a KPI's CSV file"),
    ("E010", "a path that leads outside the goals folder"),
    ("E011", "a numeric key result whose target equals its baseline"),
)


def rules(cat: Catalog, lint: LintOptions) -> RenderedPage:
    """``/rules/``: the quality checks, why they matter, and how to silence one."""
    p = Page(cat, cat.site.rules)
    p.add("# Quality checks")
    p.add(
        "okrsite reads every goal page and KPI and warns about the habits the OKR and KPI "
        "literature warns about. Warnings do not stop the build unless it runs with "
        "`mkdocs build --strict` or the plugin option `strict: true`. Each check can be "
        "switched off for the whole site in `mkdocs.yml`:"
    )
    p.add(
        _fenced("plugins:\n  - okrsite:\n      lint: {ignore: [Q109]}\n"),
        "or for one goal page, in its front matter:",
        _fenced("lint_ignore: [Q109]\n"),
    )
    for code in sorted(RULES):
        rule = RULES[code]
        p.add(f'## <span id="{code.lower()}"></span>{encode(code)} {encode(rule.name)}')
        state = "on" if lint.enabled(code) else "off"
        default = "on" if rule.default_on else "off (list it in `lint.select` to use it)"
        p.add(f"{p.text(rule.summary)} In this site: **{state}**; by default: {default}.")
        why = f"**Why it matters:** {p.text(rule.why)}"
        missing = [s for s in rule.sources if SEED_TITLES.get(s, s) not in rule.why]
        if missing:
            named = ", ".join(f"“{encode(SEED_TITLES.get(s, s))}”" for s in missing)
            why += f" (sources: {named})"
        p.add(why)
        p.add("Fires on:", _fenced(rule.bad), "Passes:", _fenced(rule.good))
        silence = (
            f"To silence it: `lint: {{ignore: [{code}]}}` in mkdocs.yml, or "
            f"`lint_ignore: [{code}]` on the page."
        )
        if rule.option:
            option = rule.option.removeprefix("lint.")
            value = getattr(lint, option, None)
            shown = f" (here: {encode(str(value))})" if value is not None else ""
            silence += f" Its threshold is the option `lint.{option}`{shown}."
        p.add(silence)
    p.add("## Errors")
    p.add(
        "Errors mean the site cannot be trusted: the build stops and lists each one as "
        "`path:line:col: CODE message`. They cannot be switched off."
    )
    p.add(md_table(["Code", "Meaning"], [[c, encode(m)] for c, m in _ERRORS]))
    return p.done(feed=cat.site.config_path)


def _fenced(text: str, language: str = "yaml") -> str:
    """A fenced code block longer than any backtick run inside it."""
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}"


# --- indexes ----------------------------------------------------------------------------


def _paged_index(
    p: Page,
    items: Sequence[str],
    size: int,
    *,
    title: str,
    feed: str,
    summary: str,
    name: Callable[[str], str],
    body: Callable[[Page, Sequence[str]], str],
    preface: Callable[[Page, Sequence[str]], Sequence[str]] = lambda page, chunk: (),
) -> list[RenderedPage]:
    """An index page that lists ``items`` itself, or in sub-pages of ``size`` when they
    do not fit.

    The entry page ``p`` then gets ``summary`` (``{count}`` and ``{pages}`` filled in)
    and a table of the sub-pages, each named by its first and last item; every
    sub-page gets ``preface`` (lines above its table) and pagers above and below.
    """
    if len(items) <= size:
        p.add(body(p, items))
        return [p.done(feed=feed)]
    cat = p.cat
    chunks = chunked(items, size)
    sub = SubPages(cat.site, p.src, title, len(chunks))
    p.add(summary.format(count=len(items), pages=len(chunks), size=size))
    p.add(
        sub.index(
            p,
            [title, "Count"],
            [[span(name(c[0]), name(c[-1])), str(len(c))] for c in chunks],
        )
    )
    pages = [p.done(feed=feed)]
    for number, chunk in enumerate(chunks, start=1):
        q = Page(cat, sub.src(number))
        q.add(sub.heading(number), sub.pager(q, number))
        for line in preface(q, chunk):
            q.add(line)
        q.add(body(q, chunk))
        q.add(sub.pager(q, number))
        pages.append(q.done(feed=feed))
    return pages


def teams_index(cat: Catalog, sizes: PageSizes = SIZES) -> list[RenderedPage]:
    """``/teams/``: the team roll-up of the current period, as a tree of teams.

    More than ``sizes.rows`` teams go to sub-pages (``/teams/page/<n>/``) in the
    order of the tree; a sub-page that starts with a sub-team names the teams
    above it.
    """
    site = cat.site
    p = Page(cat, site.teams_index)
    p.add("# Teams")
    intro = "Scores of {period}: a team's score is the mean score of its team-level objectives."
    p.add(intro.format(period=p.period(cat.current)))

    def preface(q: Page, chunk: Sequence[str]) -> list[str]:
        lines = [intro.format(period=q.period(cat.current))]
        above = _team_ancestors(cat, chunk[0])
        if above:
            lines.append(f"Continues the teams within {' › '.join(q.team(t) for t in above)}.")
        return lines

    return _paged_index(
        p,
        _team_order(cat),
        sizes.rows,
        title="Teams",
        feed=f"{site.teams_dir}/",
        summary="{count} teams, each followed by its sub-teams, on {pages} pages of up to {size}:",
        name=lambda tid: _team_name(cat, tid),
        body=_team_rollup,
        preface=preface,
    )


def kpis_index(cat: Catalog, sizes: PageSizes = SIZES) -> list[RenderedPage]:
    """``/kpis/``: every KPI's latest value against its target, by name.

    More than ``sizes.rows`` KPIs go to sub-pages (``/kpis/page/<n>/``); the
    entry page then counts them by status and lists the sub-pages.
    """
    site = cat.site
    p = Page(cat, site.kpis_index)
    p.add("# KPIs")
    intro = (
        f"The health of the business as of {cat.as_of.isoformat()}: each KPI's latest value "
        "against its target."
    )
    p.add(intro)
    ids = sorted(cat.portal.kpis, key=cat.kpi_sort_key)
    statuses = Counter(cat.portal.kpi_results[k].status for k in ids)
    mix = ", ".join(
        f"{statuses[s]} {badge(s)}" for s in sorted(statuses, key=lambda s: (_URGENCY.get(s, 3), s))
    )
    return _paged_index(
        p,
        ids,
        sizes.rows,
        title="KPIs",
        feed=f"{site.kpis_dir}/",
        summary=f"{{count}} KPIs: {mix}. By name, on {{pages}} pages of up to {{size}}:",
        name=lambda kid: _kpi_name(cat, kid),
        body=lambda q, chunk: q.kpis_table(list(chunk), team=True) if chunk else "No KPIs yet.",
        preface=lambda q, chunk: [intro],
    )


def _kpi_name(cat: Catalog, kid: str) -> str:
    return label(cat.portal.kpis[kid].name) or encode(kid)


def objectives_index(cat: Catalog, sizes: PageSizes = SIZES) -> RenderedPage:
    """``/objectives/``: the objectives of each period, newest period first.

    With more than ``sizes.objectives`` objectives it is a table of the periods
    instead: each period's page lists its objectives (and splits them into
    pages of its own), so the objectives are not listed twice.
    """
    p = Page(cat, cat.site.objectives_index)
    p.add("# Objectives")
    if not cat.portal.objectives:
        p.add("No objectives yet.")
    periods = [period for period in cat.sorted_periods() if cat.by_period.get(period.key)]
    total = sum(len(cat.by_period[period.key]) for period in periods)
    if total > sizes.objectives:
        p.add(
            f"{total} objectives in {len(periods)} periods. Each period's page lists its "
            "objectives by team, with their scores:"
        )
        p.add(_periods_table(p, periods))
        return p.done(feed=f"{cat.site.objectives_dir}/")
    for period in periods:
        ids = cat.by_period[period.key]
        current = " (current)" if period.key == cat.current else ""
        p.add(f"## {encode(period.key)}{current}")
        p.add(p.objectives_table(sorted(ids, key=cat.objective_sort_key)))
    return p.done(feed=f"{cat.site.objectives_dir}/")


def people_index(cat: Catalog, sizes: PageSizes = SIZES) -> list[RenderedPage]:
    """``/people/``: everyone named in the goal files, by name (slug).

    More than ``sizes.rows`` people go to sub-pages (``/people/page/<n>/``).
    """
    site = cat.site
    p = Page(cat, site.people_index)
    p.add("# People")
    return _paged_index(
        p,
        list(cat.people),
        sizes.rows,
        title="People",
        feed=f"{site.teams_dir}/",
        summary="{count} people own, lead or belong to something in the goal files. By name, "
        "on {pages} pages of up to {size}:",
        name=lambda slug: label(cat.people[slug].name),
        body=lambda q, chunk: _people_table(q, chunk) if chunk else "Nobody yet.",
    )


def _people_table(p: Page, slugs: Sequence[str]) -> str:
    cat = p.cat
    rows = []
    for slug in slugs:
        person = cat.people[slug]
        current = [o for o in person.objectives if cat.in_period(o, cat.current)]
        rows.append(
            [
                p.link(cat.site.person(slug), label(person.name)),
                p.teams(sorted(set(person.leads + person.member_of), key=cat.team_sort_key)),
                str(len(current)),
                str(len(person.objectives)),
                str(len(person.kpis)),
            ]
        )
    return md_table(
        ["Person", "Teams", f"Objectives {encode(cat.current)}", "All objectives", "KPIs"],
        rows,
        align="llrrr",
    )
