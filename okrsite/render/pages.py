"""The pages of one team, objective, KPI or person, as Markdown.

Each function returns a :class:`RenderedPage`: Markdown whose links are
relative links to ``.md`` sources (MkDocs turns them into URLs) and whose user
text is already safe HTML (see :mod:`okrsite.render.markup`). The site-wide
pages (dashboard, periods, alignment, health, rules, the indexes) are in
:mod:`okrsite.render.overview`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..charts import alt_text
from ..escaping import needs_isolation
from ..model import KeyResult, Kpi, Objective
from ..score import objective_status, point_status
from .body import body_html
from .catalog import Catalog, Person
from .levels import kr_values, level_state
from .links import rel_link
from .markup import (
    badge,
    bar,
    details,
    encode,
    escape_alt,
    facts,
    fmt_number,
    fmt_score,
    fmt_value,
    html_table,
    inline,
    label,
    md_table,
    score_bar,
)
from .paging import PAGE_SIZE
from .specs import ScoreHistory, expected_at, kpi_chart, kpi_rows, progress_chart

#: How a generated page gets into the site.
NEW = "new"  # a page of its own (people, periods, ...)
REPLACE = "replace"  # replaces an existing goal page's content (team, objective, KPI)
APPEND = "append"  # goes after an existing page's own Markdown (the company's index.md)


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedPage:
    """One page okrsite writes.

    Attributes:
        src: Its path relative to docs_dir (``objectives/2026-Q4/retention.md``).
        markdown: The Markdown MkDocs renders.
        feed: The file the page is made from, relative to docs_dir (may be a
            folder ending in ``/``, or ``../mkdocs.yml``): its edit link.
        mode: :data:`NEW`, :data:`REPLACE` or :data:`APPEND`.
    """

    src: str
    markdown: str
    feed: str | None = None
    mode: str = NEW


class Page:
    """A page being written: its path, its chunks, and links computed from where it is."""

    def __init__(self, cat: Catalog, src: str) -> None:
        self.cat = cat
        self.src = src
        self.site = cat.site
        self.portal = cat.portal
        self.chunks: list[str] = []

    def add(self, *chunks: str) -> None:
        """Append blocks (paragraphs, tables, lists); empty ones are skipped."""
        self.chunks.extend(chunk for chunk in chunks if chunk)

    def done(self, feed: str | None, mode: str = NEW) -> RenderedPage:
        text = "\n\n".join(chunk.strip("\n") for chunk in self.chunks).strip() + "\n"
        return RenderedPage(src=self.src, markdown=text, feed=feed, mode=mode)

    # --- links ---------------------------------------------------------------

    def link(self, target: str, text_html: str) -> str:
        return f"[{text_html}]({rel_link(self.src, target)})"

    def text(self, markdown: str | None, origin: str | None = None) -> str:
        """User Markdown written in ``origin`` (default: this page), inline and safe."""
        return inline(markdown, self.src, origin=origin, directory_urls=self.site.directory_urls)

    def body(self, markdown: str, origin: str) -> str:
        html = body_html(
            markdown,
            self.site.markdown,
            src=self.src,
            origin=origin,
            directory_urls=self.site.directory_urls,
        )
        # dir="auto": a body in a right-to-left script, or one with bidi controls, is its own
        # isolated run and cannot reorder the page around it.
        direction = ' dir="auto"' if needs_isolation(markdown) else ""
        return f'<div class="okr-body"{direction}>\n{html}\n</div>' if html else ""

    def team(self, team_id: str | None) -> str:
        team = self.portal.teams.get(team_id) if team_id else None
        if team is None:
            return encode(team_id) if team_id else "–"
        return self.link(self.site.team(team.id), label(team.name) or encode(team.id))

    def teams(self, team_ids: list[str]) -> str:
        return ", ".join(self.team(t) for t in team_ids) or "–"

    def person(self, name: str | None) -> str:
        if not name or not name.strip():
            return "–"
        return self.link(self.cat.owner_page(name), label(" ".join(name.split())))

    def people(self, names: tuple[str, ...] | list[str]) -> str:
        return ", ".join(self.person(n) for n in names) or "–"

    def objective(self, objective_id: str | None) -> str:
        obj = self.portal.objectives.get(objective_id) if objective_id else None
        if obj is None:
            return encode(objective_id) if objective_id else "–"
        return self.link(self.site.objective(obj.id), label(obj.objective) or encode(obj.id))

    def kpi(self, kpi_id: str | None) -> str:
        kpi = self.portal.kpis.get(kpi_id) if kpi_id else None
        if kpi is None:
            return encode(kpi_id) if kpi_id else "–"
        return self.link(self.site.kpi(kpi.id), label(kpi.name) or encode(kpi.id))

    def period(self, key: str | None) -> str:
        if not key:
            return "–"
        if key in self.cat.periods or key == self.cat.current:
            return self.link(self.site.period(key), encode(key))
        return encode(key)

    def image(self, path: str, alt: str) -> str:
        return f"![{escape_alt(alt)}]({rel_link(self.src, path)})"

    # --- shared pieces ---------------------------------------------------------

    def objective_status(self, objective_id: str) -> str:
        result = self.portal.objective_results.get(objective_id)
        return badge(result.status) if result else "–"

    def objective_score(self, objective_id: str) -> str:
        result = self.portal.objective_results.get(objective_id)
        if result is None:
            return "–"
        return score_bar(result.score, result.status)

    def objectives_table(
        self,
        ids: list[str],
        *,
        team: bool = True,
        period: bool = False,
        level: bool = True,
        owner: bool = True,
    ) -> str:
        """Objectives with owner, level, score and status (one row each)."""
        headers = ["Objective"]
        if period:
            headers.append("Period")
        if team:
            headers.append("Team")
        if level:
            headers.append("Level")
        if owner:
            headers.append("Owner")
        headers += ["Score", "Status"]
        rows = []
        for oid in ids:
            obj = self.portal.objectives[oid]
            row = [self.objective(oid)]
            if period:
                row.append(self.period(obj.period.key if obj.period else None))
            if team:
                row.append(self.team(obj.team) if obj.team else "company")
            if level:
                row.append(encode(obj.level))
            if owner:
                row.append(self.people(obj.owners))
            row += [
                self.objective_score(oid),
                self.objective_status(oid),
            ]
            rows.append(row)
        return md_table(headers, rows)

    def kpis_table(self, ids: list[str], *, owner: bool = True, team: bool = False) -> str:
        headers = ["KPI", "Latest", "Target", "Status", "Off target"]
        if owner:
            headers.append("Owner")
        if team:
            headers.append("Team")
        rows = []
        for kid in ids:
            kpi = self.portal.kpis[kid]
            result = self.portal.kpi_results[kid]
            latest = result.latest
            row = [
                self.kpi(kid),
                (
                    f"{fmt_value(latest.value, kpi.unit)} ({latest.date.isoformat()})"
                    if latest
                    else "no data"
                ),
                fmt_value(result.target, kpi.unit) if result.target is not None else "–",
                badge(result.status),
                streak_text(result.streak, kpi.cadence),
            ]
            if owner:
                row.append(self.person(kpi.owner))
            if team:
                row.append(self.team(kpi.team))
            rows.append(row)
        return md_table(headers, rows, align="lrrll")


def streak_text(streak: int, cadence: str | None) -> str:
    """``4 months``: how long a KPI has been off target, in its cadence's groups."""
    if streak <= 0:
        return "–"
    unit = {"daily": "day", "weekly": "week", "quarterly": "quarter"}.get(cadence or "", "month")
    return f"{streak} {unit}{'' if streak == 1 else 's'}"


def _kr_value(kr: KeyResult, value: float | bool) -> str:
    if isinstance(value, bool):
        return "done" if value else "not done"
    return fmt_value(float(value), kr.unit)


def _kr_status(obj: Objective, score: float, as_of: date) -> str:
    """A key result's colour: its score held against the objective's pace."""
    return objective_status(score, obj.period, obj.type, as_of)[0]


# --- objective ------------------------------------------------------------------


def objective_page(cat: Catalog, objective_id: str, history: ScoreHistory) -> RenderedPage:
    """The page of an objective; replaces the goal file's own content."""
    portal = cat.portal
    obj = portal.objectives[objective_id]
    result = portal.objective_results[objective_id]
    src = cat.site.objective(objective_id)
    p = Page(cat, src)
    p.add(f"# {p.text(obj.objective)}")
    p.add(
        facts(
            [
                ("Period", p.period(obj.period.key if obj.period else None)),
                ("Team", p.team(obj.team) if obj.team else "company"),
                ("Level", encode(obj.level)),
                ("Type", encode(obj.type)),
                ("Owners" if obj.co_owners else "Owner", p.people(obj.owners)),
                ("Status", badge(result.status)),
                ("Score", score_bar(result.score, result.status)),
                ("Confidence", fmt_score(result.confidence)),
            ]
        )
    )
    notes = []
    if result.expected is not None and obj.period is not None:
        when = "by now" if cat.as_of <= obj.period.end else "at the end of the period"
        kind = "a committed" if obj.type == "committed" else "an aspirational"
        notes.append(
            f"Expected {when} at the pace of {kind} objective: "
            f"{fmt_score(result.expected)}. Scores as of {cat.as_of.isoformat()}."
        )
    elif result.status == "planned" and obj.period is not None:
        notes.append(f"Planned: the period starts on {obj.period.start.isoformat()}.")
    if obj.tags:
        notes.append("Tags: " + ", ".join(f"<code>{encode(t)}</code>" for t in obj.tags) + ".")
    p.add(" ".join(notes))
    p.add(p.body(obj.body, src))

    p.add("## Key results")
    p.add(_key_results_table(p, obj))
    p.add(objective_review(p, obj))

    if obj.period is not None and result.status != "planned":
        chart = progress_chart(portal, objective_id, history)
        path = cat.site.chart("progress", objective_id)
        p.add("## Progress")
        p.add(p.image(path, alt_text(chart)))
        rows = [
            [
                day,
                fmt_score(score),
                fmt_score(expected_at(obj, date.fromisoformat(day))),
            ]
            for day, score in chart.points
        ]
        p.add(details("Data", html_table(["Date", "Score", "Expected"], rows, numeric="011")))

    p.add("## Check-ins")
    p.add(_checkins_table(p, obj))

    p.add("## Alignment")
    p.add(_alignment_list(p, obj))
    return p.done(feed=src, mode=REPLACE)


def objective_review(p: Page, obj: Objective) -> str:
    """The review section: the final grade once the period is over, and the ``review`` note."""
    finished = obj.period is not None and p.cat.period_state(obj.period) == "finished"
    if not finished and not obj.review:
        return ""
    parts = ["## Review"]
    result = p.portal.objective_results.get(obj.id)
    if finished and result is not None and obj.period is not None:
        parts.append(
            f"Final grade for {encode(obj.period.key)}: **{fmt_score(result.score)}** "
            f"{badge(result.status)}"
        )
    if obj.review:
        parts.append(p.body(obj.review, p.site.objective(obj.id)))
    else:
        parts.append("No review note was written for this objective.")
    return "\n\n".join(part for part in parts if part)


def _key_results_table(p: Page, obj: Objective) -> str:
    result = p.portal.objective_results[obj.id]
    weighted = any(kr.weight != 1 for kr in obj.key_results)
    rows = []
    for kr, kr_result in zip(obj.key_results, result.key_results, strict=True):
        status = _kr_status(obj, kr_result.score, p.cat.as_of)
        values = kr_values(kr, kr_result)
        if kr.kpi:
            kpi_result = p.portal.kpi_results.get(kr.kpi)
            linked = p.kpi(kr.kpi) + (f" {badge(kpi_result.status)}" if kpi_result else "")
        elif kr.kind == "aligned":
            linked = p.objective(kr.objective) + " " + p.objective_status(kr.objective or "")
        else:
            linked = "–"
        score = fmt_score(kr_result.score)
        if kr.score is not None:
            score += " (graded)"
        if weighted:
            score += f"<br>weight {fmt_number(kr.weight)}"
        owner = f" · {p.person(kr.owner)}" if kr.owner else ""
        title = (
            f'{p.text(kr.title)} <span class="okr-id">{encode(kr.id)}</span>'
            f'<br><span class="okr-values">{values}{owner}</span>'
        )
        # A level to hold is met or not: a bar from 0 would misread it as growth.
        shown = level_state(kr_result) if kr.kind == "threshold" else None
        rows.append([title, shown or bar(kr_result.progress, status), score, linked])
    return md_table(["Key result", "Progress", "Score", "Linked to"], rows)


def _checkins_table(p: Page, obj: Objective) -> str:
    checkins = sorted(
        (c for c in obj.checkins if c.date <= p.cat.as_of), key=lambda c: c.date, reverse=True
    )
    if not checkins:
        return "No check-ins yet."
    krs = {kr.id: kr for kr in obj.key_results}
    rows = []
    for checkin in checkins:
        values = []
        for kr_id, value in checkin.values.items():
            kr = krs.get(kr_id)
            shown = _kr_value(kr, value) if kr else encode(str(value))
            values.append(f'<span class="okr-id">{encode(kr_id)}</span>&#160;{shown}')
        rows.append(
            [
                checkin.date.isoformat(),
                p.person(checkin.by),
                fmt_score(checkin.confidence),
                ", ".join(values) or "–",
                p.text(checkin.note) or "–",
            ]
        )
    return md_table(["Date", "By", "Confidence", "Values", "Note"], rows)


def _alignment_list(p: Page, obj: Objective) -> str:
    cat = p.cat
    items = []
    if obj.parent:
        parent = p.portal.objectives.get(obj.parent)
        period = f" ({p.period(parent.period.key)})" if parent and parent.period else ""
        items.append(f"- **Aligns to:** {p.objective(obj.parent)}{period}")
    for child in cat.children.get(obj.id, []):
        items.append(
            f"- **Supported by:** {p.objective(child)} — {p.team(p.portal.objectives[child].team)} "
            f"{p.objective_status(child)}"
        )
    for other, kr in cat.aligned_from.get(obj.id, []):
        items.append(
            f"- **Counts towards:** {p.objective(other)}, as its key result "
            f"“{p.text(kr.title, cat.site.objective(other))}”"
        )
    return "\n".join(items) if items else "Not linked to other objectives."


# --- team -------------------------------------------------------------------------


def team_page(cat: Catalog, team_id: str) -> RenderedPage:
    """The page of a team; replaces the goal file's own content."""
    portal = cat.portal
    team = portal.teams[team_id]
    src = cat.site.team(team_id)
    p = Page(cat, src)
    p.add(f"# {p.text(team.name)}")
    if team.mission:
        p.add(f'<p class="okr-mission">{p.text(team.mission)}</p>')
    company = p.link(cat.site.dashboard, encode(portal.company))
    about = [
        f"- **Lead:** {p.person(team.lead)}",
        f"- **Members:** {p.people(team.members)}",
        f"- **Part of:** {p.team(team.parent) if team.parent else company}",
    ]
    subs = sorted(cat.sub_teams.get(team_id, []), key=cat.team_sort_key)
    if subs:
        about.append(f"- **Teams within:** {p.teams(subs)}")
    p.add("\n".join(about))
    p.add(p.body(team.body, src))

    p.add("## Objectives")
    ids = cat.team_objectives.get(team_id, [])
    if not ids:
        p.add("No objectives yet.")
    scores = portal.team_scores.get(team_id, {})
    for period in cat.sorted_periods():
        in_period = [oid for oid in ids if cat.in_period(oid, period.key)]
        if not in_period:
            continue
        current = " (current)" if period.key == cat.current else ""
        p.add(f"### {encode(period.key)}{current}")
        score = scores.get(period.key)
        line = f"Period page: {p.period(period.key)}."
        if score is not None:
            line = f"Team score: **{fmt_score(score)}**. " + line
        p.add(line)
        p.add(p.objectives_table(sorted(in_period, key=cat.objective_sort_key), team=False))

    p.add("## KPIs")
    kpis = sorted(cat.team_kpis.get(team_id, []), key=cat.kpi_sort_key)
    p.add(p.kpis_table(kpis) if kpis else "This team owns no KPIs.")

    p.add("## Score history")
    if scores:
        rows = []
        for period in cat.sorted_periods():
            if period.key in scores:
                count = sum(
                    1
                    for oid in ids
                    if cat.in_period(oid, period.key) and portal.objectives[oid].level == "team"
                )
                rows.append(
                    [
                        p.period(period.key),
                        score_bar(scores[period.key], label_text="Team score"),
                        str(count),
                    ]
                )
        p.add("The team score of a period is the mean score of the team's team-level objectives.")
        p.add(md_table(["Period", "Score", "Team objectives"], rows, align="llr"))
    else:
        p.add("No team-level objectives yet, so no team score.")
    return p.done(feed=src, mode=REPLACE)


# --- KPI ----------------------------------------------------------------------------


def kpi_page(cat: Catalog, kpi_id: str) -> RenderedPage:
    """The page of a KPI; replaces the goal file's own content."""
    portal = cat.portal
    kpi = portal.kpis[kpi_id]
    result = portal.kpi_results[kpi_id]
    src = cat.site.kpi(kpi_id)
    p = Page(cat, src)
    p.add(f"# {p.text(kpi.name)}")
    latest = result.latest
    items = [
        ("Status", badge(result.status)),
        (
            "Latest",
            f"**{fmt_value(latest.value, kpi.unit)}** on {latest.date.isoformat()}"
            if latest
            else "no data",
        ),
        ("Target", fmt_value(result.target, kpi.unit) if result.target is not None else "none"),
    ]
    if kpi.warning is not None:
        items.append(("Warning", fmt_value(kpi.warning, kpi.unit)))
    items += [
        ("Off target", streak_text(result.streak, kpi.cadence)),
        ("Owner", p.person(kpi.owner)),
        ("Team", p.team(kpi.team)),
    ]
    p.add(facts(items))
    chart = kpi_chart(portal, kpi_id)
    p.add(p.image(cat.site.chart("kpi", kpi_id), alt_text(chart)))
    p.add(_kpi_data(p, kpi))

    about = [
        f"- **Definition:** {p.text(kpi.definition) or 'not written yet'}",
        f"- **Source:** {p.text(kpi.source) or 'not named yet'}",
        f"- **Cadence:** {encode(kpi.cadence) if kpi.cadence else 'not set'}",
        f"- **Better when:** {'lower' if kpi.direction == 'lower' else 'higher'}",
    ]
    if kpi.unit:
        about.append(f"- **Unit:** {p.text(kpi.unit)}")
    p.add("## Definition")
    p.add("\n".join(about))
    p.add(p.body(kpi.body, src))

    p.add("## Key results that use it")
    users = cat.kpi_users.get(kpi_id, [])
    if users:
        rows = []
        for oid, kr in users:
            obj = portal.objectives[oid]
            index = obj.key_results.index(kr)
            kr_result = portal.objective_results[oid].key_results[index]
            rows.append(
                [
                    p.objective(oid),
                    p.period(obj.period.key if obj.period else None),
                    p.text(kr.title, cat.site.objective(oid)),
                    kr_values(kr, kr_result),
                    fmt_score(kr_result.score),
                ]
            )
        p.add(md_table(["Objective", "Period", "Key result", "Values", "Score"], rows))
    else:
        p.add("No key result uses this KPI.")
    return p.done(feed=src, mode=REPLACE)


#: Rows of a KPI's data table: the most recent ones. A longer series is in its CSV (linked
#: below the table) and drawn, thinned, in the chart; a page of 100,000 rows helps no one.
DATA_ROWS = 100


def _kpi_data(p: Page, kpi: Kpi) -> str:
    every = kpi_rows(kpi, p.cat.as_of)
    shown = every[-DATA_ROWS:]
    rows = []
    for point, target in reversed(shown):
        status = point_status(point.value, target, kpi) if point.value is not None else "no-data"
        rows.append(
            [
                point.date.isoformat(),
                fmt_number(point.value) if point.value is not None else "gap",
                fmt_number(target) if target is not None else "–",
                badge(status),
                inline(point.note, p.src, directory_urls=p.site.directory_urls),
            ]
        )
    table = html_table(["Date", "Value", "Target", "Status", "Note"], rows, numeric="011")
    data = ""
    if kpi.data_path:
        data = " " + p.link(kpi.data_path, "Download the CSV")
    count = (
        f"{len(every)} rows"
        if len(shown) == len(every)
        else f"latest {len(shown)} of {len(every):,} rows"
    )
    return details(f"Data ({count})", table) + (f"\n{data.strip()}" if data else "")


# --- person -----------------------------------------------------------------------------


def person_page(cat: Catalog, person: Person, *, checkins_shown: int = PAGE_SIZE) -> RenderedPage:
    """Everything a person owns, leads or is a member of.

    The check-ins the person wrote are a log that grows with time: the page
    shows the ``checkins_shown`` most recent; every check-in stays in the log
    of its objective's page.
    """
    portal = cat.portal
    src = cat.site.person(person.slug)
    p = Page(cat, src)
    p.add(f"# {label(person.name)}")
    if len(person.names) > 1:
        others = ", ".join(label(n) for n in person.names[1:])
        p.add(f"Also written as: {others}.")
    roles = []
    if person.leads:
        roles.append(f"- **Leads:** {p.teams(person.leads)}")
    if person.member_of:
        roles.append(f"- **Member of:** {p.teams(person.member_of)}")
    p.add("\n".join(roles))

    p.add("## Objectives")
    if person.objectives:
        for period in cat.sorted_periods():
            ids = [o for o in person.objectives if cat.in_period(o, period.key)]
            if ids:
                current = " (current)" if period.key == cat.current else ""
                p.add(f"### {p.period(period.key)}{current}")
                # Co-owned objectives name all their owners, so the shared ones show.
                shared = any(portal.objectives[o].co_owners for o in ids)
                p.add(p.objectives_table(sorted(ids, key=cat.objective_sort_key), owner=shared))
    else:
        p.add("Owns no objectives.")

    if person.key_results:
        p.add("## Key results")
        rows = []
        for oid, kr in person.key_results:
            obj = portal.objectives[oid]
            index = obj.key_results.index(kr)
            score = portal.objective_results[oid].key_results[index].score
            rows.append(
                [
                    p.text(kr.title, cat.site.objective(oid)),
                    p.objective(oid),
                    p.period(obj.period.key if obj.period else None),
                    fmt_score(score),
                ]
            )
        p.add(md_table(["Key result", "Objective", "Period", "Score"], rows))

    p.add("## KPIs")
    p.add(
        p.kpis_table(sorted(person.kpis, key=cat.kpi_sort_key), owner=False, team=True)
        if person.kpis
        else "Watches no KPIs."
    )

    if person.checkins:
        p.add("## Check-ins")
        recent = sorted(
            (c for c in person.checkins if c[1].date <= cat.as_of),
            key=lambda item: (item[1].date, item[0]),
            reverse=True,
        )
        rows = [
            [checkin.date.isoformat(), p.objective(oid), fmt_score(checkin.confidence)]
            for oid, checkin in recent[:checkins_shown]
        ]
        if rows:
            p.add(md_table(["Date", "Objective", "Confidence"], rows))
            if len(recent) > checkins_shown:
                p.add(
                    f"The {checkins_shown} most recent of {len(recent)} check-ins; each "
                    "objective's page has its whole check-in log."
                )
        else:
            p.add("No check-ins up to the as-of date.")
    return p.done(feed=_person_feed(cat, person))


def _person_feed(cat: Catalog, person: Person) -> str | None:
    """The file to edit for a person: an objective of theirs (the current period's first), else
    a team or KPI page."""
    site = cat.site
    if person.objectives:
        current = [o for o in person.objectives if cat.in_period(o, cat.current)]
        return site.objective((current or person.objectives)[0])
    if person.leads or person.member_of:
        return site.team((person.leads or person.member_of)[0])
    if person.kpis:
        return site.kpi(person.kpis[0])
    if person.key_results:
        return site.objective(person.key_results[0][0])
    if person.checkins:
        return site.objective(person.checkins[0][0])
    return None
