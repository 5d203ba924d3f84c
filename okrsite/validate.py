"""Raw records -> model + findings (E codes).

Every check of every page runs and every problem is reported; nothing raises on
bad input. Invalid values are left out of the model (with an error), so later
stages can still run and report what they can.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .load import Cell, Node, RawCsv, RawPage
from .model import CheckIn, Finding, KeyResult, Kpi, Objective, Period, Point, Team
from .periods import parse_period
from .schema import (
    CHECKIN_FIELDS,
    ID_PATTERN,
    KEY_RESULT_FIELDS,
    KPI_FIELDS,
    LINT_CODES,
    OBJECTIVE_FIELDS,
    TEAM_FIELDS,
    Field,
)

_ID = re.compile(ID_PATTERN)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_MISSING = object()


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to ``word`` (case-insensitive), if any is close."""
    pool = sorted(set(choices))
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def parse_number(text: str) -> float | None:
    """A plain decimal number (``1234.5``, ``-3``, ``1e6``), or None."""
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def parse_day(text: str) -> date | None:
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class Reporter:
    """Collects the findings of one file."""

    def __init__(self, path: str, sink: list[Finding]) -> None:
        self.path = path
        self.sink = sink

    def error(self, code: str, at: tuple[int, int], message: str) -> None:
        self.sink.append(Finding(code=code, path=self.path, line=at[0], col=at[1], message=message))


def _describe(node: Node) -> str:
    if node.kind == "map":
        return "a mapping"
    if node.kind == "seq":
        return "a list"
    if node.value is None:
        return "nothing"
    return f"'{node.raw}'"


def _text(node: Node) -> str | None:
    """A scalar's text as the user wrote it (``2026`` stays ``2026``, not ``2026.0``)."""
    if node.kind != "scalar" or node.value is None:
        return None
    return node.value if node.quoted or isinstance(node.value, str) else node.raw


def convert(node: Node, spec: Field, what: str, rep: Reporter) -> Any:
    """Check one value against its field; returns the value or _MISSING after an E004."""
    name = f"'{spec.name}' of {what}"

    def bad(message: str) -> Any:
        rep.error("E004", (node.line, node.col), message)
        return _MISSING

    if spec.type in ("text", "name", "path", "id", "ref"):
        text = _text(node)
        if text is None or not text.strip():
            return bad(f"{name} must be text, got {_describe(node)}")
        if spec.type == "id" and spec.name == "id" and not _ID.match(text):
            return bad(f"{name} '{text}' is not a valid id: use lowercase letters, digits, - and _")
        return text.strip() if spec.type in ("id", "ref", "path") else text
    if spec.type == "number":
        value = node.value
        if node.kind == "scalar" and not node.quoted and isinstance(value, str):
            value = parse_number(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return bad(f"{name} must be a number, got {_describe(node)}")
        if not math.isfinite(value):
            return bad(f"{name} must be a finite number, got {_describe(node)}")
        value = float(value)
        if spec.minimum is not None and (
            value < spec.minimum or (spec.exclusive_minimum and value == spec.minimum)
        ):
            low = "greater than" if spec.exclusive_minimum else "at least"
            return bad(f"{name} must be {low} {spec.minimum:g}, got {value:g}")
        if spec.maximum is not None and value > spec.maximum:
            return bad(f"{name} must be at most {spec.maximum:g}, got {value:g}")
        return value
    if spec.type == "bool":
        if not isinstance(node.value, bool) or node.quoted:
            return bad(f"{name} must be true or false, got {_describe(node)}")
        return node.value
    if spec.type == "date":
        text = _text(node)
        day = parse_day(text) if text else None
        if day is None:
            return bad(f"{name} must be a real date written YYYY-MM-DD, got {_describe(node)}")
        return day
    if spec.type == "period":
        text = _text(node)
        if text is None or not re.match(r"^\d{4}(-Q[1-4]|-H[12])?$", text):
            return bad(
                f"{name} must be YYYY-Qn, YYYY-Hn or YYYY (e.g. 2026-Q4), got {_describe(node)}"
            )
        return text
    if spec.type == "enum":
        text = _text(node)
        if text not in spec.choices:
            hint = suggest(text or "", spec.choices)
            did = f"; did you mean '{hint}'?" if hint else ""
            return bad(
                f"{name} must be one of {', '.join(spec.choices)}, got {_describe(node)}{did}"
            )
        return text
    if spec.type in ("names", "codes"):
        if node.kind != "seq":
            return bad(f"{name} must be a list, got {_describe(node)}")
        items: list[str] = []
        for item in node.value:
            text = _text(item)
            if text is None:
                rep.error("E004", (item.line, item.col), f"items of {name} must be text")
                continue
            if spec.type == "codes" and text not in LINT_CODES:
                rep.error(
                    "E004",
                    (item.line, item.col),
                    f"'{text}' in {name} is not a check code (Q101 to Q114)",
                )
                continue
            items.append(text)
        return tuple(items)
    if spec.type == "values":
        if node.kind != "map":
            return bad(f"{name} must map key-result ids to numbers or true/false")
        values: dict[str, tuple[float | bool, Node]] = {}
        for key, item in node.value.items():
            if item.kind == "refused":
                continue
            value = item.value
            if item.kind == "scalar" and not item.quoted and isinstance(value, str):
                value = parse_number(value)
            if item.kind != "scalar" or item.quoted or not isinstance(value, int | float | bool):
                rep.error(
                    "E004",
                    item.at,
                    f"value for '{key}' in {name} must be a number or true/false, "
                    f"got {_describe(item)}",
                )
                continue
            if not isinstance(value, bool) and not math.isfinite(value):
                rep.error("E004", item.at, f"value for '{key}' in {name} must be finite")
                continue
            values[str(key)] = (value if isinstance(value, bool) else float(value), item)
        return values
    if spec.type in ("krs", "checkins"):
        if node.kind != "seq":
            return bad(f"{name} must be a list of entries, got {_describe(node)}")
        if spec.type == "krs" and not node.value:
            return bad(f"{name} needs at least one key result")
        return node.value
    raise AssertionError(spec.type)  # pragma: no cover


def check_record(
    node: Node,
    fields: tuple[Field, ...],
    what: str,
    rep: Reporter,
    *,
    kind: str | None = None,
    at: tuple[int, int] | None = None,
) -> tuple[dict[str, Any], dict[str, Node]]:
    """Check a mapping against its fields: E002 unknown, E003 missing, E004 bad values."""
    if node.kind != "map":
        rep.error("E004", (node.line, node.col), f"{what} must be a mapping of keys")
        return {}, {}
    allowed, everything = _field_names(fields, kind)
    values: dict[str, Any] = {}
    nodes: dict[str, Node] = {}
    for key, child in node.value.items():
        spec = allowed.get(key)
        if spec is None:
            if key in everything:
                rep.error(
                    "E002",
                    child.at,
                    f"key '{key}' does not apply to {'an' if kind == 'aligned' else 'a'} "
                    f"{kind} key result; remove it",
                )
            else:
                hint = suggest(key, allowed)
                tail = f"; did you mean '{hint}'?" if hint else f"; allowed: {', '.join(allowed)}"
                rep.error("E002", child.at, f"unknown key '{key}' in {what}{tail}")
            continue
        nodes[key] = child
        if child.kind == "refused":
            continue  # the loader reported it (E001)
        if child.kind == "scalar" and child.value is None and not spec.required:
            continue  # an empty optional key is the same as an absent one
        value = convert(child, spec, what, rep)
        if value is not _MISSING:
            values[key] = value
    for spec in allowed.values():
        if spec.required and spec.name not in node.value:
            rep.error(
                "E003",
                at or (node.line, node.col),
                f"missing required key '{spec.name}' in {what}",
            )
    return values, nodes


_FIELD_NAMES: dict[
    tuple[int, str | None], tuple[tuple[Field, ...], dict[str, Field], frozenset[str]]
] = {}


def _field_names(
    fields: tuple[Field, ...], kind: str | None
) -> tuple[dict[str, Field], frozenset[str]]:
    """The fields a record of ``kind`` may have, by name, and the names of all fields.

    Worked out once per field table: a big portal checks ~100,000 records. Keyed by
    identity (a Field hashes slowly), with the table kept to rule out a reused id.
    """
    known = _FIELD_NAMES.get((id(fields), kind))
    if known is None or known[0] is not fields:
        allowed = {f.name: f for f in fields if kind is None or kind in f.kinds}
        known = (fields, allowed, frozenset(f.name for f in fields))
        if len(_FIELD_NAMES) < 64:
            _FIELD_NAMES[(id(fields), kind)] = known
    return known[1], known[2]


def _lines(nodes: Mapping[str, Node]) -> dict[str, int]:
    return {key: node.at[0] for key, node in nodes.items()}


@dataclass(slots=True)
class _Ref:
    """A reference still to be resolved: where it is and what it names."""

    text: str
    at: tuple[int, int]
    rep: Reporter


@dataclass(slots=True)
class _Draft:
    """An entity whose references are not resolved yet."""

    kind: str
    id: str
    values: dict[str, Any]
    lines: dict[str, int]
    rep: Reporter
    refs: dict[str, _Ref] = field(default_factory=dict)
    krs: list[dict[str, Any]] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    body: str = ""
    points: tuple[Point, ...] = ()


def _kr_kind(node: Node) -> str:
    if node.kind == "map" and "done" in node.value:
        return "milestone"
    if node.kind == "map" and "objective" in node.value:
        return "aligned"
    return "numeric"


def draft_team(page: RawPage, team_id: str, sink: list[Finding]) -> _Draft | None:
    rep = Reporter(page.path, sink)
    if page.front is None:
        return None
    values, nodes = check_record(page.front, TEAM_FIELDS, "team", rep, at=(1, 1))
    draft = _Draft("team", team_id, values, _lines(nodes), rep, body=page.body)
    if "parent" in values:
        draft.refs["parent"] = _Ref(values["parent"], nodes["parent"].at, rep)
    return draft


def draft_kpi(page: RawPage, kpi_id: str, sink: list[Finding]) -> _Draft | None:
    rep = Reporter(page.path, sink)
    if page.front is None:
        return None
    values, nodes = check_record(page.front, KPI_FIELDS, "KPI", rep, at=(1, 1))
    draft = _Draft("kpi", kpi_id, values, _lines(nodes), rep, body=page.body)
    if "team" in values:
        draft.refs["team"] = _Ref(values["team"], nodes["team"].at, rep)
    return draft


def draft_objective(
    page: RawPage, objective_id: str, sink: list[Finding], fiscal_start: int
) -> _Draft | None:
    rep = Reporter(page.path, sink)
    if page.front is None:
        return None
    values, nodes = check_record(page.front, OBJECTIVE_FIELDS, "objective", rep, at=(1, 1))
    draft = _Draft("objective", objective_id, values, _lines(nodes), rep, body=page.body)
    if "period" in values:
        text = values["period"]
        values["period"] = parse_period(text, fiscal_start)
        if values["period"] is None:  # well formed, but a year no calendar here handles
            period_node = nodes["period"]
            rep.error(
                "E004",
                (period_node.line, period_node.col),
                f"'period' of objective has year {text[:4]}; use a year from 1900 to 9998",
            )
    for key in ("team", "parent"):
        if key in values:
            draft.refs[key] = _Ref(values[key], nodes[key].at, rep)
    if values.get("level") == "team" and "team" not in page.front.value:
        rep.error("E003", nodes["level"].at, "a team-level objective needs 'team: <team id>'")
    seen: dict[str, int] = {}
    # The raw trees of key results and check-ins are read here, once, into draft.krs and
    # draft.checkins; they are not kept (nothing later reads them, and they are big).
    for index, item in enumerate(values.pop("key_results", None) or [], start=1):
        kind = _kr_kind(item)
        what = f"key result {index}"
        kr_values, kr_nodes = check_record(
            item, KEY_RESULT_FIELDS, what, rep, kind=kind, at=(item.line, item.col)
        )
        if item.kind != "map":
            continue
        kr_id = kr_values.get("id", f"kr{index}")
        if kr_id in seen:
            rep.error(
                "E006",
                kr_nodes["id"].at if "id" in kr_nodes else (item.line, item.col),
                f"key result id '{kr_id}' is used twice (first by key result {seen[kr_id]}); "
                "give each key result its own id",
            )
        else:
            seen[kr_id] = index
        if kind == "numeric" and "target" in kr_values:
            baseline = kr_values.get("baseline", 0.0)
            if kr_values["target"] == baseline:
                rep.error(
                    "E011",
                    kr_nodes["target"].at,
                    f"target of {what} equals its baseline ({baseline:g}); a key result must "
                    "move a number: change the target or the baseline",
                )
        kr_values.update(
            id=kr_id,
            kind=kind,
            line=item.line,
            lines=_lines(kr_nodes),
            refs={
                key: _Ref(kr_values[key], kr_nodes[key].at, rep)
                for key in ("kpi", "objective")
                if key in kr_values
            },
        )
        draft.krs.append(kr_values)
    kinds = {kr["id"]: kr["kind"] for kr in draft.krs}
    for item in values.pop("checkins", None) or []:
        ci_values, ci_nodes = check_record(
            item, CHECKIN_FIELDS, "check-in", rep, at=(item.line, item.col)
        )
        clean: dict[str, float | bool] = {}
        for kr_id, (value, value_node) in ci_values.get("values", {}).items():
            kr_kind = kinds.get(kr_id)
            if kr_kind is None:
                known = ", ".join(kinds) or "none"
                rep.error(
                    "E007",
                    value_node.at,
                    f"check-in value for unknown key result '{kr_id}' (key results: {known})",
                )
            elif kr_kind == "aligned":
                rep.error(
                    "E004",
                    value_node.at,
                    f"'{kr_id}' is an aligned key result: its score comes from its objective, "
                    "so a check-in cannot set it",
                )
            elif (kr_kind == "milestone") != isinstance(value, bool):
                expected = "true or false" if kr_kind == "milestone" else "a number"
                rep.error(
                    "E004",
                    value_node.at,
                    f"check-in value for {kr_kind} key result '{kr_id}' must be {expected}",
                )
            else:
                clean[kr_id] = value
        if "date" in ci_values:
            draft.checkins.append(
                CheckIn(
                    date=ci_values["date"],
                    line=item.line,
                    values=clean,
                    confidence=ci_values.get("confidence"),
                    by=ci_values.get("by"),
                    note=ci_values.get("note"),
                )
            )
    return draft


def points_from_csv(raw: RawCsv, sink: list[Finding]) -> tuple[Point, ...]:
    """KPI points from a parsed CSV; every row either counts or is reported (E009)."""
    sink.extend(raw.findings)
    rep = Reporter(raw.path, sink)
    if not raw.header:
        if not raw.findings:
            rep.error("E009", (1, 1), "CSV has no header row: start it with 'date,value'")
        return ()
    first = raw.header[0].text.strip()
    if parse_day(first) or _MONTH.match(first):
        rep.error(
            "E009",
            (raw.header_line, 1),
            "CSV has no header row (the first line holds data): add a line 'date,value' above it",
        )
        return ()
    allowed = ("date", "value", "target", "note")
    columns: dict[str, int] = {}
    for index, cell in enumerate(raw.header):
        name = cell.text.strip()
        if name not in allowed:
            hint = suggest(name, allowed)
            tail = f"; did you mean '{hint}'?" if hint else f"; allowed: {', '.join(allowed)}"
            rep.error("E009", (raw.header_line, cell.col), f"unknown column '{name}'{tail}")
        elif name in columns:
            rep.error("E009", (raw.header_line, cell.col), f"column '{name}' appears twice")
        else:
            columns[name] = index
    missing = [c for c in ("date", "value") if c not in columns]
    if missing:
        rep.error(
            "E009",
            (raw.header_line, 1),
            f"CSV header lacks column(s) {', '.join(missing)}: the first row must name "
            "date,value (and optionally target, note)",
        )
        return ()
    points: list[Point] = []
    first_seen: dict[date, int] = {}
    width = len(raw.header)
    for line, cells in raw.rows:
        if len(cells) != width:
            grouped = _thousands_split(cells, width, columns)
            if grouped is not None:
                column, cell, text = grouped
                rep.error("E009", (cell.line or line, cell.col), _number_problem(column, text))
                continue
            rep.error(
                "E009",
                (line, 1),
                f"row has {len(cells)} fields but the header has {width}; quote text that "
                "contains commas",
            )
            continue
        date_cell = cells[columns["date"]]
        text = date_cell.text.strip()
        day = parse_day(text)
        if day is None and _MONTH.match(text):
            day = parse_day(f"{text}-01")
        if day is None:
            rep.error(
                "E009",
                (date_cell.line or line, date_cell.col),
                f"'{date_cell.text}' is not a date: write YYYY-MM-DD or YYYY-MM",
            )
            continue
        ok = True
        numbers: dict[str, float | None] = {}
        for column in ("value", "target"):
            if column not in columns:
                numbers[column] = None
                continue
            cell = cells[columns[column]]
            if not cell.text.strip():
                numbers[column] = None
                continue
            number = parse_number(cell.text)
            if number is None:
                ok = False
                rep.error("E009", (cell.line or line, cell.col), _number_problem(column, cell.text))
            numbers[column] = number
        if not ok:
            continue
        if day in first_seen:
            rep.error(
                "E009",
                (date_cell.line or line, date_cell.col),
                f"date {day.isoformat()} already appears on line {first_seen[day]}; give each "
                "date one row",
            )
            continue
        first_seen[day] = line
        note = cells[columns["note"]].text if "note" in columns else ""
        points.append(
            Point(
                date=day,
                value=numbers["value"],
                line=line,
                target=numbers["target"],
                note=note or None,
            )
        )
    points.sort(key=lambda p: p.date)
    return tuple(points)


_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _thousands_split(
    cells: list[Cell], width: int, columns: Mapping[str, int]
) -> tuple[str, Cell, str] | None:
    """(column, cell, text) when a row is too long only because a number has commas.

    ``2026-10-01,1,234`` under ``date,value`` is a value written with a thousands
    separator, not a row with a stray field: say so, at the value's column.
    """
    extra = len(cells) - width
    if extra <= 0:
        return None
    for column in ("value", "target"):
        index = columns.get(column)
        if index is None:
            continue
        text = ",".join(c.text for c in cells[index : index + extra + 1]).strip()
        if _GROUPED.match(text):
            return column, cells[index], text
    return None


def _number_problem(column: str, text: str) -> str:
    if "," in text:
        hint = "drop the thousands separators (write 1234.5, not 1,234.5)"
    elif "%" in text:
        hint = "drop the percent sign and write the plain number (12, not 12%)"
    else:
        hint = "write a plain decimal number such as 1234.5, -3 or 1e6"
    return f"{column} '{text}' is not a number: {hint}"


@dataclass(slots=True)
class Model:
    teams: dict[str, Team]
    objectives: dict[str, Objective]
    kpis: dict[str, Kpi]


class _Resolver:
    """Resolves team, KPI and objective references (E007) over the whole portal."""

    def __init__(self, teams: Iterable[str], kpis: Iterable[str], objectives: Iterable[str]):
        self.teams = set(teams)
        self.kpis = set(kpis)
        self.objectives = set(objectives)
        self.stems: dict[str, list[str]] = {}
        for oid in sorted(self.objectives):
            self.stems.setdefault(oid.rsplit("/", 1)[-1], []).append(oid)

    def simple(self, ref: _Ref, pool: set[str], what: str) -> str | None:
        if ref.text in pool:
            return ref.text
        hint = suggest(ref.text, pool)
        tail = f"; did you mean '{hint}'?" if hint else f" (no {what} has that id)"
        ref.rep.error("E007", ref.at, f"unknown {what} '{ref.text}'{tail}")
        return None

    def objective(self, ref: _Ref) -> str | None:
        text = ref.text.removesuffix(".md").strip("/")
        if text in self.objectives:
            return text
        candidates = self.stems.get(text, [])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            ref.rep.error(
                "E007",
                ref.at,
                f"objective reference '{ref.text}' is ambiguous: it could be "
                f"{', '.join(candidates)}; write the full id",
            )
            return None
        pool = self.objectives | set(self.stems)
        close = difflib.get_close_matches(text, sorted(pool), n=3, cutoff=0.6)
        tail = f"; closest: {', '.join(close)}" if close else ""
        ref.rep.error("E007", ref.at, f"unknown objective '{ref.text}'{tail}")
        return None


def build_model(
    teams: list[_Draft],
    objectives: list[_Draft],
    kpis: list[_Draft],
    sink: list[Finding],
) -> Model:
    """Resolve every reference and freeze the drafts into the model."""
    resolver = _Resolver((d.id for d in teams), (d.id for d in kpis), (d.id for d in objectives))
    model = Model(teams={}, objectives={}, kpis={})
    for d in teams:
        parent = d.refs.get("parent")
        v = d.values
        model.teams[d.id] = Team(
            id=d.id,
            name=v.get("name", d.id),
            path=d.rep.path,
            parent=resolver.simple(parent, resolver.teams, "team") if parent else None,
            lead=v.get("lead"),
            members=v.get("members", ()),
            mission=v.get("mission"),
            body=d.body,
            lines=d.lines,
        )
    for d in kpis:
        team = d.refs.get("team")
        v = d.values
        model.kpis[d.id] = Kpi(
            id=d.id,
            name=v.get("name", d.id),
            owner=v.get("owner", ""),
            path=d.rep.path,
            team=resolver.simple(team, resolver.teams, "team") if team else None,
            definition=v.get("definition"),
            source=v.get("source"),
            cadence=v.get("cadence"),
            target=v.get("target"),
            direction=v.get("direction", "higher"),
            warning=v.get("warning"),
            unit=v.get("unit"),
            data_path=v.get("data_path"),
            points=d.points,
            body=d.body,
            lint_ignore=v.get("lint_ignore", ()),
            lines=d.lines,
        )
    for d in objectives:
        v = d.values
        team = d.refs.get("team")
        parent = d.refs.get("parent")
        krs = []
        for kr in d.krs:
            refs = kr.pop("refs")
            kpi = refs.get("kpi")
            aligned = refs.get("objective")
            kr["kpi"] = resolver.simple(kpi, resolver.kpis, "KPI") if kpi else None
            kr["objective"] = resolver.objective(aligned) if aligned else None
            kr.setdefault("title", "")
            krs.append(KeyResult(**kr))
        period = v.get("period")
        model.objectives[d.id] = Objective(
            id=d.id,
            objective=v.get("objective", ""),
            path=d.rep.path,
            period=period if isinstance(period, Period) else None,
            owner=v.get("owner", ""),
            team=resolver.simple(team, resolver.teams, "team") if team else None,
            level=v.get("level") or ("team" if team else "company"),
            type=v.get("type", "aspirational"),
            parent=resolver.objective(parent) if parent else None,
            key_results=tuple(krs),
            checkins=tuple(d.checkins),
            tags=v.get("tags", ()),
            lint_ignore=v.get("lint_ignore", ()),
            body=d.body,
            lines=d.lines,
        )
    _check_cycles(model, sink)
    return model


def _find_cycles(edges: Mapping[str, list[str]]) -> list[list[str]]:
    """Every elementary cycle reachable in a small directed graph, each once (iterative DFS)."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    for start in sorted(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        on_path: set[str] = set()
        while stack:
            node, index = stack.pop()
            if index == 0:
                state[node] = 1
                path.append(node)
                on_path.add(node)
            targets = edges.get(node, [])
            if index < len(targets):
                stack.append((node, index + 1))
                nxt = targets[index]
                if nxt in on_path:
                    cycles.append(path[path.index(nxt) :] + [nxt])
                elif not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()
                on_path.discard(node)
    return cycles


def _check_cycles(model: Model, sink: list[Finding]) -> None:
    """E008 on each member of a cycle, at the line of its link in the cycle."""
    graphs: list[tuple[str, dict[str, list[str]], Any]] = [
        (
            "team parents",
            {t.id: [t.parent] for t in model.teams.values() if t.parent},
            lambda a, b: (model.teams[a].path, model.teams[a].lines.get("parent", 1)),
        ),
        (
            "objective parents",
            {o.id: [o.parent] for o in model.objectives.values() if o.parent},
            lambda a, b: (model.objectives[a].path, model.objectives[a].lines.get("parent", 1)),
        ),
        (
            "aligned key results",
            {
                o.id: sorted({kr.objective for kr in o.key_results if kr.objective})
                for o in model.objectives.values()
            },
            lambda a, b: (
                model.objectives[a].path,
                next(
                    kr.lines.get("objective", kr.line)
                    for kr in model.objectives[a].key_results
                    if kr.objective == b
                ),
            ),
        ),
    ]
    for label, edges, where in graphs:
        for cycle in _find_cycles(edges):
            chain = " -> ".join(cycle)
            for a, b in zip(cycle, cycle[1:], strict=False):
                path, line = where(a, b)
                sink.append(
                    Finding(
                        code="E008",
                        path=path,
                        line=line,
                        message=f"cycle in {label}: {chain}; break one of the links",
                    )
                )
