"""The domain model: frozen dataclasses shared by every stage of the pipeline.

Nothing here does I/O or imports MkDocs. Raw user input becomes these objects in
:mod:`okrsite.validate`; :mod:`okrsite.score` and :mod:`okrsite.lint` read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# The severities belong to the registry of codes; re-exported for the stages.
from .codes import ERROR as ERROR
from .codes import WARNING as WARNING
from .terminal import printable

KrKind = Literal["numeric", "milestone", "aligned", "threshold"]

#: How a threshold key result holds its level: at or above it, or at or below it.
Threshold = Literal["at_least", "at_most"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One problem found in the input: an error (E codes) or a quality warning (Q codes)."""

    code: str
    message: str
    path: str
    line: int = 1
    col: int = 1
    severity: str = ERROR

    def format(self) -> str:
        """The one finding format everywhere: ``path:line:col: CODE message``."""
        # printable: a message quotes user text, which may hold terminal escapes.
        return printable(f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}")

    @property
    def sort_key(self) -> tuple[str, int, str, int, str]:
        return (self.path, self.line, self.code, self.col, self.message)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """A fiscal period: ``YYYY-Qn``, ``YYYY-Hn`` or ``YYYY``, with its first and last day."""

    key: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Team:
    id: str
    name: str
    path: str
    parent: str | None = None
    lead: str | None = None
    members: tuple[str, ...] = ()
    mission: str | None = None
    body: str = ""
    lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyResult:
    """One key result.

    A threshold key result (``kind == "threshold"``) keeps its level in ``target``
    and says in ``threshold`` which side of it the value must stay on.
    ``baseline_stated`` is False when the page gave no baseline: the 0 it then
    scores from was never measured, so pages do not show it as a value.
    """

    id: str
    title: str
    kind: KrKind
    line: int
    baseline: float = 0.0
    target: float | None = None
    threshold: Threshold | None = None
    baseline_stated: bool = False
    current: float | None = None
    unit: str | None = None
    kpi: str | None = None
    done: bool | None = None
    objective: str | None = None
    weight: float = 1.0
    owner: str | None = None
    score: float | None = None
    lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckIn:
    date: date
    line: int
    values: Mapping[str, float | bool] = field(default_factory=dict)
    confidence: float | None = None
    by: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Objective:
    id: str
    objective: str
    path: str
    period: Period | None
    owner: str
    co_owners: tuple[str, ...] = ()
    team: str | None = None
    level: str = "company"
    type: str = "aspirational"
    parent: str | None = None
    key_results: tuple[KeyResult, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    tags: tuple[str, ...] = ()
    lint_ignore: tuple[str, ...] = ()
    review: str | None = None
    body: str = ""
    lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return self.id.rsplit("/", 1)[-1]

    @property
    def owners(self) -> tuple[str, ...]:
        """Everyone who owns the objective, the leading owner first."""
        return (self.owner, *self.co_owners) if self.owner else self.co_owners


@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    """One row of a KPI's CSV. ``value`` is None for a gap."""

    date: date
    value: float | None
    line: int
    target: float | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Kpi:
    id: str
    name: str
    owner: str
    path: str
    team: str | None = None
    definition: str | None = None
    source: str | None = None
    cadence: str | None = None
    target: float | None = None
    direction: str = "higher"
    warning: float | None = None
    unit: str | None = None
    data_path: str | None = None
    #: SQL for ``okrsite pull`` and the name of the connection it runs on.
    query: str | None = None
    connection: str | None = None
    points: tuple[Point, ...] = ()
    body: str = ""
    lint_ignore: tuple[str, ...] = ()
    lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class KrResult:
    """A key result's computed state. ``progress`` is unclamped (1.2 = 120 %).

    ``measured`` is False when a numeric key result has no value of its own yet
    (no ``current``, check-in or KPI point): its ``current`` is then the baseline.
    """

    current: float | None
    progress: float | None
    score: float
    measured: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectiveResult:
    score: float
    status: str
    expected: float | None
    confidence: float | None
    key_results: tuple[KrResult, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class KpiResult:
    status: str
    latest: Point | None
    target: float | None
    streak: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Portal:
    """Everything known after a run of the pipeline: the model, its scores and all findings."""

    root: str
    as_of: date
    current_period: Period
    company: str
    teams: Mapping[str, Team]
    objectives: Mapping[str, Objective]
    kpis: Mapping[str, Kpi]
    objective_results: Mapping[str, ObjectiveResult]
    kpi_results: Mapping[str, KpiResult]
    team_scores: Mapping[str, Mapping[str, float]]
    company_scores: Mapping[str, float]
    findings: tuple[Finding, ...]
    pages: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.is_error)
