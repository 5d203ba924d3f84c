"""Raw pages -> drafts: each page's keys checked field by field, references not yet resolved."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import CheckIn, Finding, Point
from ..periods import parse_period
from ..schema import CHECKIN_FIELDS, KEY_RESULT_FIELDS, KPI_FIELDS, OBJECTIVE_FIELDS, TEAM_FIELDS
from ..source.load import Node, RawPage
from .fields import Record, Reporter, _lines, check_record

# The five field tables, prepared once (see Record).
_TEAM = Record(TEAM_FIELDS)
_KPI = Record(KPI_FIELDS)
_OBJECTIVE = Record(OBJECTIVE_FIELDS)
_KEY_RESULT = Record(KEY_RESULT_FIELDS)
_CHECKIN = Record(CHECKIN_FIELDS)


@dataclass(slots=True)
class Ref:
    """A reference still to be resolved: where it is and what it names."""

    text: str
    at: tuple[int, int]
    rep: Reporter


@dataclass(slots=True)
class Draft:
    """One page checked field by field, its references not resolved yet.

    The stage between loading and the model: :func:`draft_team`,
    :func:`draft_kpi` and :func:`draft_objective` make drafts (in worker
    processes for big portals), :func:`okrsite.validate.build_model` resolves
    them all together.
    """

    kind: str
    id: str
    values: dict[str, Any]
    lines: dict[str, int]
    rep: Reporter
    refs: dict[str, Ref] = field(default_factory=dict)
    krs: list[dict[str, Any]] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    body: str = ""
    points: tuple[Point, ...] = ()

    def report_to(self, sink: list[Finding]) -> None:
        """Send what is found about this page from now on (E007, E008) to ``sink``."""
        self.rep.sink = sink


def _kr_kind(node: Node) -> str:
    """The kind of a key result, from its keys (SPEC 3)."""
    if node.kind != "map":
        return "numeric"
    if "done" in node.value:
        return "milestone"
    if "objective" in node.value:
        return "aligned"
    if "at_least" in node.value or "at_most" in node.value:
        return "threshold"
    return "numeric"


def draft_team(page: RawPage, team_id: str, sink: list[Finding]) -> Draft | None:
    rep = Reporter(page.path, sink)
    if page.front is None:
        return None
    values, nodes = check_record(page.front, _TEAM, "team", rep, at=(1, 1))
    draft = Draft("team", team_id, values, _lines(nodes), rep, body=page.body)
    if "parent" in values:
        draft.refs["parent"] = Ref(values["parent"], nodes["parent"].at, rep)
    return draft


def draft_kpi(page: RawPage, kpi_id: str, sink: list[Finding]) -> Draft | None:
    rep = Reporter(page.path, sink)
    if page.front is None:
        return None
    values, nodes = check_record(page.front, _KPI, "KPI", rep, at=(1, 1))
    draft = Draft("kpi", kpi_id, values, _lines(nodes), rep, body=page.body)
    if "team" in values:
        draft.refs["team"] = Ref(values["team"], nodes["team"].at, rep)
    if "query" in values and "connection" not in values:
        rep.error(
            "E003",
            nodes["query"].at,
            "KPI has a query but no connection; add 'connection: NAME' naming one of the "
            "plugin option 'connections'",
        )
    return draft


def draft_objective(
    page: RawPage, objective_id: str, sink: list[Finding], fiscal_start: int
) -> Draft | None:
    rep = Reporter(page.path, sink)
    if page.front is None:
        return None
    values, nodes = check_record(page.front, _OBJECTIVE, "objective", rep, at=(1, 1))
    draft = Draft("objective", objective_id, values, _lines(nodes), rep, body=page.body)
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
            draft.refs[key] = Ref(values[key], nodes[key].at, rep)
    if values.get("level") == "team" and "team" not in page.front.value:
        rep.error("E003", nodes["level"].at, "a team-level objective needs 'team: <team id>'")
    seen: dict[str, int] = {}
    # The raw trees of key results and check-ins are read here, once, into draft.krs and
    # draft.checkins; they are not kept (nothing later reads them, and they are big).
    for index, item in enumerate(values.pop("key_results", None) or [], start=1):
        kind = _kr_kind(item)
        what = f"key result {index}"
        kr_values, kr_nodes = check_record(
            item, _KEY_RESULT, what, rep, kind=kind, at=(item.line, item.col)
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
        if kind == "threshold":
            _threshold_level(kr_values, kr_nodes, rep)
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
            baseline_stated="baseline" in kr_values,
            line=item.line,
            lines=_lines(kr_nodes),
            refs={
                key: Ref(kr_values[key], kr_nodes[key].at, rep)
                for key in ("kpi", "objective")
                if key in kr_values
            },
        )
        draft.krs.append(kr_values)
    kinds = {kr["id"]: kr["kind"] for kr in draft.krs}
    for item in values.pop("checkins", None) or []:
        ci_values, ci_nodes = check_record(
            item, _CHECKIN, "check-in", rep, at=(item.line, item.col)
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


def _threshold_level(values: dict[str, Any], nodes: Mapping[str, Node], rep: Reporter) -> None:
    """Move a threshold KR's level into ``target``; exactly one of at_least / at_most."""
    given = [key for key in ("at_least", "at_most") if key in nodes]
    if len(given) > 1:
        rep.error(
            "E002",
            nodes["at_most"].at,
            "a threshold key result holds one level: keep either 'at_least' or 'at_most'",
        )
    side = given[0]
    values["threshold"] = side
    level = values.pop("at_least", None)
    level_most = values.pop("at_most", None)
    if side == "at_least" and level is not None:
        values["target"] = level
    elif side == "at_most" and level_most is not None:
        values["target"] = level_most
    elif nodes[side].kind == "scalar" and nodes[side].value is None:
        # An empty level; a malformed one already has its E004.
        rep.error("E003", nodes[side].at, f"'{side}' of a threshold key result needs a number")
