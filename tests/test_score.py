"""Scoring (SPEC section 5): every rule, table-driven, against hand-computed values."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import write_portal
from hypothesis import given
from hypothesis import strategies as st

from okrsite.model import CheckIn, KeyResult, Kpi, Objective, Point
from okrsite.options import Options, OptionsError, options_from_mapping, resolve_as_of
from okrsite.periods import parse_period
from okrsite.portal import build_portal
from okrsite.score import (
    cadence_bucket,
    current_value,
    elapsed_fraction,
    kpi_status,
    latest_confidence,
    objective_status,
    off_target_streak,
    point_status,
    rollup,
    score_key_result,
    score_objectives,
    target_at,
)
from okrsite.source.load import parse_csv
from okrsite.validate import points_from_csv

D = date.fromisoformat
Q4 = parse_period("2026-Q4")  # 2026-10-01 .. 2026-12-31, 92 days
assert Q4 is not None
MID_Q4 = D("2026-11-15")  # day 46 of 92: exactly half of the quarter has passed


# -- builders ---------------------------------------------------------------------------------


def kr(**kw: Any) -> KeyResult:
    kw.setdefault("id", "kr1")
    kw.setdefault("title", "A measured outcome")
    kw.setdefault("kind", "numeric")
    kw.setdefault("line", 1)
    return KeyResult(**kw)


def ci(day: str, values: dict[str, float | bool] | None = None, **kw: Any) -> CheckIn:
    return CheckIn(date=D(day), line=1, values=values or {}, **kw)


def objective(oid: str = "o", krs: tuple[KeyResult, ...] = (), **kw: Any) -> Objective:
    kw.setdefault("period", Q4)
    return Objective(
        id=oid, objective="A qualitative aim", path=f"objectives/{oid}.md", owner="Ann",
        key_results=krs, **kw,
    )  # fmt: skip


def kpi(points: list[tuple[str, float | None]] | None = None, **kw: Any) -> Kpi:
    kw.setdefault("id", "k")
    pts = tuple(
        Point(date=D(d), value=v, line=i + 2) for i, (d, v) in enumerate(sorted(points or []))
    )
    return Kpi(name="K", owner="Ann", path="kpis/k.md", points=pts, **kw)


def kpi_from_csv(csv: str, **kw: Any) -> Kpi:
    sink: list[Any] = []
    points = points_from_csv(parse_csv(textwrap.dedent(csv), "kpis/k.csv"), sink)
    assert sink == []
    kw.setdefault("id", "k")
    return Kpi(name="K", owner="Ann", path="kpis/k.md", points=points, **kw)


def score_one(
    key_result: KeyResult,
    checkins: tuple[CheckIn, ...] = (),
    as_of: date = MID_Q4,
    kpis: dict[str, Kpi] | None = None,
) -> tuple[float | None, float | None, float]:
    obj = objective(krs=(key_result,), checkins=checkins)
    result = score_key_result(
        key_result,
        obj,
        as_of,
        kpi_points=lambda k: (kpis or {})[k].points,
        objective_score=lambda _: 0.0,
    )
    return result.current, result.progress, result.score


# -- numeric key results ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "current", "progress", "score"),
    [
        pytest.param(0, 10, 4, 0.4, 0.4, id="increasing"),
        pytest.param(0, 10, 0, 0.0, 0.0, id="at-baseline"),
        pytest.param(0, 10, 10, 1.0, 1.0, id="at-target"),
        pytest.param(9, 4, 6, 0.6, 0.6, id="decreasing-9-to-4-at-6"),
        pytest.param(9, 4, 4, 1.0, 1.0, id="decreasing-at-target"),
        pytest.param(0, 10, 12, 1.2, 1.0, id="past-target-unclamped-progress"),
        pytest.param(9, 4, 3, 1.2, 1.0, id="decreasing-past-target"),
        pytest.param(10, 20, 5, -0.5, 0.0, id="negative-progress"),
        pytest.param(9, 4, 11, -0.4, 0.0, id="decreasing-wrong-way"),
        pytest.param(-10, 0, -5, 0.5, 0.5, id="negative-numbers"),
        pytest.param(0.5, 0.75, 0.6, 0.4, 0.4, id="fractions"),
    ],
)
def test_numeric_progress_and_clamp(
    baseline: float, target: float, current: float, progress: float, score: float
) -> None:
    got = score_one(kr(baseline=baseline, target=target, current=current))
    assert got == (current, pytest.approx(progress), pytest.approx(score))


def test_baseline_defaults_to_zero() -> None:
    assert score_one(kr(target=8, current=2))[1:] == (0.25, 0.25)


# -- current value order ----------------------------------------------------------------------

MRR = kpi([("2026-09-30", 110.0), ("2026-11-01", 120.0)], id="mrr")


@pytest.mark.parametrize(
    ("fields", "checkins", "expected"),
    [
        pytest.param(
            {"current": 150.0, "kpi": "mrr"},
            (ci("2026-11-10", {"kr1": 140.0}),),
            150.0,
            id="current-beats-checkins-and-kpi",
        ),
        pytest.param(
            {"kpi": "mrr"}, (ci("2026-11-10", {"kr1": 140.0}),), 140.0, id="checkin-beats-kpi"
        ),
        pytest.param({"kpi": "mrr"}, (), 120.0, id="kpi-beats-baseline"),
        pytest.param({}, (), 100.0, id="baseline-last"),
        pytest.param(
            {},
            (ci("2026-10-05", {"kr1": 104.0}), ci("2026-11-01", {"kr1": 107.0})),
            107.0,
            id="latest-checkin-wins",
        ),
        pytest.param(
            {},
            (ci("2026-11-01", {"kr1": 107.0}), ci("2026-10-05", {"kr1": 104.0})),
            107.0,
            id="latest-by-date-not-by-list-order",
        ),
        pytest.param(
            {},
            (ci("2026-11-01", {"kr1": 107.0}), ci("2026-11-10", {"other": 3.0})),
            107.0,
            id="latest-checkin-that-has-this-kr",
        ),
        pytest.param(
            {},
            (ci("2026-11-01", {"kr1": 107.0}), ci("2026-11-16", {"kr1": 130.0})),
            107.0,
            id="checkin-after-as-of-ignored",
        ),
        pytest.param({}, (ci("2026-11-15", {"kr1": 109.0}),), 109.0, id="checkin-on-as-of-counts"),
        pytest.param(
            {"kpi": "mrr"},
            (ci("2026-11-20", {"kr1": 140.0}),),
            120.0,
            id="future-checkin-falls-back-to-kpi",
        ),
    ],
)
def test_current_value_order(
    fields: dict[str, Any], checkins: tuple[CheckIn, ...], expected: float
) -> None:
    key_result = kr(baseline=100.0, target=150.0, **fields)
    current, _, _ = score_one(key_result, checkins, kpis={"mrr": MRR})
    assert current == expected


@pytest.mark.parametrize(
    ("as_of", "points", "expected"),
    [
        pytest.param(
            "2026-11-15",
            [("2026-10-31", 5.0), ("2026-11-14", 7.0), ("2026-11-16", 9.0)],
            7.0,
            id="point-after-as-of-ignored",
        ),
        pytest.param(
            "2027-02-01",
            [("2026-12-31", 8.0), ("2027-01-15", 12.0)],
            8.0,
            id="point-after-period-end-ignored",
        ),
        pytest.param(
            "2027-02-01",
            [("2027-01-01", 12.0)],
            0.0,
            id="only-points-after-period-end-gives-baseline",
        ),
        pytest.param(
            "2026-11-15",
            [("2026-10-31", 5.0), ("2026-11-10", None)],
            5.0,
            id="gap-skipped",
        ),
        pytest.param("2026-11-15", [], 0.0, id="no-points-gives-baseline"),
    ],
)
def test_kpi_value_dated_until_min_of_as_of_and_period_end(
    as_of: str, points: list[tuple[str, float | None]], expected: float
) -> None:
    key_result = kr(target=10.0, kpi="k")
    current, _, _ = score_one(key_result, as_of=D(as_of), kpis={"k": kpi(points)})
    assert current == expected


def test_current_value_without_period_uses_as_of() -> None:
    key_result = kr(target=10.0, kpi="k")
    points = kpi([("2027-03-01", 4.0), ("2027-05-01", 6.0)]).points
    assert current_value(key_result, (), D("2027-04-01"), kpi_points=points) == 4.0


# -- milestones, aligned, manual scores, weights ---------------------------------------------


@pytest.mark.parametrize(
    ("done", "checkins", "score"),
    [
        pytest.param(True, (), 1.0, id="done"),
        pytest.param(False, (), 0.0, id="not-done"),
        pytest.param(False, (ci("2026-11-01", {"kr1": True}),), 1.0, id="checkin-true"),
        pytest.param(True, (ci("2026-11-01", {"kr1": False}),), 0.0, id="checkin-false"),
        pytest.param(
            False,
            (ci("2026-11-01", {"kr1": True}), ci("2026-11-10", {"kr1": False})),
            0.0,
            id="latest-checkin-wins",
        ),
        pytest.param(False, (ci("2026-11-16", {"kr1": True}),), 0.0, id="future-checkin-ignored"),
        pytest.param(True, (ci("2026-11-10", {"other": False}),), 1.0, id="checkin-for-another-kr"),
    ],
)
def test_milestone(done: bool, checkins: tuple[CheckIn, ...], score: float) -> None:
    current, progress, got = score_one(kr(kind="milestone", done=done), checkins)
    assert (current, got) == (None, score)


def _aligned(target: str, **kw: Any) -> KeyResult:
    return kr(kind="aligned", objective=target, **kw)


def test_aligned_key_result_takes_the_other_objectives_score() -> None:
    objectives = {
        "child": objective("child", (kr(target=10.0, current=4.0),)),
        "parent": objective("parent", (_aligned("child"), kr(id="kr2", target=2.0, current=2.0))),
    }
    results = score_objectives(objectives, {}, MID_Q4)
    assert results["child"].score == pytest.approx(0.4)
    assert results["parent"].key_results[0].score == pytest.approx(0.4)
    assert results["parent"].score == pytest.approx(0.7)


def test_aligned_chain_of_two() -> None:
    objectives = {
        "a": objective("a", (_aligned("b"),)),
        "b": objective("b", (_aligned("c"), kr(id="kr2", kind="milestone", done=True))),
        "c": objective("c", (kr(baseline=9.0, target=4.0, current=6.0),)),
    }
    results = score_objectives(objectives, {}, MID_Q4)
    assert results["c"].score == pytest.approx(0.6)
    assert results["b"].score == pytest.approx(0.8)
    assert results["a"].score == pytest.approx(0.8)


def test_aligned_cycle_scores_zero_and_does_not_hang() -> None:
    objectives = {"a": objective("a", (_aligned("b"),)), "b": objective("b", (_aligned("a"),))}
    results = score_objectives(objectives, {}, MID_Q4)
    assert {k: r.score for k, r in results.items()} == {"a": 0.0, "b": 0.0}


@pytest.mark.parametrize(
    ("key_result", "score"),
    [
        pytest.param(kr(target=10.0, current=9.0, score=0.3), 0.3, id="numeric"),
        pytest.param(kr(kind="milestone", done=False, score=0.5), 0.5, id="milestone"),
        pytest.param(kr(kind="milestone", done=True, score=0.0), 0.0, id="zero-overrides-done"),
        pytest.param(_aligned("x", score=0.9), 0.9, id="aligned"),
    ],
)
def test_manual_score_overrides(key_result: KeyResult, score: float) -> None:
    assert score_one(key_result)[2] == score


def test_manual_score_keeps_numeric_progress_for_display() -> None:
    assert score_one(kr(target=10.0, current=12.0, score=0.3)) == (12.0, 1.2, 0.3)


@pytest.mark.parametrize(
    ("krs", "score"),
    [
        pytest.param(
            (kr(target=1.0, current=1.0, weight=3.0), kr(id="b", target=1.0, current=0.0)),
            0.75,
            id="weighted-3-to-1",
        ),
        pytest.param(
            (kr(target=10.0, current=5.0), kr(id="b", kind="milestone", done=True)),
            0.75,
            id="equal-weights-by-default",
        ),
        pytest.param(
            (
                kr(target=10.0, current=2.0, weight=0.5),
                kr(id="b", kind="milestone", done=True, weight=1.5),
            ),
            0.8,
            id="fractional-weights",
        ),
        pytest.param((), 0.0, id="no-key-results"),
    ],
)
def test_objective_score_is_weighted_mean(krs: tuple[KeyResult, ...], score: float) -> None:
    results = score_objectives({"o": objective(krs=krs)}, {}, MID_Q4)
    assert results["o"].score == pytest.approx(score)


# -- objective status -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "fraction"),
    [
        pytest.param("2026-10-01", 1 / 92, id="first-day-counts"),
        pytest.param("2026-11-15", 0.5, id="middle"),
        pytest.param("2026-12-31", 1.0, id="last-day"),
    ],
)
def test_elapsed_fraction(as_of: str, fraction: float) -> None:
    assert elapsed_fraction(Q4, D(as_of)) == pytest.approx(fraction)


@pytest.mark.parametrize(
    ("kind", "as_of", "score", "status"),
    [
        pytest.param("aspirational", "2026-09-30", 1.0, "planned", id="planned"),
        pytest.param("committed", "2026-09-30", 0.0, "planned", id="planned-committed"),
        # running, f = 0.5: expected 0.35 aspirational, 0.5 committed
        pytest.param("aspirational", "2026-11-15", 0.36, "green", id="asp-ahead"),
        pytest.param("aspirational", "2026-11-15", 0.35, "green", id="asp-on-pace"),
        pytest.param("aspirational", "2026-11-15", 0.15, "yellow", id="asp-gap-exactly-0.2"),
        pytest.param("aspirational", "2026-11-15", 0.149, "red", id="asp-gap-over-0.2"),
        pytest.param("committed", "2026-11-15", 0.5, "green", id="com-on-pace"),
        pytest.param("committed", "2026-11-15", 0.35, "yellow", id="com-behind-0.15"),
        pytest.param("committed", "2026-11-15", 0.3, "yellow", id="com-gap-exactly-0.2"),
        pytest.param("committed", "2026-11-15", 0.299, "red", id="com-gap-over-0.2"),
        pytest.param("committed", "2026-10-01", 0.0, "yellow", id="com-first-day-behind"),
        pytest.param("committed", "2026-12-31", 1.0, "green", id="com-last-day-pace-1.0"),
        pytest.param("committed", "2026-12-31", 0.8, "yellow", id="com-last-day-gap-0.2"),
        pytest.param("committed", "2026-12-31", 0.79, "red", id="com-last-day-gap-0.21"),
        pytest.param("aspirational", "2026-12-31", 0.7, "green", id="asp-last-day-pace-0.7"),
        # finished: aspirational 0.7 / 0.4, committed 1.0 / 0.7
        pytest.param("aspirational", "2027-01-01", 1.0, "green", id="asp-done-1.0"),
        pytest.param("aspirational", "2027-01-01", 0.7, "green", id="asp-done-0.7"),
        pytest.param("aspirational", "2027-01-01", 0.69, "yellow", id="asp-done-0.69"),
        pytest.param("aspirational", "2027-01-01", 0.4, "yellow", id="asp-done-0.4"),
        pytest.param("aspirational", "2027-01-01", 0.39, "red", id="asp-done-0.39"),
        pytest.param("committed", "2027-06-01", 1.0, "green", id="com-done-1.0"),
        pytest.param("committed", "2027-06-01", 0.99, "yellow", id="com-done-0.99"),
        pytest.param("committed", "2027-06-01", 0.7, "yellow", id="com-done-0.7"),
        pytest.param("committed", "2027-06-01", 0.69, "red", id="com-done-0.69"),
    ],
)
def test_objective_status(kind: str, as_of: str, score: float, status: str) -> None:
    assert objective_status(score, Q4, kind, D(as_of))[0] == status


@pytest.mark.parametrize(
    ("kind", "expected"), [("aspirational", 0.35), ("committed", 0.5)], ids=["asp", "com"]
)
def test_expected_pace(kind: str, expected: float) -> None:
    assert objective_status(0.0, Q4, kind, MID_Q4)[1] == pytest.approx(expected)


def test_status_boundary_through_scoring() -> None:
    """A real objective at the yellow boundary: 0.35 expected, 0.15 scored."""
    krs = (kr(target=100.0, current=15.0),)
    result = score_objectives({"o": objective(krs=krs)}, {}, MID_Q4)["o"]
    assert (result.score, result.status, result.expected) == (
        pytest.approx(0.15),
        "yellow",
        pytest.approx(0.35),
    )
    krs = (kr(target=100.0, current=14.0),)
    assert score_objectives({"o": objective(krs=krs)}, {}, MID_Q4)["o"].status == "red"


# -- confidence -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("checkins", "confidence"),
    [
        pytest.param((), None, id="no-checkins"),
        pytest.param((ci("2026-11-01", confidence=0.6),), 0.6, id="one"),
        pytest.param(
            (ci("2026-11-01", confidence=0.6), ci("2026-11-10", confidence=0.4)),
            0.4,
            id="latest",
        ),
        pytest.param(
            (ci("2026-11-10", confidence=0.4), ci("2026-11-01", confidence=0.6)),
            0.4,
            id="latest-by-date",
        ),
        pytest.param(
            (ci("2026-11-01", confidence=0.6), ci("2026-11-10")),
            0.6,
            id="checkin-without-confidence-keeps-last",
        ),
        pytest.param(
            (ci("2026-11-01", confidence=0.6), ci("2026-11-16", confidence=0.1)),
            0.6,
            id="after-as-of-ignored",
        ),
        pytest.param((ci("2026-11-16", confidence=0.1),), None, id="only-future"),
    ],
)
def test_confidence(checkins: tuple[CheckIn, ...], confidence: float | None) -> None:
    assert latest_confidence(checkins, MID_Q4) == confidence
    result = score_objectives({"o": objective(checkins=checkins)}, {}, MID_Q4)["o"]
    assert result.confidence == confidence


# -- team and company roll-up -----------------------------------------------------------------


def test_rollup_team_and_company_scores() -> None:
    q3 = parse_period("2026-Q3")

    def o(oid: str, score: float, **kw: Any) -> Objective:
        return objective(oid, (kr(target=100.0, current=score * 100),), **kw)

    objectives = {
        o.id: o
        for o in (
            o("c1", 0.2),
            o("c2", 0.6),
            o("c3", 1.0, period=q3),
            o("s1", 0.5, team="sales", level="team"),
            o("s2", 0.7, team="sales", level="team"),
            o("s3", 0.3, team="sales", level="team", period=q3),
            o("mine", 0.0, team="sales", level="individual"),
            o("e1", 0.9, team="emea", level="team"),
            o("broken", 1.0, team="emea", level="team", period=None),
        )
    }
    results = score_objectives(objectives, {}, MID_Q4)
    teams, company = rollup(objectives, results)
    assert teams == {
        "emea": {"2026-Q4": pytest.approx(0.9)},
        "sales": {"2026-Q3": pytest.approx(0.3), "2026-Q4": pytest.approx(0.6)},
    }
    assert company == {"2026-Q3": pytest.approx(1.0), "2026-Q4": pytest.approx(0.4)}


def test_rollup_empty_has_no_entries() -> None:
    only_individual = {"i": objective("i", (), team="ops", level="individual")}
    results = score_objectives(only_individual, {}, MID_Q4)
    assert rollup(only_individual, results) == ({}, {})


# -- KPI status -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "target", "warning", "value", "status"),
    [
        pytest.param("higher", 100.0, 90.0, 100.0, "green", id="higher-at-target"),
        pytest.param("higher", 100.0, 90.0, 120.0, "green", id="higher-above"),
        pytest.param("higher", 100.0, 90.0, 95.0, "amber", id="higher-amber"),
        pytest.param("higher", 100.0, 90.0, 90.0, "amber", id="higher-at-warning"),
        pytest.param("higher", 100.0, 90.0, 89.9, "red", id="higher-red"),
        pytest.param("higher", 100.0, None, 99.0, "red", id="higher-no-warning-no-amber"),
        pytest.param("lower", 5.0, 8.0, 5.0, "green", id="lower-at-target"),
        pytest.param("lower", 5.0, 8.0, 3.0, "green", id="lower-below"),
        pytest.param("lower", 5.0, 8.0, 7.0, "amber", id="lower-amber"),
        pytest.param("lower", 5.0, 8.0, 8.0, "amber", id="lower-at-warning"),
        pytest.param("lower", 5.0, 8.0, 8.1, "red", id="lower-red"),
        pytest.param("lower", 5.0, None, 6.0, "red", id="lower-no-warning"),
        pytest.param("higher", None, 90.0, 95.0, "none", id="no-target"),
    ],
)
def test_kpi_status(
    direction: str, target: float | None, warning: float | None, value: float, status: str
) -> None:
    k = kpi([("2026-10-01", 0.0), ("2026-11-01", value)], direction=direction, target=target,
            warning=warning)  # fmt: skip
    result = kpi_status(k, MID_Q4)
    assert result.status == status
    assert result.latest is not None
    assert (result.latest.date, result.latest.value) == (D("2026-11-01"), value)
    assert result.target == target


@pytest.mark.parametrize(
    ("points", "target", "status"),
    [
        pytest.param([], 10.0, "no-data", id="no-points"),
        pytest.param([("2026-11-01", None)], 10.0, "no-data", id="only-gaps"),
        pytest.param([("2026-12-01", 50.0)], 10.0, "no-data", id="only-future-points"),
        pytest.param([], None, "none", id="no-target-no-data"),
    ],
)
def test_kpi_without_data(
    points: list[tuple[str, float | None]], target: float | None, status: str
) -> None:
    result = kpi_status(kpi(points, target=target), MID_Q4)
    assert (result.status, result.latest, result.streak) == (status, None, 0)


def test_kpi_latest_skips_gaps_and_future_points() -> None:
    k = kpi([("2026-10-01", 12.0), ("2026-11-01", None), ("2026-12-01", 5.0)], target=10.0)
    result = kpi_status(k, MID_Q4)
    assert result.latest is not None
    assert (result.latest.date, result.latest.value, result.status) == (
        D("2026-10-01"),
        12.0,
        "green",
    )


CHANGING_TARGET = """\
    date,value,target
    2026-07,105,
    2026-08,110,120
    2026-09,118,
    2026-10,125,130
    """


@pytest.mark.parametrize(
    ("day", "target"),
    [
        ("2026-06-30", 100.0),
        ("2026-07-01", 100.0),
        ("2026-08-01", 120.0),
        ("2026-09-15", 120.0),
        ("2026-10-01", 130.0),
        ("2027-01-01", 130.0),
    ],
)
def test_target_in_force_from_its_row_on(day: str, target: float) -> None:
    k = kpi_from_csv(CHANGING_TARGET, target=100.0)
    assert target_at(k, D(day)) == target


@pytest.mark.parametrize(
    ("as_of", "status", "target"),
    [
        pytest.param("2026-07-15", "green", 100.0, id="before-change"),
        pytest.param("2026-08-15", "red", 120.0, id="raised-target"),
        pytest.param("2026-09-15", "amber", 120.0, id="amber-under-new-target"),
        pytest.param("2026-10-15", "amber", 130.0, id="second-raise-amber"),
    ],
)
def test_kpi_status_uses_target_in_force(as_of: str, status: str, target: float) -> None:
    k = kpi_from_csv(CHANGING_TARGET, target=100.0, warning=115.0)
    result = kpi_status(k, D(as_of))
    assert (result.status, result.target) == (status, target)


def test_csv_target_without_page_target() -> None:
    k = kpi_from_csv("date,value,target\n2026-10-01,5,\n2026-11-01,7,6\n")
    assert kpi_status(k, D("2026-10-15")).status == "none"
    assert (kpi_status(k, MID_Q4).status, kpi_status(k, MID_Q4).target) == ("green", 6.0)


# -- off-target streak ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "points", "streak"),
    [
        pytest.param(
            None,
            [("2026-08-01", 12), ("2026-09-01", 8), ("2026-10-01", 8)],
            2,
            id="monthly-default-streak-2",
        ),
        pytest.param(
            None,
            [("2026-07-01", 12), ("2026-08-01", 8), ("2026-09-01", 8), ("2026-10-01", 8)],
            3,
            id="monthly-default-streak-3",
        ),
        pytest.param(
            "monthly",
            [("2026-08-01", 8), ("2026-09-01", 12), ("2026-10-01", 8), ("2026-11-01", 9)],
            2,
            id="most-recent-run-only",
        ),
        pytest.param(
            "monthly",
            [("2026-09-01", 8), ("2026-10-01", 8), ("2026-11-01", 12)],
            0,
            id="latest-green",
        ),
        pytest.param(
            "monthly",
            [("2026-09-05", 8), ("2026-10-03", 8), ("2026-10-28", 12)],
            0,
            id="last-value-of-month-green",
        ),
        pytest.param(
            "monthly",
            [("2026-09-05", 8), ("2026-10-03", 12), ("2026-10-28", 8)],
            2,
            id="last-value-of-month-red",
        ),
        pytest.param(
            None,
            [("2026-09-05", 8), ("2026-09-25", 12), ("2026-10-03", 9), ("2026-10-28", 8)],
            1,
            id="earlier-month-ends-green",
        ),
        pytest.param(
            "monthly",
            [("2026-09-01", 9.5), ("2026-10-01", 9.5)],
            2,
            id="amber-is-not-green",
        ),
        pytest.param(
            "daily",
            [("2026-11-12", 12), ("2026-11-13", 8), ("2026-11-14", 8), ("2026-11-15", 8)],
            3,
            id="daily",
        ),
        pytest.param(
            "weekly",
            # Mon 2026-11-02 .. Sun 2026-11-08 is one ISO week; the next starts 11-09.
            [("2026-11-02", 8), ("2026-11-08", 12), ("2026-11-09", 8), ("2026-11-15", 8)],
            1,
            id="weekly-iso-weeks",
        ),
        pytest.param(
            "weekly",
            # 2026-12-29 (Tue) and 2027-01-02 (Sat) share ISO week 2026-W53.
            [("2026-12-22", 8), ("2026-12-29", 8), ("2027-01-02", 12)],
            0,
            id="weekly-iso-week-across-new-year",
        ),
        pytest.param(
            "monthly",
            [("2026-12-22", 8), ("2026-12-29", 8), ("2027-01-02", 12)],
            0,
            id="monthly-splits-the-same-days",
        ),
        pytest.param(
            "quarterly",
            [("2026-04-01", 8), ("2026-07-01", 8), ("2026-09-30", 12), ("2026-11-01", 8)],
            1,
            id="quarterly",
        ),
        pytest.param(
            "quarterly",
            [("2026-01-10", 8), ("2026-05-01", 8), ("2026-06-30", 8), ("2026-08-01", 8)],
            3,
            id="quarterly-streak-3",
        ),
        pytest.param(
            "monthly",
            [("2026-09-01", 8), ("2026-10-01", 8), ("2026-11-01", None)],
            2,
            id="gap-row-ignored",
        ),
        pytest.param(
            "monthly",
            [("2026-10-01", 8), ("2026-11-01", 8), ("2026-11-20", 12)],
            2,
            id="future-points-ignored",
        ),
    ],
)
def test_off_target_streak(
    cadence: str | None, points: list[tuple[str, float | None]], streak: int
) -> None:
    k = kpi(
        [(d, None if v is None else float(v)) for d, v in points],
        cadence=cadence, target=10.0, warning=9.0,
    )  # fmt: skip
    assert off_target_streak(k, MID_Q4) == streak
    assert kpi_status(k, MID_Q4).streak == streak


def test_streak_lower_direction() -> None:
    k = kpi([("2026-09-01", 4.0), ("2026-10-01", 6.0), ("2026-11-01", 7.0)], target=5.0,
            direction="lower")  # fmt: skip
    assert off_target_streak(k, MID_Q4) == 2


def test_streak_uses_target_in_force_at_each_point() -> None:
    k = kpi_from_csv(
        "date,value,target\n2026-08,110,\n2026-09,110,120\n2026-10,125,\n", target=100.0
    )
    # August met 100, September missed the new 120, October met it again.
    assert off_target_streak(k, D("2026-09-30")) == 1
    assert off_target_streak(k, D("2026-10-31")) == 0


def _streak_by_definition(k: Kpi, as_of: date) -> int:
    """The streak as SPEC words it, one target_at per point: slow, plainly right."""
    last: dict[tuple[int, int], Point] = {}
    for point in k.points:
        if point.value is not None and point.date <= as_of:
            last[cadence_bucket(point.date, k.cadence)] = point
    streak = 0
    for bucket in sorted(last, reverse=True):
        point = last[bucket]
        assert point.value is not None
        target = target_at(k, point.date)
        if target is None or point_status(point.value, target, k) == "green":
            break
        streak += 1
    return streak


_POINTS = st.lists(
    st.tuples(
        st.dates(date(2026, 6, 1), date(2026, 12, 31)),
        st.none() | st.integers(0, 20).map(float),
        st.none() | st.integers(5, 15).map(float),
    ),
    max_size=30,
)


@given(
    _POINTS,
    st.sampled_from([None, "daily", "weekly", "monthly", "quarterly"]),
    st.none() | st.integers(5, 15).map(float),
    st.sampled_from(["higher", "lower"]),
)
def test_streak_matches_its_definition(
    rows: list[tuple[date, float | None, float | None]],
    cadence: str | None,
    target: float | None,
    direction: str,
) -> None:
    points = tuple(
        Point(date=day, value=value, line=i + 2, target=row_target)
        for i, (day, value, row_target) in enumerate(sorted(rows, key=lambda r: r[0]))
    )
    k = Kpi(
        id="k", name="K", owner="Ann", path="kpis/k.md", points=points, cadence=cadence,
        target=target, warning=None, direction=direction,
    )  # fmt: skip
    assert off_target_streak(k, MID_Q4) == _streak_by_definition(k, MID_Q4)


def test_streak_without_target_is_zero() -> None:
    assert off_target_streak(kpi([("2026-10-01", 1.0), ("2026-11-01", 1.0)]), MID_Q4) == 0


# -- through the pipeline: CSV formats, KPI-fed key results, as_of ----------------------------

KPI_PAGE = """\
    ---
    name: Monthly recurring revenue
    owner: Ann Lee
    target: 140
    warning: 120
    cadence: monthly
    ---
    """

OBJECTIVE_WITH_KPI = """\
    ---
    objective: Become the obvious choice for small marinas
    period: 2026-Q4
    owner: Ann Lee
    key_results:
      - id: revenue
        title: Grow monthly revenue from 100 to 150 kUSD
        baseline: 100
        target: 150
        kpi: mrr
      - id: launch
        title: Ten marinas run the booking app every week
        done: false
    checkins:
      - date: 2026-11-01
        values: {launch: true}
        confidence: 0.5
      - date: 2026-11-20
        values: {revenue: 150, launch: false}
        confidence: 0.9
    ---
    """


def _portal(tmp_path: Path, csv: str | bytes, as_of: str = "2026-11-15") -> Any:
    docs = write_portal(
        tmp_path, {"kpis/mrr.md": KPI_PAGE, "objectives/grow.md": OBJECTIVE_WITH_KPI}
    )
    target = docs / "kpis/mrr.csv"
    if isinstance(csv, bytes):
        target.write_bytes(csv)
    else:
        target.write_text(textwrap.dedent(csv), encoding="utf-8")
    return build_portal(docs, Options(), as_of=D(as_of))


def _errors(portal: Any) -> list[str]:
    return [f.format() for f in portal.findings if f.code.startswith("E")]


def test_values_only_in_the_csv(tmp_path: Path) -> None:
    portal = _portal(tmp_path, "date,value\n2026-10-01,110\n2026-11-01,125\n2026-12-01,160\n")
    assert _errors(portal) == []
    result = portal.objective_results["grow"]
    assert result.key_results[0].current == 125.0
    assert result.key_results[0].progress == pytest.approx(0.5)
    assert result.key_results[1].score == 1.0  # the 11-20 check-in is after as_of
    assert result.score == pytest.approx(0.75)
    assert result.confidence == 0.5
    assert portal.kpi_results["mrr"].status == "amber"


def test_checkins_after_as_of_apply_later(tmp_path: Path) -> None:
    portal = _portal(tmp_path, "date,value\n2026-11-01,125\n", as_of="2026-11-20")
    result = portal.objective_results["grow"]
    assert [r.score for r in result.key_results] == [1.0, 0.0]
    assert result.confidence == 0.9


@pytest.mark.parametrize(
    "csv",
    [
        pytest.param("date,value\n2026-10,110\n2026-11,125\n", id="year-month-dates"),
        pytest.param(b"\xef\xbb\xbfdate,value\r\n2026-10-01,110\r\n2026-11-01,125\r\n", id="bom"),
        pytest.param("value,date\n125,2026-11-01\n110,2026-10-01\n", id="column-and-row-order"),
        pytest.param(
            'date,value,note\n2026-10-01,110,"quiet, slow month"\n2026-11-01,125,\n'
            "2026-11-05,,missing export\n",
            id="quoted-note-and-gap",
        ),
    ],
)
def test_csv_formats_feed_the_key_result(tmp_path: Path, csv: str | bytes) -> None:
    portal = _portal(tmp_path, csv)
    assert _errors(portal) == []
    assert portal.objective_results["grow"].key_results[0].current == 125.0
    latest = portal.kpi_results["mrr"].latest
    assert (latest.date, latest.value) == (D("2026-11-01"), 125.0)


def test_empty_csv_header_only(tmp_path: Path) -> None:
    portal = _portal(tmp_path, "date,value\n")
    assert _errors(portal) == []
    assert portal.kpis["mrr"].points == ()
    assert portal.kpi_results["mrr"].status == "no-data"
    assert portal.objective_results["grow"].key_results[0].current == 100.0


def test_year_month_dates_are_the_first_of_the_month(tmp_path: Path) -> None:
    portal = _portal(tmp_path, "date,value\n2026-10,110\n")
    assert [p.date for p in portal.kpis["mrr"].points] == [D("2026-10-01")]


# -- as_of resolution: CLI > plugin option > SOURCE_DATE_EPOCH > today ------------------------


@pytest.mark.parametrize(
    ("cli", "option", "epoch", "expected"),
    [
        pytest.param("2026-01-02", "2026-03-04", "1700000000", "2026-01-02", id="cli-first"),
        pytest.param(None, "2026-03-04", "1700000000", "2026-03-04", id="option-second"),
        pytest.param(None, None, "1700000000", "2023-11-14", id="source-date-epoch-third"),
        pytest.param(None, None, "1767225599", "2025-12-31", id="epoch-is-utc"),
    ],
)
def test_as_of_resolution_order(
    monkeypatch: pytest.MonkeyPatch,
    cli: str | None,
    option: str | None,
    epoch: str,
    expected: str,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    options = options_from_mapping({"as_of": option} if option else {})
    assert resolve_as_of(D(cli) if cli else None, options) == D(expected)


def test_as_of_defaults_to_today_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(tz=UTC).date()
    got = resolve_as_of(None, Options())
    assert before <= got <= datetime.now(tz=UTC).date()


def test_bad_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(OptionsError, match="SOURCE_DATE_EPOCH"):
        resolve_as_of(None, Options())


def test_build_portal_uses_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = write_portal(tmp_path, {"objectives/grow.md": OBJECTIVE_WITH_KPI})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793836800")  # 2026-11-05
    portal = build_portal(docs, Options())
    assert portal.as_of == D("2026-11-05")
    assert portal.objective_results["grow"].confidence == 0.5
    assert build_portal(docs, Options(as_of=D("2026-12-01"))).as_of == D("2026-12-01")
    assert build_portal(docs, Options(as_of=D("2026-12-01")), as_of=D("2026-10-01")).as_of == D(
        "2026-10-01"
    )
