"""Drafts -> the model: references resolved (E007), cycles found (E008)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..grammar import ObjectiveIndex, UnresolvedReference
from ..model import Finding, KeyResult, Kpi, Objective, Period, Team
from .drafts import Draft, Ref
from .fields import suggest


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
        self.index = ObjectiveIndex(objectives)

    def simple(self, ref: Ref, pool: set[str], what: str) -> str | None:
        if ref.text in pool:
            return ref.text
        hint = suggest(ref.text, pool)
        tail = f"; did you mean '{hint}'?" if hint else f" (no {what} has that id)"
        ref.rep.error("E007", ref.at, f"unknown {what} '{ref.text}'{tail}")
        return None

    def objective(self, ref: Ref) -> str | None:
        try:
            return self.index.resolve(ref.text)
        except UnresolvedReference as problem:
            ref.rep.error("E007", ref.at, str(problem))
            return None


def build_model(
    teams: list[Draft],
    objectives: list[Draft],
    kpis: list[Draft],
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
            query=v.get("query"),
            connection=v.get("connection"),
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
        owners: tuple[str, ...] = v.get("owner", ())
        model.objectives[d.id] = Objective(
            id=d.id,
            objective=v.get("objective", ""),
            path=d.rep.path,
            period=period if isinstance(period, Period) else None,
            owner=owners[0] if owners else "",
            co_owners=owners[1:],
            team=resolver.simple(team, resolver.teams, "team") if team else None,
            level=v.get("level") or ("team" if team else "company"),
            type=v.get("type", "aspirational"),
            parent=resolver.objective(parent) if parent else None,
            key_results=tuple(krs),
            checkins=tuple(d.checkins),
            tags=v.get("tags", ()),
            lint_ignore=v.get("lint_ignore", ()),
            review=v.get("review"),
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
