"""Collect everything, then render: the links between teams, people, objectives and KPIs.

Goal pages point one way (an objective names its team and parent, a key result
its KPI); the site shows every link in both directions. :class:`Catalog` walks
the portal once and keeps both directions, so each page renderer only looks
things up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model import CheckIn, KeyResult, Objective, Period, Portal
from ..periods import period_sort_key
from .links import SiteMap, person_slug
from .specs import PastScores, scores_on

#: How far back the dashboard looks for a score change, and /changes/ for a status change.
WEEK = timedelta(days=7)


@dataclass(slots=True)
class Person:
    """Everything one person (one slug: names that fold alike share it) owns or leads."""

    slug: str
    names: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    key_results: list[tuple[str, KeyResult]] = field(default_factory=list)
    kpis: list[str] = field(default_factory=list)
    checkins: list[tuple[str, CheckIn]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.names[0]


@dataclass(slots=True)
class Catalog:
    """The portal with every relation indexed both ways, and where each page lives."""

    portal: Portal
    site: SiteMap
    people: dict[str, Person] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    aligned_from: dict[str, list[tuple[str, KeyResult]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    kpi_users: dict[str, list[tuple[str, KeyResult]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    sub_teams: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    team_objectives: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    team_kpis: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    periods: dict[str, Period] = field(default_factory=dict)
    by_period: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    objective_by_path: dict[str, str] = field(default_factory=dict)
    kpi_by_path: dict[str, str] = field(default_factory=dict)
    team_by_path: dict[str, str] = field(default_factory=dict)
    _past: dict[date, PastScores] = field(default_factory=dict)

    @classmethod
    def build(cls, portal: Portal, site: SiteMap) -> Catalog:
        """Index ``portal``; lists come out sorted, so pages are deterministic."""
        cat = cls(portal=portal, site=site)
        for tid in sorted(portal.teams):
            team = portal.teams[tid]
            cat.team_by_path[team.path] = tid
            if team.parent:
                cat.sub_teams[team.parent].append(tid)
            if team.lead:
                cat._person(team.lead).leads.append(tid)
            for member in team.members:
                person = cat._person(member)
                if tid not in person.member_of:
                    person.member_of.append(tid)
        for oid in sorted(portal.objectives):
            obj = portal.objectives[oid]
            cat.objective_by_path[obj.path] = oid
            if obj.period is not None:
                cat.periods.setdefault(obj.period.key, obj.period)
                cat.by_period[obj.period.key].append(oid)
            if obj.parent:
                cat.children[obj.parent].append(oid)
            if obj.team:
                cat.team_objectives[obj.team].append(oid)
            for owner in obj.owners:  # co-owners own it too
                if oid not in cat._person(owner).objectives:
                    cat._person(owner).objectives.append(oid)
            for kr in obj.key_results:
                if kr.kpi:
                    cat.kpi_users[kr.kpi].append((oid, kr))
                if kr.kind == "aligned" and kr.objective:
                    cat.aligned_from[kr.objective].append((oid, kr))
                if kr.owner:
                    cat._person(kr.owner).key_results.append((oid, kr))
            for checkin in obj.checkins:
                if checkin.by:
                    cat._person(checkin.by).checkins.append((oid, checkin))
        for kid in sorted(portal.kpis):
            kpi = portal.kpis[kid]
            cat.kpi_by_path[kpi.path] = kid
            if kpi.team:
                cat.team_kpis[kpi.team].append(kid)
            cat._person(kpi.owner).kpis.append(kid)
        cat.people = dict(sorted(cat.people.items()))
        return cat

    def _person(self, name: str) -> Person:
        slug = person_slug(name)
        person = self.people.get(slug)
        if person is None:
            person = self.people[slug] = Person(slug=slug)
        shown = " ".join(name.split())
        if shown not in person.names:
            person.names.append(shown)
        return person

    # --- lookups -----------------------------------------------------------

    @property
    def as_of(self) -> date:
        return self.portal.as_of

    @property
    def current(self) -> str:
        return self.portal.current_period.key

    def sorted_periods(self, *, newest_first: bool = True) -> list[Period]:
        """The periods that have objectives (plus the current one), in calendar order."""
        periods = dict(self.periods)
        periods.setdefault(self.current, self.portal.current_period)
        ordered = sorted(periods.values(), key=period_sort_key)
        return ordered[::-1] if newest_first else ordered

    def scores_on(self, day: date) -> PastScores:
        """The scores the portal had with as_of set to ``day`` (computed once per day)."""
        if day not in self._past:
            self._past[day] = scores_on(self.portal, day)
        return self._past[day]

    @property
    def week_ago(self) -> PastScores:
        """The scores of 7 days before as_of: what the week's changes are measured against."""
        return self.scores_on(self.as_of - WEEK)

    def display_periods(self) -> list[Period]:
        """The periods in the order readers look for them (SPEC 8): the current one, then
        the past ones newest first, then the planned ones soonest first."""
        periods = self.sorted_periods(newest_first=True)
        current = [p for p in periods if p.key == self.current]
        past = [p for p in periods if p.key != self.current and p.start <= self.as_of]
        planned = [p for p in periods if p.key != self.current and p.start > self.as_of][::-1]
        return current + past + planned

    def team_order(self) -> list[str]:
        """Teams as a tree: each team followed by its sub-teams, siblings by name."""
        ordered: list[str] = []
        seen: set[str] = set()

        def visit(tid: str) -> None:
            if tid in seen:
                return
            seen.add(tid)
            ordered.append(tid)
            for sub in sorted(self.sub_teams.get(tid, []), key=self.team_sort_key):
                visit(sub)

        teams = self.portal.teams
        roots = [t for t, team in teams.items() if not team.parent or team.parent not in teams]
        for tid in sorted(roots, key=self.team_sort_key):
            visit(tid)
        for tid in sorted(teams, key=self.team_sort_key):  # parent cycles (E008)
            visit(tid)
        return ordered

    def team_ancestors(self, tid: str) -> list[str]:
        """The teams above ``tid``, the top-level one first (a parent cycle ends the chain)."""
        chain: list[str] = []
        seen = {tid}
        parent = self.portal.teams[tid].parent
        while parent and parent in self.portal.teams and parent not in seen:
            seen.add(parent)
            chain.append(parent)
            parent = self.portal.teams[parent].parent
        return chain[::-1]

    def team_depth(self, tid: str) -> int:
        """How many teams are above ``tid``."""
        return len(self.team_ancestors(tid))

    def objective_sort_key(self, oid: str) -> tuple[int, str, str]:
        """Company first, then by team name, then by id."""
        obj = self.portal.objectives[oid]
        level = {"company": 0, "team": 1, "individual": 2}.get(obj.level, 3)
        team = self.portal.teams.get(obj.team or "")
        return (level, (team.name.casefold() if team else ""), oid)

    def team_sort_key(self, tid: str) -> tuple[str, str]:
        return (self.portal.teams[tid].name.casefold(), tid)

    def kpi_sort_key(self, kid: str) -> tuple[str, str]:
        return (self.portal.kpis[kid].name.casefold(), kid)

    def in_period(self, objective_id: str, key: str) -> bool:
        """Whether an objective belongs to the period ``key``."""
        obj = self.portal.objectives.get(objective_id)
        return obj is not None and obj.period is not None and obj.period.key == key

    def period_state(self, period: Period) -> str:
        """``running``, ``finished`` or ``planned`` at as_of."""
        if self.as_of < period.start:
            return "planned"
        return "finished" if self.as_of > period.end else "running"

    def current_kpi_links(self) -> set[str]:
        """KPIs linked from a key result of an objective of the current period."""
        linked: set[str] = set()
        for oid in self.by_period.get(self.current, []):
            for kr in self.portal.objectives[oid].key_results:
                if kr.kpi:
                    linked.add(kr.kpi)
        return linked

    def owner_page(self, name: str) -> str:
        return self.site.person(person_slug(name))

    def objective_of_finding(self, path: str) -> Objective | None:
        oid = self.objective_by_path.get(path)
        return self.portal.objectives.get(oid) if oid else None
