"""Period pages and the lists of periods: ``/periods/<period>/``, ``/periods/``, ``/objectives/``.

Periods are listed the way readers look for them (SPEC 8): the current one,
then the past ones newest first, then the planned ones, which have no score
yet. Within a period, the company comes first, then the teams as a tree (each
team followed by its sub-teams).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..model import Period
from .catalog import Catalog
from .markup import encode, fmt_score
from .page import Page, RenderedPage, objectives_folder, period_score_line, table, team_name
from .paging import PageSizes, SubPages, chunked, continued, runs, span
from .review import period_review
from .team import averaged, team_level_count


def period_state_word(cat: Catalog, period: Period) -> str:
    """``current``, ``finished`` or ``planned``."""
    return "current" if period.key == cat.current else cat.period_state(period)


def period_pages(cat: Catalog, period: Period, sizes: PageSizes) -> list[RenderedPage]:
    """``/periods/<period>/``: all objectives of a period with scores, by team.

    The company's objectives come first, then each team's, in the order of the
    team tree. A period with more than ``sizes.objectives`` objectives keeps
    its dates and company score on the entry page, which lists its sub-pages
    (``/periods/<period>/page/<n>/``) with the teams on each; the sub-pages
    hold the team sections, a team that runs over a page boundary continued
    on the next.
    """
    portal, site = cat.portal, cat.site
    src = site.period(period.key)
    p = Page(cat, src)
    p.add(f"# {encode(period.key)}")
    state = period_state_word(cat, period)
    line = f"{period.start.isoformat()} to {period.end.isoformat()}: "
    line += {"current": "the current period.", "finished": "finished."}.get(
        state, "planned, not started yet."
    )
    company_score = portal.company_scores.get(period.key)
    company = period_score_line(cat, period.key, company_score, "Company score")
    if state != "planned" and company:
        line += " " + company
    p.add(line)
    p.add(
        *period_review(p, period, limit=sizes.dashboard)
    )  # a finished period: grades, reviews, carry-over
    ids = cat.by_period.get(period.key, [])
    if not ids:
        p.add("No objectives in this period.")
    rows = _period_rows(cat, ids)
    if len(rows) <= sizes.objectives:
        _period_sections(p, period, rows, first_continued=False)
        return [p.done(feed=objectives_folder(cat, ids))]

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
                [span(team_name(cat, c[0][0]), team_name(cat, c[-1][0])), str(len(c))]
                for c in chunks
            ],
        )
    )
    return [
        p.done(feed=objectives_folder(cat, ids)),
        *sub.write(
            p,
            chunks,
            lambda q, chunk, again: _period_sections(q, period, chunk, first_continued=again),
            feed=lambda chunk: objectives_folder(cat, [oid for _, oid in chunk]),
            group=lambda row: row[0],  # the team
        ),
    ]


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
    tree = {tid: index for index, tid in enumerate(cat.team_order())}
    for tid in sorted(by_team, key=lambda t: (tree.get(t, len(tree)), t)):
        rows.extend((tid, oid) for oid in sorted(by_team[tid], key=cat.objective_sort_key))
    return rows


def _period_sections(
    p: Page, period: Period, rows: Sequence[tuple[str | None, str]], *, first_continued: bool
) -> None:
    cat, portal = p.cat, p.portal
    for index, (tid, group) in enumerate(runs(rows, key=lambda row: row[0])):
        again = first_continued and index == 0
        ids = [oid for _, oid in group]
        if tid is None:
            p.add(f"## {continued('Company', again)}")
            p.add(p.objectives_table(ids, team=False, level=False))
            continue
        title = team_name(cat, tid)
        above = cat.team_ancestors(tid) if tid in portal.teams else []
        p.add(f"## {continued(title, again)}")
        score = portal.team_scores.get(tid, {}).get(period.key)
        line = period_score_line(cat, period.key, score, "Team score")
        if score is not None and cat.period_state(period) != "planned":
            line = line.rstrip(".") + f", the {averaged(team_level_count(cat, tid, period.key))}."
        where = f"Team page: {p.team(tid)}"
        if above:
            where += f", within {' › '.join(p.team(t) for t in above)}"
        p.add(f"{line} {where}.".strip())
        p.add(p.objectives_table(ids, team=False))


def periods_index(cat: Catalog) -> RenderedPage:
    """``/periods/``: every period, the current one first, planned ones last."""
    p = Page(cat, cat.site.periods_index)
    p.add("# Quarters and other periods")
    p.add(periods_table(p, cat.display_periods()))
    return p.done(feed=f"{cat.site.objectives_dir}/")


def periods_table(p: Page, periods: Sequence[Period]) -> str:
    """Periods with their dates, state, objectives and company score (none when planned)."""
    cat, portal = p.cat, p.portal
    rows = []
    for period in periods:
        ids = cat.by_period.get(period.key, [])
        company = portal.company_scores.get(period.key)
        state = period_state_word(cat, period)
        rows.append(
            [
                p.period(period.key),
                state,
                fmt_score(company) if state != "planned" else "not started",
                str(len(ids)),
                f"{period.start.isoformat()} to {period.end.isoformat()}",
            ]
        )
    return table(["Period", "State", "Company score", "Objectives", "Dates"], rows, align="llrrl")


def objectives_index(cat: Catalog, sizes: PageSizes) -> RenderedPage:
    """``/objectives/``: the objectives of each period, the current period first.

    With more than ``sizes.objectives`` objectives it is a table of the periods
    instead: each period's page lists its objectives (and splits them into
    pages of its own), so the objectives are not listed twice.
    """
    p = Page(cat, cat.site.objectives_index)
    p.add("# Objectives")
    if not cat.portal.objectives:
        p.add("No objectives yet.")
    periods = [period for period in cat.display_periods() if cat.by_period.get(period.key)]
    total = sum(len(cat.by_period[period.key]) for period in periods)
    if total > sizes.objectives:
        p.add(
            f"{total} objectives in {len(periods)} periods. Each period's page lists its "
            "objectives by team, with their scores:"
        )
        p.add(periods_table(p, periods))
        return p.done(feed=f"{cat.site.objectives_dir}/")
    for period in periods:
        ids = cat.by_period[period.key]
        p.add(f"## {encode(period.key)} ({period_state_word(cat, period)})")
        p.add(p.objectives_table(sorted(ids, key=cat.objective_sort_key)))
    return p.done(feed=f"{cat.site.objectives_dir}/")
