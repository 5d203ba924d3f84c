"""The charts of the site as data: what :mod:`okrsite.charts` draws and the tables beside them.

A chart spec is plain data keyed by the SVG's output path; the plugin (or
:func:`okrsite.render.write_tree`) turns specs into bytes through the chart
cache. The objective's progress history is recomputed here from the pure
scoring functions: the score at each check-in date is the score the portal
had on that day (check-ins and KPI points after it ignored).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from ..charts import KpiChart, ProgressChart, Sparkline
from ..model import Kpi, Objective, ObjectiveResult, Point, Portal
from ..score import (
    ASPIRATIONAL_PACE,
    elapsed_fraction,
    rollup,
    score_key_result,
    score_objectives,
    series_lookup,
    targets_in_force,
    weighted_mean,
)
from .markup import plain_text

#: Points drawn in a dashboard sparkline: enough to see a trend, small enough to stay tiny.
SPARK_POINTS = 60


D = TypeVar("D", date, str)

#: Most points a KPI chart draws. A longer series (an hourly KPI over a year, a daily
#: one over decades) is thinned to this many, so that a chart's SVG, its cache key and
#: its drawing time stay bounded; see :func:`thin_series`.
MAX_CHART_POINTS = 2000


def kpi_points(kpi: Kpi, as_of: date) -> list[Point]:
    """The KPI's rows dated on or before as_of (gaps kept), oldest first."""
    return sorted((p for p in kpi.points if p.date <= as_of), key=lambda p: p.date)


def kpi_rows(kpi: Kpi, as_of: date) -> list[tuple[Point, float | None]]:
    """The KPI's rows dated on or before as_of, oldest first, each with its target.

    Linear in the length of the series: the target in force is carried along.
    """
    # The points are date-sorted: cut at as_of by binary search, and pair in C.
    cut = bisect_right(kpi.points, as_of, key=_day)
    return list(zip(kpi.points[:cut], targets_in_force(kpi)[:cut], strict=True))


def _day(point: Point) -> date:
    return point.date


def thin_series(
    points: Sequence[tuple[D, float | None]], most: int = MAX_CHART_POINTS
) -> list[tuple[D, float | None]]:
    """At most about ``most`` points of a date-sorted series that draw the same line.

    Deterministic: the series is cut into runs of equal length, and of each run
    only its lowest and highest value are kept, in date order, so every peak and
    trough stays visible. The first and the latest point are always kept (the
    chart labels the latest value). Gaps inside a run are dropped: at this
    density a gap would be narrower than a pixel. A series of ``most`` points
    or fewer is returned whole.
    """
    if len(points) <= most:
        return list(points)
    run = -(-len(points) // max(1, most // 2))  # ceiling: two points kept per run
    kept: list[tuple[D, float | None]] = [points[0]]
    latest: tuple[D, float] | None = None
    for start in range(0, len(points), run):
        chunk = [(day, value) for day, value in points[start : start + run] if value is not None]
        if not chunk:
            continue
        low = min(chunk, key=_value)
        high = max(chunk, key=_value)
        for point in sorted({low, high}):
            if point != kept[-1]:
                kept.append(point)
        latest = chunk[-1]
    ends: list[tuple[D, float | None] | None] = [latest, points[-1]]
    for end in ends:  # the latest value, then a gap after it if any
        if end is not None and end[0] > kept[-1][0]:
            kept.append(end)
    return kept


def _value(point: tuple[D, float]) -> float:
    return point[1]


def kpi_chart(portal: Portal, kpi_id: str) -> KpiChart:
    """The chart of a KPI page: series, target steps, amber band and status."""
    kpi = portal.kpis[kpi_id]
    targets: list[tuple[str, float | None]] = []
    series: list[tuple[date, float | None]] = []
    for point, target in kpi_rows(kpi, portal.as_of):
        series.append((point.date, point.value))
        if not targets or targets[-1][1] != target:
            targets.append((point.date.isoformat(), target))
    return KpiChart(
        title=plain_text(kpi.name),
        unit=plain_text(kpi.unit),
        points=tuple((day.isoformat(), value) for day, value in thin_series(series)),
        targets=tuple(targets),
        warning=kpi.warning,
        direction=kpi.direction,
        status=portal.kpi_results[kpi_id].status,
    )


def sparkline(portal: Portal, kpi_id: str) -> Sparkline:
    """The dashboard's tiny trend of a KPI: its last :data:`SPARK_POINTS` rows."""
    kpi = portal.kpis[kpi_id]
    points = kpi_points(kpi, portal.as_of)[-SPARK_POINTS:]
    result = portal.kpi_results[kpi_id]
    return Sparkline(
        points=tuple((p.date.isoformat(), p.value) for p in points),
        target=result.target,
        status=result.status,
    )


class ScoreHistory:
    """Objective scores on past days, from the same pure functions the portal uses.

    Scores on one day depend on each other through aligned key results, so
    they are memoised per (objective, day); a cycle (reported as E008) scores 0
    as in :func:`okrsite.score.score_objectives`.
    """

    def __init__(self, portal: Portal) -> None:
        self._portal = portal
        self._memo: dict[tuple[str, date], float] = {}
        self._visiting: set[tuple[str, date]] = set()
        self._series = series_lookup(portal.kpis)  # each KPI indexed once, for every day

    def score(self, objective_id: str, day: date) -> float:
        key = (objective_id, day)
        if key in self._memo:
            return self._memo[key]
        objective = self._portal.objectives.get(objective_id)
        if objective is None or key in self._visiting:
            return 0.0
        self._visiting.add(key)
        points = self._series
        results = [
            score_key_result(
                kr,
                objective,
                day,
                kpi_points=points,
                objective_score=lambda oid: self.score(oid, day),
            )
            for kr in objective.key_results
        ]
        value = weighted_mean(
            (r.score, kr.weight) for r, kr in zip(results, objective.key_results, strict=True)
        )
        self._visiting.discard(key)
        self._memo[key] = value
        return value

    def points(self, objective: Objective, as_of: date) -> list[tuple[date, float]]:
        """(day, score) at each check-in up to as_of, then as_of's own score.

        The last point is the score the page shows, placed at as_of (or at the
        period's end once it is over), unless a check-in already sits there.
        """
        days = sorted({c.date for c in objective.checkins if c.date <= as_of})
        series = [(day, self.score(objective.id, day)) for day in days]
        shown = self._portal.objective_results[objective.id].score
        end = objective.period.end if objective.period else as_of
        last = min(as_of, end)
        if not days or days[-1] < last:
            series.append((last, shown))
        return series


def pace(objective: Objective) -> float:
    """The score expected at the end of the period (0.7 aspirational, 1.0 committed)."""
    return 1.0 if objective.type == "committed" else ASPIRATIONAL_PACE


def expected_at(objective: Objective, day: date) -> float | None:
    """The expected-pace score on ``day`` (the dashed line of the progress chart)."""
    period = objective.period
    if period is None or day < period.start:
        return None
    fraction = min(1.0, elapsed_fraction(period, min(day, period.end)))
    return pace(objective) * fraction


def progress_chart(portal: Portal, objective_id: str, history: ScoreHistory) -> ProgressChart:
    """The chart of an objective page: its score over time against the expected pace."""
    objective = portal.objectives[objective_id]
    period = objective.period
    assert period is not None
    result = portal.objective_results[objective_id]
    points = [] if result.status == "planned" else history.points(objective, portal.as_of)
    return ProgressChart(
        title=plain_text(objective.objective),
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        as_of=portal.as_of.isoformat(),
        points=tuple((day.isoformat(), score) for day, score in points),
        pace=pace(objective),
        status=result.status,
        confidence=tuple(
            (c.date.isoformat(), c.confidence)
            for c in sorted(objective.checkins, key=lambda c: c.date)
            if c.date <= portal.as_of and c.confidence is not None
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PastScores:
    """The scores and statuses the portal computed with an earlier as_of.

    The same pure functions as :func:`okrsite.portal.build_portal` run on the
    same objectives and KPIs with ``as_of`` set back: check-ins and KPI points
    after that day are ignored, as SPEC section 5 says for any as_of.
    """

    as_of: date
    objectives: Mapping[str, ObjectiveResult]
    teams: Mapping[str, Mapping[str, float]]
    company: Mapping[str, float]


def scores_on(portal: Portal, day: date) -> PastScores:
    """The portal's objective, team and company scores as they were on ``day``."""
    results = score_objectives(portal.objectives, portal.kpis, day)
    teams, company = rollup(portal.objectives, results)
    return PastScores(as_of=day, objectives=results, teams=teams, company=company)


def change(now: float | None, before: float | None) -> float | None:
    """``now - before`` when both are known."""
    return None if now is None or before is None else now - before
