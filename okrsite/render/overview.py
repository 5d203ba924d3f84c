"""The site-wide pages: dashboard, periods, alignment, health, rules and the section indexes."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from ..charts import alt_text
from ..lint import RULES, SEED_TITLES
from ..model import Finding, Period
from ..options import LintOptions
from .catalog import Catalog
from .markup import badge, encode, fmt_score, fmt_value, label, md_table, score_bar
from .pages import APPEND, NEW, Page, RenderedPage, streak_text
from .specs import sparkline

# --- dashboard ----------------------------------------------------------------


def dashboard(cat: Catalog) -> RenderedPage:
    """``/``: the running period at a glance; goes below the company's own index.md."""
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
    p.add(_alerts(p))

    p.add("## Company objectives")
    ids = [o for o in cat.by_period.get(period.key, []) if portal.objectives[o].level == "company"]
    p.add(
        p.objectives_table(ids, team=False, level=False)
        if ids
        else "No company objectives this period."
    )

    p.add("## Teams")
    p.add(_team_rollup(p))

    p.add("## KPI health")
    p.add(_kpi_board(p))
    feed = site.dashboard if site.has_index else site.config_path
    return p.done(feed=feed, mode=APPEND if site.has_index else NEW)


def _alerts(p: Page) -> str:
    cat, portal = p.cat, p.portal
    items = []
    linked = cat.current_kpi_links()
    q107 = {cat.kpi_by_path.get(f.path) for f in portal.findings if f.code == "Q107"}
    for kid in sorted(portal.kpis, key=cat.kpi_sort_key):
        result = portal.kpi_results[kid]
        if kid in linked or not (result.status == "red" or kid in q107):
            continue
        kpi = portal.kpis[kid]
        streak = streak_text(result.streak, kpi.cadence)
        off = f", off target for {streak}" if result.streak else ""
        items.append(
            f"- {p.kpi(kid)} is {badge(result.status)}{off}, and no objective of "
            f"{p.period(cat.current)} works on it."
        )
    stale = sorted(
        {(f.path, f.message) for f in portal.findings if f.code == "Q110"},
    )
    for path, message in stale:
        obj = cat.objective_of_finding(path)
        if obj is not None:
            items.append(f"- {p.objective(obj.id)}: {encode(message)}")
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


def _team_rollup(p: Page) -> str:
    cat, portal = p.cat, p.portal
    if not portal.teams:
        return "No teams yet."
    key = cat.current
    rows = []
    for tid in _team_order(cat):
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


def _depth(cat: Catalog, tid: str) -> int:
    depth, seen = 0, {tid}
    parent = cat.portal.teams[tid].parent
    while parent and parent in cat.portal.teams and parent not in seen:
        seen.add(parent)
        depth += 1
        parent = cat.portal.teams[parent].parent
    return depth


def _kpi_board(p: Page) -> str:
    cat, portal = p.cat, p.portal
    if not portal.kpis:
        return "No KPIs yet."
    rows = []
    for kid in sorted(portal.kpis, key=cat.kpi_sort_key):
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
    return md_table(
        ["KPI", "Trend", "Latest", "Target", "Status", "Off target"], rows, align="llrrll"
    )


# --- periods --------------------------------------------------------------------


def period_page(cat: Catalog, period: Period) -> RenderedPage:
    """``/periods/<period>/``: all objectives of a period with scores, by team."""
    portal, site = cat.portal, cat.site
    p = Page(cat, site.period(period.key))
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
    ids = cat.by_period.get(period.key, [])
    if not ids:
        p.add("No objectives in this period.")
    company_ids = [o for o in ids if not portal.objectives[o].team]
    if company_ids:
        p.add("## Company")
        p.add(
            p.objectives_table(
                sorted(company_ids, key=cat.objective_sort_key), team=False, level=False
            )
        )
    by_team: dict[str, list[str]] = defaultdict(list)
    for oid in ids:
        team = portal.objectives[oid].team
        if team:
            by_team[team].append(oid)
    for tid in sorted(by_team, key=lambda t: cat.team_sort_key(t) if t in portal.teams else (t, t)):
        name = portal.teams[tid].name if tid in portal.teams else tid
        p.add(f"## {label(name)}")
        score = portal.team_scores.get(tid, {}).get(period.key)
        line = f"Team page: {p.team(tid)}."
        if score is not None:
            line = f"Team score: **{fmt_score(score)}**. " + line
        p.add(line)
        p.add(p.objectives_table(sorted(by_team[tid], key=cat.objective_sort_key), team=False))
    return p.done(feed=_objectives_folder(cat, ids))


def _objectives_folder(cat: Catalog, ids: list[str]) -> str:
    """The folder that holds these objectives (``objectives/2026-Q4/``), else objectives/."""
    folders = {oid.rsplit("/", 1)[0] if "/" in oid else "" for oid in ids}
    base = cat.site.objectives_dir
    if len(folders) == 1 and (folder := folders.pop()):
        return f"{base}/{folder}/"
    return f"{base}/"


def periods_index(cat: Catalog) -> RenderedPage:
    portal = cat.portal
    p = Page(cat, cat.site.periods_index)
    p.add("# Quarters and other periods")
    rows = []
    for period in cat.sorted_periods():
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
    p.add(
        md_table(["Period", "Dates", "State", "Objectives", "Company score"], rows, align="lllrr")
    )
    return p.done(feed=f"{cat.site.objectives_dir}/")


# --- alignment ------------------------------------------------------------------


def alignment(cat: Catalog) -> RenderedPage:
    """``/alignment/``: company -> team -> individual objectives of the current period."""
    portal = cat.portal
    p = Page(cat, cat.site.alignment)
    key = cat.current
    p.add("# Alignment")
    p.add(
        f"The objectives of {p.period(key)}, each under the objective it aligns to "
        "(its `parent`). Objectives without a parent in this period start a tree of "
        "their own under their level."
    )
    ids = set(cat.by_period.get(key, []))
    roots = [
        oid
        for oid in ids
        if not portal.objectives[oid].parent or portal.objectives[oid].parent not in ids
    ]
    placed: set[str] = set()
    for level, title in (
        ("company", "Company objectives"),
        ("team", "Team objectives without a company parent"),
        ("individual", "Individual objectives without a parent"),
    ):
        level_roots = sorted(
            (o for o in roots if portal.objectives[o].level == level), key=cat.objective_sort_key
        )
        if level_roots:
            p.add(f"## {title}")
            lines: list[str] = []
            for oid in level_roots:
                lines.extend(_tree(p, oid, ids, 0, placed))
            p.add("\n".join(lines))
    rest = sorted(ids - placed, key=cat.objective_sort_key)  # parent cycles (E008)
    if rest:
        p.add("## Objectives in a parent cycle")
        p.add("\n".join(f"- {p.objective(o)}" for o in rest))
    if not ids:
        p.add("No objectives in this period.")
    return p.done(feed=_objectives_folder(cat, sorted(ids)))


def _tree(p: Page, oid: str, ids: set[str], depth: int, placed: set[str]) -> Iterator[str]:
    if oid in placed:
        return
    placed.add(oid)
    obj = p.portal.objectives[oid]
    parent = p.portal.objectives.get(obj.parent or "")
    outside = ""
    if depth == 0 and parent is not None:
        when = p.period(parent.period.key) if parent.period else ""
        outside = f" (aligns to {p.objective(parent.id)} of {when})"
    who = p.team(obj.team) if obj.team else "company"
    yield (
        "    " * depth
        + f"- {p.objective(oid)}{outside} — {who}, {p.person(obj.owner)}: "
        + f"**{fmt_score(p.portal.objective_results[oid].score)}** {p.objective_status(oid)}"
    )
    for child in sorted(p.cat.children.get(oid, []), key=p.cat.objective_sort_key):
        if child in ids:
            yield from _tree(p, child, ids, depth + 1, placed)


# --- health ----------------------------------------------------------------------


def health(cat: Catalog) -> RenderedPage:
    """``/health/``: every error and warning, grouped by file, with page and edit links."""
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
        return p.done(feed=site.config_path)
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in portal.findings:
        groups[finding.path].append(finding)
    for path in sorted(groups):
        docs = site.docs_path(path)
        page = _page_of(cat, path)
        p.add(f"## {p.link(page[0], page[1])}" if page else f"## {encode(path)}")
        where = [f"<code>{encode(path)}</code>"]
        edit = site.edit_url(docs) if docs and not docs.startswith("../") else None
        if edit:
            where.append(f"[edit the file]({_url(edit)})")
        p.add(" · ".join(where))
        rows = []
        for f in sorted(groups[path], key=lambda f: f.sort_key):
            view = site.view_url(docs, f.line) if docs else None
            line = f"[{f.line}:{f.col}]({_url(view)})" if view else f"{f.line}:{f.col}"
            code = (
                p.link(f"{site.rules}#{f.code.lower()}", f.code)
                if f.code.startswith("Q")
                else encode(f.code)
            )
            rows.append([line, code, "error" if f.is_error else "warning", encode(f.message)])
        p.add(md_table(["Line", "Code", "Severity", "Message"], rows))
    return p.done(feed=site.config_path)


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


def teams_index(cat: Catalog) -> RenderedPage:
    p = Page(cat, cat.site.teams_index)
    p.add("# Teams")
    p.add(
        f"Scores of {p.period(cat.current)}: a team's score is the mean score of its "
        "team-level objectives."
    )
    p.add(_team_rollup(p))
    return p.done(feed=f"{cat.site.teams_dir}/")


def kpis_index(cat: Catalog) -> RenderedPage:
    p = Page(cat, cat.site.kpis_index)
    p.add("# KPIs")
    p.add(
        f"The health of the business as of {cat.as_of.isoformat()}: each KPI's latest value "
        "against its target."
    )
    ids = sorted(cat.portal.kpis, key=cat.kpi_sort_key)
    p.add(p.kpis_table(ids, team=True) if ids else "No KPIs yet.")
    return p.done(feed=f"{cat.site.kpis_dir}/")


def objectives_index(cat: Catalog) -> RenderedPage:
    p = Page(cat, cat.site.objectives_index)
    p.add("# Objectives")
    if not cat.portal.objectives:
        p.add("No objectives yet.")
    for period in cat.sorted_periods():
        ids = cat.by_period.get(period.key, [])
        if ids:
            current = " (current)" if period.key == cat.current else ""
            p.add(f"## {encode(period.key)}{current}")
            p.add(p.objectives_table(sorted(ids, key=cat.objective_sort_key)))
    return p.done(feed=f"{cat.site.objectives_dir}/")


def people_index(cat: Catalog) -> RenderedPage:
    p = Page(cat, cat.site.people_index)
    p.add("# People")
    rows = []
    for slug, person in cat.people.items():
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
    p.add(
        md_table(
            ["Person", "Teams", f"Objectives {encode(cat.current)}", "All objectives", "KPIs"],
            rows,
            align="llrrr",
        )
        if rows
        else "Nobody yet."
    )
    return p.done(feed=f"{cat.site.teams_dir}/")
