"""``okrsite digest``: what changed in a window (since, as_of], for a weekly chat post.

The portal is built twice from the same files, as of ``since`` and as of
``as_of`` (check-ins and data points dated later are ignored by the pipeline,
so the first build is the portal as it was), and the two are compared:
check-ins dated in the window with their notes, objectives whose score or
status moved, KPIs whose status changed, and findings that appeared or went.
Each list is cut short with a link to the site, so the message stays short.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..model import CheckIn, Finding, Objective, Portal
from ..numbers import format_number
from .due import objective_owners
from .site import Goals
from .wording import md_link, md_text, plural

#: Items per list before "and N more": a chat message, not a report.
LIMIT = 8
#: Key result values shown per check-in (a chat line, not the page).
VALUES_SHOWN = 2
#: Smallest score change worth a line (0.01 on the 0.0-1.0 scale).
SCORE_STEP = 0.005


@dataclass(frozen=True, slots=True, kw_only=True)
class Window:
    since: date
    as_of: date


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _values(checkin: CheckIn, objective: Objective) -> str:
    titles = {kr.id: kr for kr in objective.key_results}
    parts = []
    values = list(checkin.values.items())
    for kr_id, value in values[:VALUES_SHOWN]:
        kr = titles.get(kr_id)
        label = md_text(kr.title, 40) if kr else kr_id
        if isinstance(value, bool):
            shown = "done" if value else "not done"
        else:
            unit = f" {md_text(kr.unit)}" if kr and kr.unit else ""
            shown = f"{format_number(value)}{unit}"
        parts.append(f"{label}: {shown}")
    if len(values) > VALUES_SHOWN:
        parts.append(f"{plural(len(values) - VALUES_SHOWN, 'other value')}")
    if checkin.confidence is not None:
        parts.append(f"confidence {round(checkin.confidence * 100)} %")
    return "; ".join(parts)


def _capped(lines: list[str], more_url: str | None, what: str) -> list[str]:
    if len(lines) <= LIMIT:
        return lines
    rest = len(lines) - LIMIT
    tail = f"- … and {plural(rest, what)} more"
    return [*lines[:LIMIT], f"{tail} on {md_link('the site', more_url)}" if more_url else tail]


def _checkin_lines(now: Portal, window: Window, goals: Goals) -> list[str]:
    found: list[tuple[date, str, CheckIn]] = []
    for oid, objective in now.objectives.items():
        for checkin in objective.checkins:
            if window.since < checkin.date <= window.as_of:
                found.append((checkin.date, oid, checkin))
    lines = []
    for day, oid, checkin in sorted(found, key=lambda item: (item[0], item[1], item[2].line)):
        objective = now.objectives[oid]
        who = checkin.by or (objective_owners(objective) or ("",))[0]
        title = md_link(f"**{md_text(objective.objective, 80)}**", goals.objective_url(oid))
        line = f"- {day.isoformat()} {title}"
        if who:
            line += f", {md_text(who, 40)}"
        values = _values(checkin, objective)
        if values:
            line += f": {values}"
        if checkin.note:
            line += f". _{md_text(checkin.note, 200)}_"
        lines.append(line)
    return lines


def _move_lines(then: Portal, now: Portal, goals: Goals) -> list[str]:
    moves = []
    for oid in sorted(now.objectives):
        before, after = then.objective_results.get(oid), now.objective_results.get(oid)
        if before is None or after is None:
            continue
        status_moved = before.status != after.status
        score_moved = abs(after.score - before.score) >= SCORE_STEP
        planned = after.status == "planned" and before.status == "planned"
        if planned or not (status_moved or score_moved):
            continue
        objective = now.objectives[oid]
        title = md_link(md_text(objective.objective, 90), goals.objective_url(oid))
        parts = []
        if score_moved:
            parts.append(f"score {_score(before.score)} → {_score(after.score)}")
        if status_moved:
            parts.append(f"{before.status} → **{after.status}**")
        # Worst news first: the biggest drops lead.
        moves.append((after.score - before.score, oid, f"- {title}: {', '.join(parts)}"))
    return [line for _, _, line in sorted(moves)]


def _kpi_lines(then: Portal, now: Portal, goals: Goals) -> tuple[list[str], int]:
    lines = []
    points = 0
    for kid in sorted(now.kpis):
        kpi = now.kpis[kid]
        points += sum(then.as_of < p.date <= now.as_of and p.value is not None for p in kpi.points)
        before, after = then.kpi_results.get(kid), now.kpi_results.get(kid)
        if before is None or after is None or before.status == after.status:
            continue
        latest = ""
        if after.latest is not None and after.latest.value is not None:
            unit = f" {md_text(kpi.unit)}" if kpi.unit else ""
            latest = f" (latest {format_number(after.latest.value)}{unit} on {after.latest.date})"
        title = md_link(md_text(kpi.name, 80), goals.kpi_url(kid))
        lines.append(f"- {title}: {before.status} → **{after.status}**{latest}")
    return lines, points


def _finding_key(f: Finding) -> tuple[str, str, int, int]:
    # Not the message: "no check-in for 20 days" and "... 27 days" are one finding.
    return (f.code, f.path, f.line, f.col)


def _finding_lines(findings: Sequence[Finding], keys: set[tuple[str, str, int, int]]) -> list[str]:
    chosen = [f for f in findings if _finding_key(f) in keys]
    return [f"- `{f.path}:{f.line}` {f.code} {md_text(f.message, 160)}" for f in chosen]


def digest_markdown(goals: Goals, window: Window) -> str:
    """The digest of ``window`` for the goals in ``goals``, as Markdown."""
    then = goals.load(window.since)
    now = goals.load(window.as_of)
    return compose(goals, then, now)


def compose(goals: Goals, then: Portal, now: Portal) -> str:
    """Compare two builds of the same portal (as of since, as of as_of)."""
    window = Window(since=then.as_of, as_of=now.as_of)
    checkins = _checkin_lines(now, window, goals)
    moves = _move_lines(then, now, goals)
    kpis, points = _kpi_lines(then, now, goals)
    old = {_finding_key(f) for f in then.findings}
    new = {_finding_key(f) for f in now.findings}
    added = _finding_lines(now.findings, new - old)
    fixed = _finding_lines(then.findings, old - new)

    title = f"{md_text(now.company)} goals: {window.since.isoformat()} → {window.as_of.isoformat()}"
    out = [f"## {md_link(title, goals.home)}", ""]
    summary = [
        plural(len(checkins), "check-in"),
        f"{plural(len(moves), 'objective')} moved",
        f"{plural(len(kpis), 'KPI')} changed status",
        plural(points, "new data point"),
        f"{len(added)} new and {len(fixed)} fixed findings",
    ]
    out += ["; ".join(summary) + ".", ""]
    health = goals.url("health.md")
    sections: Mapping[str, tuple[list[str], str, str | None]] = {
        "Check-ins": (checkins, "check-in", goals.home),
        "Score and status moves": (moves, "objective", goals.home),
        "KPI status changes": (kpis, "KPI", goals.home),
        "New findings": (added, "finding", health),
        "Fixed findings": (fixed, "finding", health),
    }
    for heading, (lines, what, more) in sections.items():
        if lines:
            out += [f"### {heading}", "", *_capped(lines, more, what), ""]
    if not any(lines for lines, _, _ in sections.values()) and not points:
        out += ["Nothing changed in this window.", ""]
    return "\n".join(out).rstrip("\n") + "\n"
