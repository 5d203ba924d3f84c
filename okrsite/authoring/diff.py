"""``okrsite diff``: a Markdown summary of what changed between two exports.

The input is two ``okrs.json`` documents (SPEC section 9), typically the
export of the base branch and of a pull request; the output is meant for a
pull-request comment or a job summary. Sections appear only when they have
something to say, rows are sorted by id, and every piece of user text is
Markdown-escaped, so the same two exports always give the same bytes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..terminal import printable

__all__ = ["SCHEMA", "DiffError", "diff_exports"]

SCHEMA = "okrsite/1"
NO_CHANGES = "No changes between the two exports."
ARROW = "→"

# Fields whose edits are listed per objective / key result / KPI. Computed
# state (score, status, current, progress) is reported in its own tables.
_OBJECTIVE_FIELDS = ("objective", "period", "owner", "team", "level", "type", "parent")
_KR_FIELDS = ("title", "kind", "threshold", "baseline", "target", "unit", "kpi", "weight")
_KPI_FIELDS = ("name", "owner", "team", "target", "direction")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")


class DiffError(ValueError):
    """An input that is not an okrsite export.

    Attributes:
        side: ``"old"`` or ``"new"``: which input is wrong.
    """

    def __init__(self, message: str, side: str) -> None:
        super().__init__(message)
        self.side = side


def diff_exports(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """Summarise what changed between two exports, as Markdown.

    Args:
        old: the earlier export (parsed JSON, SPEC section 9).
        new: the later export.

    Returns:
        Markdown text ending with a newline; a single line saying there are no
        changes when nothing differs.

    Raises:
        DiffError: an input is not an ``okrsite/1`` export.
    """
    before = _Export(old, "old")
    after = _Export(new, "new")
    sections = [
        *_objective_sections(before, after),
        *_kpi_sections(before, after),
        *_team_sections(before, after),
        *_finding_sections(before, after),
    ]
    if not sections:
        return NO_CHANGES + "\n"
    if before.as_of != after.as_of:
        title = f"## OKR changes (as of {_md(before.as_of)} {ARROW} {_md(after.as_of)})"
    else:
        title = f"## OKR changes (as of {_md(after.as_of)})"
    return "\n\n".join([title, *sections]) + "\n"


# ------------------------------------------------------------------- reading


class _Export:
    """An export checked just enough to be read without surprises."""

    def __init__(self, data: Mapping[str, Any], side: str) -> None:
        if not isinstance(data, Mapping):
            raise DiffError(f"the {side} export is not a JSON object", side)
        schema = data.get("schema")
        if schema != SCHEMA:
            found = "no schema" if schema is None else f"schema {schema!r}"
            raise DiffError(f"the {side} export has {found}; expected {SCHEMA!r}", side)
        self.side = side
        self.as_of = str(data.get("as_of") or "")
        self.objectives = self._by_id(data, "objectives")
        self.kpis = self._by_id(data, "kpis")
        self.teams = self._by_id(data, "teams")
        company = data.get("company") or {}
        self.company_scores = self.scores_of(company, "company")
        self.team_scores = {
            tid: self.scores_of(team, f"team {tid!r}") for tid, team in self.teams.items()
        }
        self.findings = [
            self._record(item, f"findings[{index}]")
            for index, item in enumerate(self._list(data, "findings"))
        ]

    def _list(self, data: Mapping[str, Any], key: str) -> list[Any]:
        items = data.get(key)
        if items is None:
            return []
        if not isinstance(items, list):
            raise DiffError(f"the {self.side} export: {key!r} is not a list", self.side)
        return items

    def _record(self, item: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(item, Mapping):
            raise DiffError(f"the {self.side} export: {where} is not an object", self.side)
        return item

    def _by_id(self, data: Mapping[str, Any], key: str) -> dict[str, Mapping[str, Any]]:
        result: dict[str, Mapping[str, Any]] = {}
        for index, item in enumerate(self._list(data, key)):
            record = self._record(item, f"{key}[{index}]")
            if not isinstance(record.get("id"), str):
                raise DiffError(f"the {self.side} export: {key}[{index}] has no id", self.side)
            result[record["id"]] = record
        return result

    def scores_of(self, record: Any, where: str) -> dict[str, Any]:
        """The ``scores`` map of a team or of the company, checked."""
        scores = record.get("scores") if isinstance(record, Mapping) else None
        if scores is None:
            return {}
        if not isinstance(scores, Mapping):
            raise DiffError(f"the {self.side} export: {where} scores is not an object", self.side)
        return {str(period): value for period, value in scores.items()}


# ---------------------------------------------------------------- formatting


def _md(value: Any) -> str:
    """User text as inline Markdown: one line, special characters escaped.

    Control characters (terminal escapes, bidi overrides) show as visible
    ``\\x1b`` / ``\\u202e`` (:func:`okrsite.terminal.printable`), in a file as on a
    terminal: a pull-request comment then shows what the goal file holds.
    """
    if value is None:
        return "none"
    text = printable(" ".join(str(value).split()))
    return _MD_SPECIAL.sub(r"\\\1", text) if text else '""'


def _num(value: Any) -> str:
    """A number for display: at most two decimals, no trailing zeros."""
    if isinstance(value, bool) or value is None:
        return _md(value).lower()
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return str(value)
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return _md(value)


def _score(value: Any) -> str:
    """A 0..1 score for display, always two decimals (``0.40``)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return f"{value:.2f}"
    return _md(value)


def _move(old: str, new: str) -> str:
    return new if old == new else f"{old} {ARROW} {new}"


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _section(title: str, count: int, content: str) -> str:
    return f"### {title} ({count})\n\n{content}"


def _field_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], fields: Iterable[str]
) -> list[str]:
    changes = []
    for field in fields:
        before, after = old.get(field), new.get(field)
        if before != after:
            fmt: Callable[[Any], str] = (
                _num if isinstance(before, int | float) or isinstance(after, int | float) else _md
            )
            changes.append(f"{field}: {fmt(before)} {ARROW} {fmt(after)}")
    return changes


# ----------------------------------------------------------------- sections


def _objective_sections(before: _Export, after: _Export) -> list[str]:
    sections = []
    added = sorted(set(after.objectives) - set(before.objectives))
    removed = sorted(set(before.objectives) - set(after.objectives))
    kept = sorted(set(before.objectives) & set(after.objectives))
    if added:
        rows = [
            [
                _md(oid),
                _md(o.get("objective")),
                _md(o.get("period")),
                ", ".join(_md(name) for name in _owners(o)) or _md(None),
                _score(o.get("score")),
                _md(o.get("status")),
            ]
            for oid in added
            for o in [after.objectives[oid]]
        ]
        content = _table(["Objective", "Statement", "Period", "Owner", "Score", "Status"], rows)
        sections.append(_section("Objectives added", len(added), content))
    if removed:
        items = [f"- {_md(oid)}: {_md(before.objectives[oid].get('objective'))}" for oid in removed]
        sections.append(_section("Objectives removed", len(removed), "\n".join(items)))

    moves = []
    for oid in kept:
        o, n = before.objectives[oid], after.objectives[oid]
        cells = [
            (_score(o.get("score")), _score(n.get("score"))),
            (_md(o.get("status")), _md(n.get("status"))),
            (_score(o.get("confidence")), _score(n.get("confidence"))),
        ]
        if any(a != b for a, b in cells):
            moves.append([_md(oid), *(_move(a, b) for a, b in cells)])
    if moves:
        content = _table(["Objective", "Score", "Status", "Confidence"], moves)
        sections.append(_section("Score and status changes", len(moves), content))

    progress = []
    edits = []
    for oid in kept:
        o, n = before.objectives[oid], after.objectives[oid]
        old_krs, new_krs = _krs(o), _krs(n)
        for kid in [k for k in new_krs if k in old_krs]:
            a, b = old_krs[kid], new_krs[kid]
            current = (_num(a.get("current")), _num(b.get("current")))
            score = (_score(a.get("score")), _score(b.get("score")))
            if current[0] != current[1] or score[0] != score[1]:
                progress.append([_md(oid), _md(kid), _move(*current), _move(*score)])
        changes = _field_changes(o, n, _OBJECTIVE_FIELDS) + _people_and_review(o, n)
        for kid in new_krs:
            if kid not in old_krs:
                changes.append(f"key result {_md(kid)} added: {_md(new_krs[kid].get('title'))}")
        for kid in old_krs:
            if kid not in new_krs:
                changes.append(f"key result {_md(kid)} removed: {_md(old_krs[kid].get('title'))}")
        for kid in [k for k in new_krs if k in old_krs]:
            changes += [
                f"key result {_md(kid)} {change}"
                for change in _field_changes(old_krs[kid], new_krs[kid], _KR_FIELDS)
            ]
        if changes:
            edits.append(f"- {_md(oid)}\n" + "\n".join(f"  - {c}" for c in changes))
    if progress:
        content = _table(["Objective", "Key result", "Current", "Score"], progress)
        sections.append(_section("Key result progress", len(progress), content))
    if edits:
        sections.append(_section("Objectives edited", len(edits), "\n".join(edits)))
    return sections


def _owners(objective: Mapping[str, Any]) -> list[str]:
    """Everyone who owns an objective; an export older than ``owners`` has only ``owner``."""
    owners = objective.get("owners")
    if isinstance(owners, list):
        return [str(name) for name in owners]
    owner = objective.get("owner")
    return [str(owner)] if owner else []


def _people_and_review(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Co-owners that came or went, and the review note written, rewritten or removed."""
    changes = []
    before, after = _owners(old), _owners(new)
    # A change of the only owner is already the "owner" line.
    if before != after and max(len(before), len(after)) > 1:
        shown = (", ".join(_md(name) for name in names) or _md(None) for names in (before, after))
        changes.append(f"owners: {next(shown)} {ARROW} {next(shown)}")
    review = (old.get("review"), new.get("review"))
    if review[0] != review[1]:
        what = "written" if not review[0] else "removed" if not review[1] else "rewritten"
        changes.append(f"review {what}")
    return changes


def _krs(objective: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    items = objective.get("key_results")
    result: dict[str, Mapping[str, Any]] = {}
    if isinstance(items, list):
        for position, kr in enumerate(items, start=1):
            if isinstance(kr, Mapping):
                result[str(kr.get("id") or f"kr{position}")] = kr
    return result


def _latest(kpi: Mapping[str, Any]) -> str:
    latest = kpi.get("latest")
    if not isinstance(latest, Mapping):
        return "no data"
    return f"{_num(latest.get('value'))} ({_md(latest.get('date'))})"


def _kpi_sections(before: _Export, after: _Export) -> list[str]:
    sections = []
    added = sorted(set(after.kpis) - set(before.kpis))
    removed = sorted(set(before.kpis) - set(after.kpis))
    kept = sorted(set(before.kpis) & set(after.kpis))
    if added:
        rows = [
            [_md(kid), _md(k.get("name")), _md(k.get("owner")), _md(k.get("status")), _latest(k)]
            for kid in added
            for k in [after.kpis[kid]]
        ]
        content = _table(["KPI", "Name", "Owner", "Status", "Latest"], rows)
        sections.append(_section("KPIs added", len(added), content))
    if removed:
        items = [f"- {_md(kid)}: {_md(before.kpis[kid].get('name'))}" for kid in removed]
        sections.append(_section("KPIs removed", len(removed), "\n".join(items)))
    moves = []
    edits = []
    for kid in kept:
        o, n = before.kpis[kid], after.kpis[kid]
        if o.get("status") != n.get("status"):
            moves.append(
                [
                    _md(kid),
                    _move(_md(o.get("status")), _md(n.get("status"))),
                    _move(_latest(o), _latest(n)),
                    _move(_num(o.get("off_target_streak")), _num(n.get("off_target_streak"))),
                ]
            )
        changes = _field_changes(o, n, _KPI_FIELDS)
        if changes:
            edits.append(f"- {_md(kid)}\n" + "\n".join(f"  - {c}" for c in changes))
    if moves:
        content = _table(["KPI", "Status", "Latest", "Off-target streak"], moves)
        sections.append(_section("KPI status changes", len(moves), content))
    if edits:
        sections.append(_section("KPIs edited", len(edits), "\n".join(edits)))
    return sections


def _team_sections(before: _Export, after: _Export) -> list[str]:
    sections = []
    added = sorted(set(after.teams) - set(before.teams))
    removed = sorted(set(before.teams) - set(after.teams))
    if added:
        items = [f"- {_md(tid)}: {_md(after.teams[tid].get('name'))}" for tid in added]
        sections.append(_section("Teams added", len(added), "\n".join(items)))
    if removed:
        items = [f"- {_md(tid)}: {_md(before.teams[tid].get('name'))}" for tid in removed]
        sections.append(_section("Teams removed", len(removed), "\n".join(items)))

    rows = _score_rows("company", before.company_scores, after.company_scores)
    for tid in sorted(set(before.teams) & set(after.teams)):
        rows += _score_rows(_md(tid), before.team_scores[tid], after.team_scores[tid])
    if rows:
        sections.append(
            _section("Team scores", len(rows), _table(["Team", "Period", "Score"], rows))
        )
    return sections


def _score_rows(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[list[str]]:
    rows = []
    for period in sorted(set(old) | set(new)):
        a, b = _score(old.get(period)), _score(new.get(period))
        if a != b:
            rows.append([name, _md(period), _move(a, b)])
    return rows


def _finding_key(finding: Mapping[str, Any]) -> tuple[str, str, str]:
    # Lines shift whenever a page is edited above a problem, so they are not
    # part of a finding's identity.
    return (str(finding.get("code")), str(finding.get("path")), str(finding.get("message")))


def _finding_order(finding: Mapping[str, Any]) -> tuple[str, int, str, str]:
    line = finding.get("line")
    return (
        str(finding.get("path")),
        line if isinstance(line, int) else 0,
        str(finding.get("code")),
        str(finding.get("message")),
    )


def _finding_sections(before: _Export, after: _Export) -> list[str]:
    old_count = Counter(_finding_key(f) for f in before.findings)
    new_count = Counter(_finding_key(f) for f in after.findings)
    sections = []
    for title, findings, extra in (
        ("New findings", after.findings, new_count - old_count),
        ("Fixed findings", before.findings, old_count - new_count),
    ):
        picked = []
        remaining = Counter(extra)
        for finding in sorted(findings, key=_finding_order):
            key = _finding_key(finding)
            if remaining[key] > 0:
                remaining[key] -= 1
                picked.append(finding)
        if picked:
            items = [
                f"- {_md(f.get('path'))}:{_num(f.get('line'))}: {_md(f.get('code'))} "
                f"{_md(f.get('message'))} ({_md(f.get('severity'))})"
                for f in picked
            ]
            sections.append(_section(title, len(picked), "\n".join(items)))
    return sections
