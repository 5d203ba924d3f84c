"""Scoring (SPEC section 5): pure functions, models in, values out, no I/O.

Google's 0.0-1.0 convention: a key result scores its clamped progress, an
objective the weighted mean of its key results, and a status compares the score
with the pace the calendar expects.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date

from .model import (
    CheckIn,
    KeyResult,
    Kpi,
    KpiResult,
    KrResult,
    Objective,
    ObjectiveResult,
    Period,
    Point,
)

EPSILON = 1e-9

ASPIRATIONAL_PACE = 0.7


def clamp(value: float) -> float:
    return 0.0 if value < 0 else 1.0 if value > 1 else value


def _past(checkins: Iterable[CheckIn], as_of: date) -> list[CheckIn]:
    """Check-ins dated on or before as_of, oldest first (list order breaks ties)."""
    return sorted((c for c in checkins if c.date <= as_of), key=lambda c: c.date)


class KpiSeries:
    """A KPI's points in date order, indexed so that "the latest value up to a day" is a
    binary search: scoring asks it once per check-in date, and a series may hold
    100,000 points. Iterating yields the points oldest first.
    """

    __slots__ = ("_dates", "_points", "_valued")

    def __init__(self, points: Iterable[Point]) -> None:
        # Stable: of two points on one day the later row stays later, as latest_point wants.
        self._points = sorted(points, key=lambda p: p.date)  # linear on sorted input
        self._dates = [p.date for p in self._points]
        valued: list[Point | None] = []
        last: Point | None = None
        for point in self._points:
            if point.value is not None:
                last = point
            valued.append(last)
        self._valued = valued

    def __iter__(self) -> Iterator[Point]:
        return iter(self._points)

    def __len__(self) -> int:
        return len(self._points)

    def latest(self, until: date) -> Point | None:
        """The latest point with a value dated on or before ``until``."""
        index = bisect_right(self._dates, until)
        return self._valued[index - 1] if index else None


def series_lookup(kpis: Mapping[str, Kpi]) -> Callable[[str], Iterable[Point]]:
    """``kpi id -> its points`` for :func:`score_key_result`, each series indexed once."""
    made: dict[str, KpiSeries] = {}

    def points(kpi_id: str) -> Iterable[Point]:
        series = made.get(kpi_id)
        if series is None:
            kpi = kpis.get(kpi_id)
            series = made[kpi_id] = KpiSeries(kpi.points if kpi else ())
        return series

    return points


def latest_point(points: Iterable[Point], until: date) -> Point | None:
    """The latest point with a value (gaps skipped) dated on or before ``until``."""
    if isinstance(points, KpiSeries):
        return points.latest(until)
    best = None
    for point in points:
        if (
            point.value is not None
            and point.date <= until
            and (best is None or point.date >= best.date)
        ):
            best = point
    return best


def measured_value(
    kr: KeyResult,
    checkins: Iterable[CheckIn],
    as_of: date,
    *,
    kpi_points: Iterable[Point] = (),
    period_end: date | None = None,
) -> float | None:
    """A KR's value as measured: ``current``, latest check-in, linked KPI; else None."""
    if kr.current is not None:
        return kr.current
    for checkin in reversed(_past(checkins, as_of)):
        value = checkin.values.get(kr.id)
        if value is not None and not isinstance(value, bool):
            return float(value)
    if kr.kpi is not None:
        until = min(as_of, period_end) if period_end else as_of
        point = latest_point(kpi_points, until)
        if point is not None and point.value is not None:
            return point.value
    return None


def current_value(
    kr: KeyResult,
    checkins: Iterable[CheckIn],
    as_of: date,
    *,
    kpi_points: Iterable[Point] = (),
    period_end: date | None = None,
) -> float:
    """A numeric KR's current value: ``current``, latest check-in, linked KPI, baseline."""
    value = measured_value(kr, checkins, as_of, kpi_points=kpi_points, period_end=period_end)
    return kr.baseline if value is None else value


def threshold_met(kr: KeyResult, value: float | None) -> bool:
    """Whether a threshold KR's value holds its level (at or above / at or below it)."""
    if value is None or kr.target is None:
        return False
    if kr.threshold == "at_most":
        return value <= kr.target
    return value >= kr.target


def milestone_done(kr: KeyResult, checkins: Iterable[CheckIn], as_of: date) -> bool:
    """A milestone is done when the latest check-in says so, else by its ``done`` key."""
    for checkin in reversed(_past(checkins, as_of)):
        value = checkin.values.get(kr.id)
        if isinstance(value, bool):
            return value
    return bool(kr.done)


def progress(current: float, baseline: float, target: float) -> float:
    """Unclamped progress from baseline to target; works for decreasing targets."""
    # + 0.0 turns the -0.0 of a decreasing target still at its baseline into 0.0, which
    # would otherwise reach the export and the site as "-0.0" / "-0 %".
    return (current - baseline) / (target - baseline) + 0.0


def score_key_result(
    kr: KeyResult,
    objective: Objective,
    as_of: date,
    *,
    kpi_points: Callable[[str], Iterable[Point]],
    objective_score: Callable[[str], float],
) -> KrResult:
    """Score one key result; ``objective_score`` gives an aligned objective's score."""
    current: float | None = None
    prog: float | None = None
    measured = True
    if kr.kind == "milestone":
        value = 1.0 if milestone_done(kr, objective.checkins, as_of) else 0.0
        prog = value
    elif kr.kind == "aligned":
        value = objective_score(kr.objective) if kr.objective else 0.0
        prog = value
    elif kr.kind == "threshold":
        # A level to hold: no baseline to grow from, so no value means not met.
        current = measured_value(
            kr,
            objective.checkins,
            as_of,
            kpi_points=kpi_points(kr.kpi) if kr.kpi else (),
            period_end=objective.period.end if objective.period else None,
        )
        measured = current is not None
        value = 1.0 if threshold_met(kr, current) else 0.0
        prog = value
    else:
        current = measured_value(
            kr,
            objective.checkins,
            as_of,
            kpi_points=kpi_points(kr.kpi) if kr.kpi else (),
            period_end=objective.period.end if objective.period else None,
        )
        measured = current is not None
        if current is None:
            current = kr.baseline
        if kr.target is None or kr.target == kr.baseline:
            value = 0.0
        else:
            prog = progress(current, kr.baseline, kr.target)
            value = clamp(prog)
    if kr.score is not None:
        value = kr.score
    return KrResult(current=current, progress=prog, score=value, measured=measured)


def weighted_mean(scores: Iterable[tuple[float, float]]) -> float:
    """Mean of (score, weight) pairs; 0 when there is nothing to weigh."""
    pairs = list(scores)
    total = sum(w for _, w in pairs)
    return sum(s * w for s, w in pairs) / total if total > 0 else 0.0


def elapsed_fraction(period: Period, as_of: date) -> float:
    """Days from the start to as_of (inclusive) over the days of the period."""
    return ((as_of - period.start).days + 1) / period.days


def objective_status(
    score: float, period: Period | None, kind: str, as_of: date
) -> tuple[str, float | None]:
    """(status, expected score) of an objective: planned, green, yellow or red."""
    if period is None or as_of < period.start:
        return "planned", None
    committed = kind == "committed"
    if as_of <= period.end:
        expected = (1.0 if committed else ASPIRATIONAL_PACE) * elapsed_fraction(period, as_of)
        if score >= expected - EPSILON:
            return "green", expected
        if expected - score <= 0.2 + EPSILON:
            return "yellow", expected
        return "red", expected
    if committed:
        status = "green" if score >= 1 - EPSILON else "yellow" if score >= 0.7 - EPSILON else "red"
        return status, 1.0
    status = "green" if score >= 0.7 - EPSILON else "yellow" if score >= 0.4 - EPSILON else "red"
    return status, ASPIRATIONAL_PACE


def latest_confidence(checkins: Iterable[CheckIn], as_of: date) -> float | None:
    for checkin in reversed(_past(checkins, as_of)):
        if checkin.confidence is not None:
            return checkin.confidence
    return None


def score_objectives(
    objectives: Mapping[str, Objective],
    kpis: Mapping[str, Kpi],
    as_of: date,
) -> dict[str, ObjectiveResult]:
    """Score every objective; aligned KRs follow their objectives (cycles score 0)."""
    results: dict[str, ObjectiveResult] = {}
    visiting: set[str] = set()

    points = series_lookup(kpis)

    def score_of(objective_id: str) -> float:
        if objective_id in results:
            return results[objective_id].score
        if objective_id in visiting or objective_id not in objectives:
            return 0.0  # a cycle (reported as E008) or a broken reference (E007)
        visiting.add(objective_id)
        objective = objectives[objective_id]
        krs = tuple(
            score_key_result(kr, objective, as_of, kpi_points=points, objective_score=score_of)
            for kr in objective.key_results
        )
        score = weighted_mean(
            (r.score, kr.weight) for r, kr in zip(krs, objective.key_results, strict=True)
        )
        status, expected = objective_status(score, objective.period, objective.type, as_of)
        results[objective_id] = ObjectiveResult(
            score=score,
            status=status,
            expected=expected,
            confidence=latest_confidence(objective.checkins, as_of),
            key_results=krs,
        )
        visiting.discard(objective_id)
        return score

    for objective_id in sorted(objectives):
        score_of(objective_id)
    return results


def rollup(
    objectives: Mapping[str, Objective],
    results: Mapping[str, ObjectiveResult],
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """(team -> period -> mean score of its team-level objectives, company period scores)."""
    teams: dict[str, dict[str, list[float]]] = {}
    company: dict[str, list[float]] = {}
    for objective in objectives.values():
        if objective.period is None:
            continue
        score = results[objective.id].score
        if objective.level == "company":
            company.setdefault(objective.period.key, []).append(score)
        elif objective.level == "team" and objective.team:
            teams.setdefault(objective.team, {}).setdefault(objective.period.key, []).append(score)

    def means(by_period: Mapping[str, list[float]]) -> dict[str, float]:
        return {p: sum(v) / len(v) for p, v in sorted(by_period.items())}

    return {t: means(v) for t, v in sorted(teams.items())}, means(company)


def target_at(kpi: Kpi, day: date) -> float | None:
    """The target in force on ``day``: the latest CSV target up to then, else the page's."""
    target = kpi.target
    for point in kpi.points:  # sorted by date
        if point.date > day:
            break
        if point.target is not None:
            target = point.target
    return target


def targets_in_force(kpi: Kpi) -> list[float | None]:
    """The target in force on each point's day, in the order of ``kpi.points``.

    One pass over the date-sorted points: what :func:`target_at` gives for each
    point's date, without rescanning the series from its start for each (which made
    a 20,000-row KPI take 38 s to build).
    """
    target = kpi.target
    targets: list[float | None] = []
    for point in kpi.points:  # sorted by date
        if point.target is not None:
            target = point.target
        targets.append(target)
    return targets


def warning_in_force(kpi: Kpi, target: float | None) -> float | None:
    """The KPI's warning level where it makes an amber band against ``target``, else None.

    A warning on the wrong side of the target in force (above it for direction
    higher, below it for lower) leaves that stretch without an amber band: an
    amber band there would sit among values that meet the target.
    """
    warning = kpi.warning
    if warning is None or target is None:
        return None
    if kpi.direction == "lower":
        return warning if warning >= target else None
    return warning if warning <= target else None


def point_status(value: float, target: float | None, kpi: Kpi) -> str:
    """green, amber or red for one value against a target (``none`` without target)."""
    if target is None:
        return "none"
    warning = warning_in_force(kpi, target)
    if kpi.direction == "lower":
        if value <= target:
            return "green"
        if warning is not None and value <= warning:
            return "amber"
        return "red"
    if value >= target:
        return "green"
    if warning is not None and value >= warning:
        return "amber"
    return "red"


def cadence_bucket(day: date, cadence: str | None) -> tuple[int, int]:
    """The group a day falls in for a cadence (monthly when none)."""
    if cadence == "daily":
        return (day.toordinal(), 0)
    if cadence == "weekly":
        iso = day.isocalendar()
        return (iso[0], iso[1])
    if cadence == "quarterly":
        return (day.year, (day.month - 1) // 3)
    return (day.year, day.month)


def off_target_streak(kpi: Kpi, as_of: date) -> int:
    """How many of the most recent cadence groups ended not green."""
    # One pass over the date-sorted points: the last point of each group, and the
    # target in force on each day (what target_at gives, without a scan per point).
    last: dict[tuple[int, int], Point] = {}
    target_on: dict[date, float | None] = {}
    target = kpi.target
    for point in kpi.points:
        if point.target is not None:
            target = point.target
        target_on[point.date] = target
        if point.value is not None and point.date <= as_of:
            last[cadence_bucket(point.date, kpi.cadence)] = point
    streak = 0
    for bucket in sorted(last, reverse=True):
        point = last[bucket]
        assert point.value is not None
        target = target_on[point.date]
        if target is None or point_status(point.value, target, kpi) == "green":
            break
        streak += 1
    return streak


def kpi_status(kpi: Kpi, as_of: date) -> KpiResult:
    """Status of a KPI from its latest value on or before as_of."""
    latest = latest_point(kpi.points, as_of)
    if latest is None or latest.value is None:
        target = target_at(kpi, as_of)
        return KpiResult(
            status="none" if target is None else "no-data", latest=None, target=target, streak=0
        )
    target = target_at(kpi, latest.date)
    status = point_status(latest.value, target, kpi)
    return KpiResult(
        status=status, latest=latest, target=target, streak=off_target_streak(kpi, as_of)
    )
