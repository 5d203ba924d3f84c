"""The page of one objective: ``/objectives/<id>/``.

Reading order for someone who never opens the repository: the statement and
its status against the pace, what the quality checks found about it (in
words, for the editors), the key results with their current values and
trends, the progress over time with the owner's confidence, the check-ins,
and how it aligns with other objectives.
"""

from __future__ import annotations

from datetime import date

from ..charts import alt_text
from ..model import KeyResult, KrResult, Objective
from ..score import objective_status
from .blocks import Html
from .catalog import Catalog
from .levels import level_state
from .markup import (
    badge,
    bullets,
    details,
    encode,
    facts,
    fmt_number,
    fmt_percent,
    fmt_score,
    fmt_value,
    html_table,
    para,
    score_bar,
    strong,
)
from .page import REPLACE, Page, RenderedPage, score_pair, table
from .specs import ScoreHistory, expected_at, progress_chart
from .trend import kr_series, trend_svg
from .words import finding_words, plural


def objective_page(cat: Catalog, objective_id: str, history: ScoreHistory) -> RenderedPage:
    """The page of an objective; replaces the goal file's own content."""
    portal = cat.portal
    obj = portal.objectives[objective_id]
    result = portal.objective_results[objective_id]
    src = cat.site.objective(objective_id)
    p = Page(cat, src)
    p.add(f"# {p.text(obj.objective)}")
    planned = result.status == "planned"
    p.add(
        facts(
            [
                ("Status", p.objective_status(objective_id, with_type=True)),
                (
                    "Score",
                    "not started" if planned else score_bar(result.score, result.status),
                ),
                ("Confidence", fmt_score(result.confidence)),
                ("Period", p.period(obj.period.key if obj.period else None)),
                ("Team", p.team(obj.team) if obj.team else "company"),
                ("Level", encode(obj.level)),
                ("Owners" if obj.co_owners else "Owner", p.people(obj.owners)),
            ]
        )
    )
    p.add(_pace_note(cat, obj))
    p.add(_findings_box(p, obj))
    if obj.tags:
        p.add("Tags: " + ", ".join(encode(t) for t in obj.tags) + ".")
    p.add(p.body(obj.body, src))

    p.add("## Key results")
    p.add(_key_results_table(p, obj))
    p.add(*objective_review(p, obj))

    if obj.period is not None and not planned:
        chart = progress_chart(portal, objective_id, history)
        path = cat.site.chart("progress", objective_id)
        p.add("## Progress")
        p.add(p.image(path, alt_text(chart)))
        confidence = _confidence_by_day(obj, cat.as_of)
        rows = [
            [
                day,
                fmt_score(score),
                fmt_score(expected_at(obj, date.fromisoformat(day))),
                fmt_score(confidence.get(day)),
            ]
            for day, score in chart.points
        ]
        p.add(
            details(
                "Data",
                html_table(["Date", "Score", "Expected", "Confidence"], rows, numeric="0111"),
            )
        )
        p.add(_confidence_line(obj, cat.as_of))

    p.add("## Check-ins")
    p.add(_checkins_table(p, obj))

    p.add("## Alignment")
    p.add(_alignment_list(p, obj))
    return p.done(feed=src, mode=REPLACE)


def objective_review(p: Page, obj: Objective) -> list[str]:
    """The review section: the final grade once the period is over, and the ``review`` note."""
    finished = obj.period is not None and p.cat.period_state(obj.period) == "finished"
    if not finished and not obj.review:
        return []
    parts = ["## Review"]
    result = p.portal.objective_results.get(obj.id)
    if finished and result is not None and obj.period is not None:
        parts.append(
            f"Final grade for {encode(obj.period.key)}: {strong(fmt_score(result.score))} "
            f"{badge(result.status)}"
        )
    if obj.review:
        parts.append(p.body(obj.review, p.site.objective(obj.id)))
    else:
        parts.append("No review note was written for this objective.")
    return [part for part in parts if part]


def _pace_note(cat: Catalog, obj: Objective) -> str:
    """The score against the pace it is held to, in digits that agree with its status."""
    result = cat.portal.objective_results[obj.id]
    if result.status == "planned" and obj.period is not None:
        return f"Planned: the period starts on {obj.period.start.isoformat()}; no score yet."
    if result.expected is None or obj.period is None:
        return ""
    score, expected = score_pair(result.score, result.expected)
    kind = "committed" if obj.type == "committed" else "aspirational"
    if cat.as_of <= obj.period.end:
        pace = "1.0" if kind == "committed" else "0.7"
        return (
            f"Score {strong(score)} against {strong(expected)} expected by now: a {kind} objective "
            f"is on pace when it keeps up with {pace} by the end of the period. "
            f"Scores as of {cat.as_of.isoformat()}."
        )
    return f"Final score {strong(score)}; a {kind} objective counts as reached at {expected}."


def _findings_box(p: Page, obj: Objective) -> Html:
    """What the quality checks found about this objective, in words, for the editors."""
    found = sorted((f for f in p.portal.findings if f.path == obj.path), key=lambda f: f.sort_key)
    if not found:
        return Html("")
    sentences = list(dict.fromkeys(finding_words(f) for f in found))
    items = "".join(f"<li>{encode(s)}</li>" for s in sentences)
    link = f'<a href="{p.href(p.site.health)}">the findings page</a>'
    return Html(
        '<div class="admonition warning okr-findings" role="note">'
        f'<p class="admonition-title">For the editors: {plural(len(found), "finding")} '
        "about this objective</p>"
        f"<ul>{items}</ul>"
        f"<p>The details and how to fix them are on {link}.</p></div>"
    )


def _current(kr: KeyResult, kr_result: KrResult) -> str:
    """The KR's current value, labelled and prominent."""
    if kr.kind == "milestone":
        done = (kr_result.progress or 0) >= 1
        return f'<span class="okr-now">{"Done" if done else "Not done yet"}</span>'
    if kr.kind == "aligned":
        return ""
    value = kr_result.current if kr_result.measured else None
    if value is None:
        return '<span class="okr-muted">No value yet</span>'
    shown = fmt_value(value, kr.unit)
    return f'<span class="okr-now"><span class="okr-now__label">Now</span> {shown}</span>'


def _range(kr: KeyResult) -> str:
    """Where the KR starts and what it aims at, in words."""
    if kr.kind == "numeric":
        if not kr.baseline_stated:  # it scores from 0, but nobody measured that 0
            return f"target {fmt_value(kr.target, kr.unit)}"
        return f"from {fmt_value(kr.baseline, kr.unit)} to {fmt_value(kr.target, kr.unit)}"
    if kr.kind == "threshold":
        side = "at or below" if kr.threshold == "at_most" else "at or above"
        return f"to stay {side} {fmt_value(kr.target, kr.unit)}"
    if kr.kind == "milestone":
        return "a milestone"
    return "takes the score of the objective it links to"


def _key_results_table(p: Page, obj: Objective) -> str:
    result = p.portal.objective_results[obj.id]
    weighted = any(kr.weight != 1 for kr in obj.key_results)
    rows = []
    for kr, kr_result in zip(obj.key_results, result.key_results, strict=True):
        status = objective_status(kr_result.score, obj.period, obj.type, p.cat.as_of)[0]
        # A level to hold is met or not: a bar from 0 would misread it as growth.
        score = level_state(kr_result) if kr.kind == "threshold" else ""
        score = score or score_bar(kr_result.score, status)
        if kr.score is not None:
            score += " (graded)"
        progress = kr_result.progress
        if kr.kind == "numeric" and progress is not None and (progress > 1 or progress < 0):
            score += f'<br><span class="okr-note">{fmt_percent(progress)} of the way</span>'
        if weighted:
            score += f'<br><span class="okr-note">weight {fmt_number(kr.weight)}</span>'
        trend = "–"
        if kr.kind in ("numeric", "threshold"):
            series = kr_series(p.portal, obj, kr)
            trend = trend_svg(series, target=kr.target, name=kr.title, unit=kr.unit) or "–"
        if kr.kpi:
            kpi_result = p.portal.kpi_results.get(kr.kpi)
            linked = p.kpi(kr.kpi) + (f" {badge(kpi_result.status)}" if kpi_result else "")
        elif kr.kind == "aligned":
            linked = p.objective(kr.objective) + " " + p.objective_status(kr.objective or "")
        else:
            linked = "–"
        owner = f'<br><span class="okr-note">Owner: {p.person(kr.owner)}</span>' if kr.owner else ""
        title = (
            f"{p.text(kr.title)}<br>{_current(kr, kr_result)} "
            f'<span class="okr-note">{_range(kr)}</span>{owner}'
        )
        rows.append([title, score, trend, linked])
    return table(["Key result", "Score", "Trend", "Linked to"], rows)


def _confidence_by_day(obj: Objective, as_of: date) -> dict[str, float]:
    return {
        c.date.isoformat(): c.confidence
        for c in sorted(obj.checkins, key=lambda c: c.date)
        if c.date <= as_of and c.confidence is not None
    }


def _confidence_line(obj: Objective, as_of: date) -> Html:
    """The owner's confidence over time: a small trend and the values in words."""
    series = [
        (c.date, c.confidence)
        for c in sorted(obj.checkins, key=lambda c: c.date)
        if c.date <= as_of and c.confidence is not None
    ]
    if not series:
        return para("No confidence given in the check-ins yet.")
    values = ", ".join(f"{fmt_score(v)} ({d.isoformat()})" for d, v in series[-6:])
    svg = trend_svg(
        [(d, float(v)) for d, v in series],
        target=None,
        name="the owner's confidence",
        scale=(0.0, 1.0),
    )
    return para(f"Confidence over time {svg} {values}", "okr-confidence")


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
            values.append(kr_value_text(p, obj, kr, kr_id, value))
        rows.append(
            [
                checkin.date.isoformat(),
                p.person(checkin.by),
                fmt_score(checkin.confidence),
                "<br>".join(values) or "–",
                p.text(checkin.note) or "–",
            ]
        )
    return table(["Date", "By", "Confidence", "New values", "Note"], rows)


def kr_value_text(
    p: Page, obj: Objective, kr: KeyResult | None, kr_id: str, value: float | bool
) -> str:
    """``Churn: 2.1%``: a check-in value named by its key result's title."""
    if kr is None:
        return f"{encode(kr_id)}: {encode(str(value))}"
    if isinstance(value, bool):
        shown = "done" if value else "not done"
    else:
        shown = fmt_value(float(value), kr.unit)
    return f"{p.text(kr.title, p.site.objective(obj.id))}: {strong(shown)}"


def _alignment_list(p: Page, obj: Objective) -> Html:
    cat = p.cat
    items = []
    if obj.parent:
        parent = p.portal.objectives.get(obj.parent)
        period = f" ({p.period(parent.period.key)})" if parent and parent.period else ""
        items.append(f"{strong('Aligns to:')} {p.objective(obj.parent)}{period}")
    for child in cat.children.get(obj.id, []):
        items.append(
            f"{strong('Supported by:')} {p.objective(child)} — "
            f"{p.team(p.portal.objectives[child].team)} {p.objective_status(child)}"
        )
    for other, kr in cat.aligned_from.get(obj.id, []):
        items.append(
            f"{strong('Counts towards:')} {p.objective(other)}, as its key result "
            f"“{p.text(kr.title, cat.site.objective(other))}”"
        )
    return bullets(items) if items else para("Not linked to other objectives.")
