"""``/changes/``: what changed over the 28 days up to as_of, newest first (SPEC 8).

Three kinds of change, each linked to its pages:

- each check-in dated in the window: who, the new values (named by their key
  results), the confidence and the note;
- each KPI data point dated in the window, with the target in force and the
  status it gave;
- each objective whose status differs from the one the portal computed with
  as_of set 7 days back (:meth:`Catalog.week_ago`, the same scoring run on
  the same files).

The dated log is cut into sub-pages like every long listing (:mod:`.paging`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import Period
from ..score import point_status, target_at
from .catalog import WEEK, Catalog
from .markup import badge, bullets, fmt_score, fmt_value, strong
from .objective import kr_value_text
from .page import Page, RenderedPage, table
from .paging import PageSizes, SubPages, chunked, continued, first_of, runs

#: The window of the page: 28 days up to and including as_of.
WINDOW = timedelta(days=28)


@dataclass(frozen=True, slots=True)
class _Event:
    """One dated line of the log; ``order`` keeps equal days deterministic."""

    day: date
    order: tuple[int, str, str]
    kind: str
    ident: str
    index: int = 0


def changes(cat: Catalog, sizes: PageSizes) -> list[RenderedPage]:
    """The ``/changes/`` page (and its sub-pages when the log is long)."""
    site = cat.site
    first = cat.as_of - WINDOW + timedelta(days=1)
    p = Page(cat, site.changes)
    p.add("# What changed")
    p.add(
        f"The 28 days from {first.isoformat()} to {cat.as_of.isoformat()}, newest first: "
        "status changes of the objectives over the last 7 days, each check-in and each new "
        "KPI value."
    )
    p.add(f"## Status changes since {(cat.as_of - WEEK).isoformat()}")
    p.add(*_status_changes(p, sizes.rows))

    events = _events(cat, first)
    p.add("## Check-ins and KPI data")
    if not events:
        p.add("No check-in and no KPI data in these 28 days.")
        return [p.done(feed=None)]
    if len(events) <= sizes.rows:
        _log(p, events, first_continued=False)
        return [p.done(feed=None)]
    chunks = chunked(events, sizes.rows, from_end=True)  # a new change leaves older pages be
    sub = SubPages(site, site.changes, "What changed", len(chunks))
    p.add(f"{len(events)} changes, newest first, on {len(chunks)} pages of up to {sizes.rows}:")
    p.add(
        sub.index(
            p,
            ["Days", "Changes"],
            [[_days(c[-1].day, c[0].day), str(len(c))] for c in chunks],
        )
    )
    return [
        p.done(feed=None),
        *sub.write(
            p,
            chunks,
            lambda q, chunk, again: _log(q, chunk, first_continued=again),
            feed=lambda chunk: None,
            group=lambda event: event.day,
        ),
    ]


def _days(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


def _status_changes(p: Page, limit: int) -> list[str]:
    """Objectives whose status changed in 7 days: at most ``limit``, the rest counted."""
    cat, portal = p.cat, p.portal
    before = cat.week_ago.objectives
    changed = [
        oid
        for oid in sorted(portal.objectives, key=cat.objective_sort_key)
        if (then := before.get(oid)) is not None
        and then.status != portal.objective_results[oid].status
    ]
    if not changed:
        return ["No objective changed its status in these 7 days."]
    shown, cut = first_of(
        changed,
        limit,
        " objectives whose status changed, in the order of their periods and teams; each "
        "period's page shows every objective's status.",
    )
    rows = []
    for oid in shown:  # only those shown are written
        now, then = portal.objective_results[oid], before[oid]
        rows.append(
            [
                p.objective(oid),
                badge(now.status),
                badge(then.status),
                f"{fmt_score(then.score)} → {fmt_score(now.score)}",
                p.period(_period_key(portal.objectives[oid].period)),
            ]
        )
    return [table(["Objective", "Now", "7 days ago", "Score", "Period"], rows), cut]


def _period_key(period: Period | None) -> str | None:
    return period.key if period else None


def _events(cat: Catalog, first: date) -> list[_Event]:
    portal = cat.portal
    events: list[_Event] = []
    for oid in sorted(portal.objectives):
        for index, checkin in enumerate(portal.objectives[oid].checkins):
            if first <= checkin.date <= cat.as_of:
                events.append(_Event(checkin.date, (0, oid, f"{index:06d}"), "checkin", oid, index))
    for kid in sorted(portal.kpis):
        for index, point in enumerate(portal.kpis[kid].points):
            if first <= point.date <= cat.as_of:
                events.append(_Event(point.date, (1, kid, f"{index:06d}"), "kpi", kid, index))
    # Newest day first; within a day check-ins, then KPI data, each by id.
    return sorted(events, key=lambda e: (-e.day.toordinal(), e.order))


def _log(p: Page, events: Sequence[_Event], *, first_continued: bool) -> None:
    for number, (day, group) in enumerate(runs(events, key=lambda e: e.day)):
        p.add(f"### {continued(day.isoformat(), first_continued and number == 0)}")
        p.add(bullets(_line(p, e) for e in group))


def _line(p: Page, event: _Event) -> str:
    portal = p.portal
    if event.kind == "checkin":
        obj = portal.objectives[event.ident]
        checkin = obj.checkins[event.index]
        krs = {kr.id: kr for kr in obj.key_results}
        parts = [
            f"{strong('Check-in')} on {p.objective(obj.id)} by {p.person(checkin.by or obj.owner)}"
        ]
        values = [kr_value_text(p, obj, krs.get(k), k, v) for k, v in checkin.values.items()]
        if values:
            parts.append("new values: " + "; ".join(values))
        if checkin.confidence is not None:
            parts.append(f"confidence {fmt_score(checkin.confidence)}")
        line = ", ".join(parts) + "."
        note = p.text(checkin.note, p.site.objective(obj.id))
        if note:
            line += f" “{note}”"
        return line
    kpi = portal.kpis[event.ident]
    point = kpi.points[event.index]
    if point.value is None:
        return f"{strong('KPI')} {p.kpi(kpi.id)}: a gap in the data."
    target = target_at(kpi, point.date)
    line = f"{strong('KPI')} {p.kpi(kpi.id)}: {fmt_value(point.value, kpi.unit)}"
    if target is not None:
        line += f" against a target of {fmt_value(target, kpi.unit)}"
    line += f" {badge(point_status(point.value, target, kpi))}"
    note = p.text(point.note, p.site.kpi(kpi.id)) if point.note else ""
    return line + (f" “{note}”" if note else "")
