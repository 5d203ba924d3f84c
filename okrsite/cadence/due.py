"""``okrsite due``: what each person owes as of a day (SPEC section 12).

Three kinds of debt, all computed from the portal the core's pipeline built:

* a check-in: an objective of a running period that the person owns, co-owns or
  holds a key result of, with no check-in for more than ``lint.stale_days`` days
  (counted from the period start when there is none; the rule of Q110);
* KPI data: a KPI the person owns whose latest point (on or before as_of) is
  older than one cadence period (monthly when it has no cadence), or that has none;
* a placeholder to fill: a Q115 finding on a page the person owns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..model import Finding, KeyResult, Kpi, Objective, Portal
from ..render.links import person_slug
from .site import Goals


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckinDue:
    objective: str
    statement: str
    period: str
    path: str
    role: str  # owner, co-owner or key result
    last_checkin: date | None
    days: int
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class KpiDataDue:
    kpi: str
    name: str
    cadence: str
    path: str
    latest: date | None
    days: int | None
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceholderDue:
    path: str
    line: int
    col: int
    code: str
    message: str
    url: str | None = None


@dataclass(slots=True, kw_only=True)
class PersonDue:
    """Everything one person owes; ``name`` as the goal files write it."""

    name: str
    checkins: list[CheckinDue] = field(default_factory=list)
    kpis: list[KpiDataDue] = field(default_factory=list)
    placeholders: list[PlaceholderDue] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return person_slug(self.name)

    @property
    def empty(self) -> bool:
        return not (self.checkins or self.kpis or self.placeholders)


def _names(value: Any) -> tuple[str, ...]:
    """One owner or a list of them (co-owners), as the model holds it, without blanks."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, Iterable):
        return tuple(name for item in value for name in _names(item))
    return ()


def objective_owners(objective: Objective) -> tuple[str, ...]:
    """All owners of an objective, the leading one first (co-owners after it)."""
    owners = _names(getattr(objective, "owners", None))
    return owners or _names(objective.owner)


def _kr_owners(kr: KeyResult) -> tuple[str, ...]:
    return _names(getattr(kr, "owners", None)) or _names(kr.owner)


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def data_due_before(as_of: date, cadence: str | None) -> date:
    """The date a KPI's latest point must reach not to be due: one cadence period back.

    1 day (daily), 7 days (weekly), 1 calendar month (monthly or no cadence),
    3 calendar months (quarterly); Q111 warns only at twice that.
    """
    if cadence == "daily":
        return as_of - timedelta(days=1)
    if cadence == "weekly":
        return as_of - timedelta(days=7)
    if cadence == "quarterly":
        return _months_before(as_of, 3)
    return _months_before(as_of, 1)


def _checkins_due(portal: Portal, goals: Goals) -> Iterator[tuple[str, CheckinDue]]:
    today = portal.as_of
    stale_days = goals.options.lint.stale_days
    for oid in sorted(portal.objectives):
        objective = portal.objectives[oid]
        period = objective.period
        if period is None or not period.start <= today <= period.end:
            continue
        dates = [c.date for c in objective.checkins if c.date <= today]
        last = max(dates) if dates else None
        age = (today - max(last, period.start) if last else today - period.start).days
        if age <= stale_days:
            continue
        roles: dict[str, str] = {}
        owners = objective_owners(objective)
        for index, name in enumerate(owners):
            roles.setdefault(name, "owner" if index == 0 else "co-owner")
        for kr in objective.key_results:
            for name in _kr_owners(kr):
                roles.setdefault(name, "key result")
        for name, role in roles.items():
            yield (
                name,
                CheckinDue(
                    objective=oid,
                    statement=objective.objective,
                    period=period.key,
                    path=objective.path,
                    role=role,
                    last_checkin=last,
                    days=age,
                    url=goals.objective_url(oid),
                ),
            )


def _kpi_data_due(portal: Portal, goals: Goals) -> Iterator[tuple[str, KpiDataDue]]:
    for kid in sorted(portal.kpis):
        kpi = portal.kpis[kid]
        result = portal.kpi_results.get(kid)
        latest = result.latest.date if result and result.latest else None
        if latest is not None and latest >= data_due_before(portal.as_of, kpi.cadence):
            continue
        for name in _names(kpi.owner):
            yield (
                name,
                KpiDataDue(
                    kpi=kid,
                    name=kpi.name,
                    cadence=kpi.cadence or "monthly",
                    path=kpi.path,
                    latest=latest,
                    days=(portal.as_of - latest).days if latest else None,
                    url=goals.kpi_url(kid),
                ),
            )


def _page_owners(portal: Portal) -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Shown path of each page -> (its owners, its URL kind and id)."""
    owners: dict[str, tuple[tuple[str, ...], str | None]] = {}
    for objective in portal.objectives.values():
        names = objective_owners(objective)
        for kr in objective.key_results:
            names += tuple(n for n in _kr_owners(kr) if n not in names)
        owners[objective.path] = (names, f"objective:{objective.id}")
    kpi: Kpi
    for kpi in portal.kpis.values():
        owners[kpi.path] = (_names(kpi.owner), f"kpi:{kpi.id}")
    for team in portal.teams.values():
        owners[team.path] = (_names(team.lead), f"team:{team.id}")
    return owners


def _placeholders_due(portal: Portal, goals: Goals) -> Iterator[tuple[str, PlaceholderDue]]:
    pages = _page_owners(portal)
    finding: Finding
    for finding in portal.findings:
        if finding.code != "Q115" or finding.path not in pages:
            continue
        names, page = pages[finding.path]
        kind, _, ident = (page or "").partition(":")
        url = {"objective": goals.objective_url, "kpi": goals.kpi_url}.get(kind)
        for name in names:
            yield (
                name,
                PlaceholderDue(
                    path=finding.path,
                    line=finding.line,
                    col=finding.col,
                    code=finding.code,
                    message=finding.message,
                    url=url(ident) if url else None,
                ),
            )


def people_due(portal: Portal, goals: Goals, person: str | None = None) -> list[PersonDue]:
    """Who owes what as of ``portal.as_of``, sorted by name; people who owe nothing left out.

    Args:
        portal: the portal the pipeline built.
        goals: where it lives (for ``stale_days`` and the site's URLs).
        person: keep only this person (name, case-insensitive, or page slug).
    """
    people: dict[str, PersonDue] = {}

    def entry(name: str) -> PersonDue:
        return people.setdefault(name, PersonDue(name=name))

    for name, checkin in _checkins_due(portal, goals):
        entry(name).checkins.append(checkin)
    for name, data in _kpi_data_due(portal, goals):
        entry(name).kpis.append(data)
    for name, placeholder in _placeholders_due(portal, goals):
        entry(name).placeholders.append(placeholder)
    found = [p for p in people.values() if not p.empty]
    if person is not None:
        wanted = " ".join(person.split()).casefold()
        found = [
            p
            for p in found
            if " ".join(p.name.split()).casefold() == wanted or p.slug == person_slug(person)
        ]
    return sorted(found, key=lambda p: (p.name.casefold(), p.name))


def due_data(people: list[PersonDue], portal: Portal, goals: Goals) -> dict[str, Any]:
    """The JSON form of ``okrsite due`` (documented in the README)."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "schema": "okrsite-due/1",
        "as_of": portal.as_of.isoformat(),
        "stale_days": goals.options.lint.stale_days,
        "site_url": goals.home,
        "people": [
            {
                "name": p.name,
                "slug": p.slug,
                "checkins": [
                    {
                        "objective": c.objective,
                        "statement": c.statement,
                        "period": c.period,
                        "role": c.role,
                        "path": c.path,
                        "last_checkin": day(c.last_checkin),
                        "days": c.days,
                        "url": c.url,
                    }
                    for c in p.checkins
                ],
                "kpis": [
                    {
                        "kpi": k.kpi,
                        "name": k.name,
                        "cadence": k.cadence,
                        "path": k.path,
                        "latest": day(k.latest),
                        "days": k.days,
                        "url": k.url,
                    }
                    for k in p.kpis
                ],
                "placeholders": [
                    {
                        "path": f.path,
                        "line": f.line,
                        "col": f.col,
                        "code": f.code,
                        "message": f.message,
                        "url": f.url,
                    }
                    for f in p.placeholders
                ],
            }
            for p in people
        ],
    }
