"""Team pages and the team roll-up: ``/teams/<id>/`` and ``/teams/``.

A team's score for a period is the mean score of its *team-level* objectives
(SPEC 5); a team's individual-level objectives show on its page but do not
count. Every roll-up says so, and how many objectives it averages, so that
"2 objectives, 2 green" beside a score of one of them reads right.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .catalog import Catalog
from .markup import bullets, encode, md_table, para, score_bar, strong
from .page import REPLACE, Page, RenderedPage, period_score_line, signed, table, team_name
from .paging import PageSizes, paged_index
from .specs import change

#: Statuses in the order a reader scans them: problems first.
STATUS_ORDER = ("red", "yellow", "green", "planned")


def status_mix(counts: Counter[str]) -> str:
    """``1 red 2 green``: badges with counts, problems first."""
    return " ".join(
        f'<span class="okr-status okr-status--{s}">{n}&#160;{s}</span>'
        for s in STATUS_ORDER
        if (n := counts.get(s))
    )


def averaged(count: int) -> str:
    """What a team score averages, in words."""
    return f"mean of {count} team-level objective{'s' if count != 1 else ''}"


def team_level_count(cat: Catalog, tid: str, key: str) -> int:
    """How many team-level objectives of ``tid`` the period ``key`` has (the score's base)."""
    return sum(
        1
        for oid in cat.team_objectives.get(tid, [])
        if cat.in_period(oid, key) and cat.portal.objectives[oid].level == "team"
    )


def team_rollup(p: Page, team_ids: Sequence[str], *, with_change: bool = True) -> str:
    """The current period's teams (sub-teams under their parents): status mix, score, change."""
    cat, portal = p.cat, p.portal
    if not portal.teams:
        return para("No teams yet.")
    key = cat.current
    before = cat.week_ago.teams if with_change else {}
    rows = []
    for tid in team_ids:
        team = portal.teams[tid]
        ids = [o for o in cat.team_objectives.get(tid, []) if cat.in_period(o, key)]
        counts = Counter(portal.objective_results[o].status for o in ids)
        score = portal.team_scores.get(tid, {}).get(key)
        base = team_level_count(cat, tid, key)
        shown = "–"
        if score is not None:
            shown = (
                score_bar(score, label_text="Team score")
                + f'<br><span class="okr-note">{averaged(base)}</span>'
            )
        depth = cat.team_depth(tid)
        name = p.team(tid)
        if depth:  # sub-teams under their parent, indented (the row's first thing stays a link)
            name = "&#160;&#160;&#160;&#160;" * depth + name
        row = [name, status_mix(counts) or "–", shown]
        if with_change:
            row.append(signed(change(score, before.get(tid, {}).get(key))))
        row += [str(len(ids)), p.person(team.lead)]
        rows.append(row)
    headers = ["Team", "Status", "Team score"]
    if with_change:
        headers.append("7-day change")
    headers += ["Objectives", "Lead"]
    return table(headers, rows, align="lll" + ("r" if with_change else "") + "rl")


def team_page(cat: Catalog, team_id: str) -> RenderedPage:
    """The page of a team; replaces the goal file's own content."""
    portal = cat.portal
    team = portal.teams[team_id]
    src = cat.site.team(team_id)
    p = Page(cat, src)
    p.add(f"# {p.text(team.name)}")
    if team.mission:
        p.add(para(p.text(team.mission), "okr-mission"))
    company = p.link(cat.site.dashboard, encode(portal.company))
    about = [
        f"{strong('Lead:')} {p.person(team.lead)}",
        f"{strong('Members:')} {p.people(team.members)}",
        f"{strong('Part of:')} {p.team(team.parent) if team.parent else company}",
    ]
    subs = sorted(cat.sub_teams.get(team_id, []), key=cat.team_sort_key)
    if subs:
        about.append(f"{strong('Teams within:')} {p.teams(subs)}")
    p.add(bullets(about))
    p.add(p.body(team.body, src))

    p.add("## Objectives")
    ids = cat.team_objectives.get(team_id, [])
    if not ids:
        p.add("No objectives yet.")
    scores = portal.team_scores.get(team_id, {})
    for period in cat.display_periods():
        in_period = [oid for oid in ids if cat.in_period(oid, period.key)]
        if not in_period:
            continue
        state = "current" if period.key == cat.current else cat.period_state(period)
        p.add(f"### {encode(period.key)} ({state})")
        base = team_level_count(cat, team_id, period.key)
        line = period_score_line(cat, period.key, scores.get(period.key), "Team score")
        if line and scores.get(period.key) is not None and state != "planned":
            line = line.rstrip(".") + f", the {averaged(base)}."
        p.add(f"{line} Period page: {p.period(period.key)}.".strip())
        p.add(p.objectives_table(sorted(in_period, key=cat.objective_sort_key), team=False))

    p.add("## KPIs")
    kpis = sorted(cat.team_kpis.get(team_id, []), key=cat.kpi_sort_key)
    p.add(p.kpis_table(kpis) if kpis else "This team owns no KPIs.")

    p.add("## Score history")
    started = [
        period
        for period in cat.display_periods()
        if period.key in scores and cat.period_state(period) != "planned"
    ]
    if started:
        rows = [
            [
                p.period(period.key),
                score_bar(scores[period.key], label_text="Team score"),
                str(team_level_count(cat, team_id, period.key)),
            ]
            for period in sorted(started, key=lambda period: period.start, reverse=True)
        ]
        p.add(
            "The team score of a period is the mean score of the team's team-level objectives; "
            "individual objectives are shown but not counted."
        )
        p.add(md_table(["Period", "Score", "Team-level objectives"], rows, align="llr"))
    else:
        p.add("No team-level objectives in a started period yet, so no team score.")
    return p.done(feed=src, mode=REPLACE)


def teams_index(cat: Catalog, sizes: PageSizes) -> list[RenderedPage]:
    """``/teams/``: the team roll-up of the current period, as a tree of teams.

    More than ``sizes.rows`` teams go to sub-pages (``/teams/page/<n>/``) in the
    order of the tree; a sub-page that starts with a sub-team names the teams
    above it.
    """
    site = cat.site
    p = Page(cat, site.teams_index)
    p.add("# Teams")
    intro = (
        "Scores of {period}: a team's score is the mean score of its team-level objectives; "
        "sub-teams are listed under their parent."
    )
    p.add(intro.format(period=p.period(cat.current)))

    def preface(q: Page, chunk: Sequence[str]) -> list[str]:
        lines = [intro.format(period=q.period(cat.current))]
        above = cat.team_ancestors(chunk[0])
        if above:
            lines.append(f"Continues the teams within {' › '.join(q.team(t) for t in above)}.")
        return lines

    return paged_index(
        p,
        cat.team_order(),
        sizes.rows,
        title="Teams",
        feed=f"{site.teams_dir}/",
        summary="{count} teams, each followed by its sub-teams, on {pages} pages of up to {size}:",
        name=lambda tid: team_name(cat, tid),
        body=lambda q, chunk: team_rollup(q, chunk),
        preface=preface,
    )
