"""The end of a period: the period page becomes the review of the quarter.

The review is half of the OKR cycle: once a period is over, its period page
shows the grades by team, every ``review`` note, and the objectives that carried
over into the next period (objective pages show their own final grade and note,
see :func:`okrsite.render.objective.objective_review`).

Decisions (the SPEC is silent): an objective of the next period (same kind of
period, starting the day after this one ends) continues one of this period when
it has the same file name (what ``okrsite new objective --from`` writes) or the
same statement, compared case-, punctuation- and spacing-insensitively.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import timedelta

from ..model import Period
from .markup import badge, bullets, encode, fmt_score, strong
from .page import Page, table
from .paging import first_of

_NOT_WORD = re.compile(r"[\W_]+")


def _finished(p: Page, period: Period | None) -> bool:
    return period is not None and p.cat.period_state(period) == "finished"


def _statement(text: str) -> str:
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _kind(key: str) -> str:
    return "Q" if "-Q" in key else "H" if "-H" in key else "Y"


def next_period(p: Page, period: Period) -> Period | None:
    """The period of the same kind that starts the day after ``period`` ends, if it has goals."""
    start = period.end + timedelta(days=1)
    for other in p.cat.periods.values():
        if other.start == start and _kind(other.key) == _kind(period.key):
            return other
    return None


def carried_over(p: Page, period: Period) -> list[tuple[str, str]]:
    """(objective of ``period``, its continuation in the next period), in page order."""
    following = next_period(p, period)
    if following is None:
        return []
    portal = p.portal
    later = p.cat.by_period.get(following.key, [])
    by_stem: dict[str, str] = {}
    by_text: dict[str, str] = {}
    for oid in later:
        obj = portal.objectives[oid]
        by_stem.setdefault(obj.stem, oid)
        by_text.setdefault(_statement(obj.objective), oid)
    pairs = []
    for oid in sorted(p.cat.by_period.get(period.key, []), key=p.cat.objective_sort_key):
        obj = portal.objectives[oid]
        match = by_stem.get(obj.stem) or by_text.get(_statement(obj.objective))
        if match:
            pairs.append((oid, match))
    return pairs


def _grades(p: Page, period: Period, ids: list[str], limit: int) -> list[str]:
    portal = p.portal
    rows = []
    company = portal.company_scores.get(period.key)
    groups: dict[str | None, list[str]] = {}
    for oid in ids:
        obj = portal.objectives[oid]
        groups.setdefault(obj.team if obj.level != "company" else None, []).append(oid)

    tree = {tid: index for index, tid in enumerate(p.cat.team_order())}

    def team_order(tid: str | None) -> tuple[int, str]:
        # The company first, then the teams as a tree (sub-teams under their parents).
        if tid is None:
            return (-1, "")
        return (tree.get(tid, len(tree)), tid)

    order, cut = first_of(
        sorted(groups, key=team_order),
        limit,
        ", in the order of the team tree; every team's page has its grades.",
    )
    for tid in order:
        members = groups[tid]
        count = Counter(portal.objective_results[o].status for o in members)
        grade = company if tid is None else portal.team_scores.get(tid, {}).get(period.key)
        rows.append(
            [
                "Company" if tid is None else p.team(tid),
                # Problems first, and right after the name: on a phone each row is a card.
                " ".join(
                    f"{count[s]}&#160;{badge(s)}" for s in ("red", "yellow", "green") if count[s]
                ),
                fmt_score(grade),
                str(len(members)),
            ]
        )
    return [table(["Who", "Statuses", "Grade", "Objectives"], rows), cut]


def period_review(p: Page, period: Period, *, limit: int = 25) -> list[str]:
    """The review of a finished period, as page chunks: grades by team, review notes, what
    carried over.

    Each list holds at most ``limit`` entries (the page must not grow with the
    portal); what is left out is counted, and is on the objective and team pages.
    """
    if not _finished(p, period):
        return []
    ids = p.cat.by_period.get(period.key, [])
    if not ids:
        return []
    portal = p.portal
    parts = [f"## Review of {encode(period.key)}", "### Grades", *_grades(p, period, ids, limit)]
    notes = []
    reviewed, cut = first_of(
        [o for o in sorted(ids, key=p.cat.objective_sort_key) if portal.objectives[o].review],
        limit,
        " review notes; each objective's page shows its own.",
    )
    for oid in reviewed:
        obj = portal.objectives[oid]
        result = portal.objective_results[oid]
        who = p.team(obj.team) if obj.team else "company"
        notes.append(f"#### {p.objective(oid)}")
        notes.append(
            f"{who} · {p.people(obj.owners)} · grade "
            f"{strong(fmt_score(result.score))} {badge(result.status)}"
        )
        notes.append(p.body(obj.review or "", p.site.objective(oid)))
    parts.append("### Reviews")
    if notes:
        parts.extend([*notes, cut])
    else:
        parts.append("No objective of this period has a review note.")
    pairs, cut = first_of(
        carried_over(p, period), limit, " objectives carried over, in the order of this page."
    )
    following = next_period(p, period)
    if following is not None:
        parts.append(f"### Carried over into {p.period(following.key)}")
        parts.append(
            bullets(f"{p.objective(old)} → {p.objective(new)}" for old, new in pairs)
            if pairs
            else "Nothing: every objective of the next period is new."
        )
        parts.append(cut)
    return [part for part in parts if part]
