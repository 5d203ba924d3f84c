"""Fiscal periods (SPEC section 6): YYYY-Qn, YYYY-Hn, YYYY and fiscal_year_start."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import write_portal

from okrsite.model import Period
from okrsite.options import Options
from okrsite.periods import fiscal_year_start, parse_period, period_sort_key, quarter_of
from okrsite.portal import build_portal

D = date.fromisoformat


@pytest.mark.parametrize(
    ("text", "month", "start", "end"),
    [
        pytest.param("2026", 1, "2026-01-01", "2026-12-31", id="calendar-year"),
        pytest.param("2026-H1", 1, "2026-01-01", "2026-06-30", id="calendar-h1"),
        pytest.param("2026-H2", 1, "2026-07-01", "2026-12-31", id="calendar-h2"),
        pytest.param("2026-Q1", 1, "2026-01-01", "2026-03-31", id="calendar-q1"),
        pytest.param("2026-Q2", 1, "2026-04-01", "2026-06-30", id="calendar-q2"),
        pytest.param("2026-Q3", 1, "2026-07-01", "2026-09-30", id="calendar-q3"),
        pytest.param("2026-Q4", 1, "2026-10-01", "2026-12-31", id="calendar-q4"),
        pytest.param("2024-Q1", 1, "2024-01-01", "2024-03-31", id="leap-q1"),
        pytest.param("2027", 2, "2026-02-01", "2027-01-31", id="fy2027-m2"),
        pytest.param("2027-Q1", 2, "2026-02-01", "2026-04-30", id="fy2027-m2-q1"),
        pytest.param("2027-Q2", 2, "2026-05-01", "2026-07-31", id="fy2027-m2-q2"),
        pytest.param("2027-Q3", 2, "2026-08-01", "2026-10-31", id="fy2027-m2-q3"),
        pytest.param("2027-Q4", 2, "2026-11-01", "2027-01-31", id="fy2027-m2-q4-spans-new-year"),
        pytest.param("2027-H1", 2, "2026-02-01", "2026-07-31", id="fy2027-m2-h1"),
        pytest.param("2027-H2", 2, "2026-08-01", "2027-01-31", id="fy2027-m2-h2"),
        pytest.param("2027", 4, "2026-04-01", "2027-03-31", id="fy2027-m4"),
        pytest.param("2027-Q4", 4, "2027-01-01", "2027-03-31", id="fy2027-m4-q4"),
        pytest.param("2027", 12, "2026-12-01", "2027-11-30", id="fy2027-m12"),
        pytest.param("2027-Q1", 12, "2026-12-01", "2027-02-28", id="fy2027-m12-q1-february"),
    ],
)
def test_parse_period(text: str, month: int, start: str, end: str) -> None:
    period = parse_period(text, month)
    assert period == Period(key=text, start=D(start), end=D(end))


@pytest.mark.parametrize(
    ("key", "days"),
    [("2026-Q4", 92), ("2026-Q1", 90), ("2024-Q1", 91), ("2026-H1", 181), ("2026", 365)],
)
def test_period_days(key: str, days: int) -> None:
    period = parse_period(key)
    assert period is not None
    assert period.days == days


@pytest.mark.parametrize(
    "text", ["2026-Q5", "2026-Q0", "2026-H3", "26-Q1", "2026Q1", "2026-q1", "Q1-2026", "", "0999"]
)
def test_parse_period_rejects(text: str) -> None:
    assert parse_period(text) is None


@pytest.mark.parametrize(
    ("year", "month", "first"),
    [(2026, 1, "2026-01-01"), (2027, 2, "2026-02-01"), (2027, 7, "2026-07-01")],
)
def test_fiscal_year_start(year: int, month: int, first: str) -> None:
    assert fiscal_year_start(year, month) == D(first)


@pytest.mark.parametrize(
    ("day", "month", "key"),
    [
        pytest.param("2026-11-15", 1, "2026-Q4", id="calendar"),
        pytest.param("2026-01-01", 1, "2026-Q1", id="first-day"),
        pytest.param("2026-12-31", 1, "2026-Q4", id="last-day"),
        pytest.param("2026-04-01", 1, "2026-Q2", id="quarter-edge"),
        pytest.param("2026-01-31", 2, "2026-Q4", id="m2-january-ends-fy2026"),
        pytest.param("2026-02-01", 2, "2027-Q1", id="m2-february-starts-fy2027"),
        pytest.param("2026-11-15", 2, "2027-Q4", id="m2-november"),
        pytest.param("2026-10-31", 2, "2027-Q3", id="m2-october"),
        pytest.param("2026-03-31", 4, "2026-Q4", id="m4-march"),
        pytest.param("2026-04-01", 4, "2027-Q1", id="m4-april"),
        pytest.param("2026-12-01", 12, "2027-Q1", id="m12-december"),
        pytest.param("2026-11-30", 12, "2026-Q4", id="m12-november"),
    ],
)
def test_current_period_is_the_quarter_containing_as_of(day: str, month: int, key: str) -> None:
    assert quarter_of(D(day), month).key == key


@pytest.mark.parametrize("month", range(1, 13))
def test_quarter_of_contains_the_day_for_every_start_month(month: int) -> None:
    day = D("2025-12-25")
    for _ in range(400):
        period = quarter_of(day, month)
        assert period.start <= day <= period.end
        assert period == parse_period(period.key, month)
        day += timedelta(days=1)


def test_period_sort_key_puts_longer_periods_first_on_a_tie() -> None:
    keys = ["2026-Q2", "2026-Q1", "2026-H1", "2026", "2025-Q4"]
    periods = [parse_period(k) for k in keys]
    ordered = sorted((p for p in periods if p), key=period_sort_key)
    assert [p.key for p in ordered] == ["2025-Q4", "2026", "2026-H1", "2026-Q1", "2026-Q2"]


OBJECTIVE = """\
    ---
    objective: Make harbour staff love our app
    period: {period}
    owner: Ann Lee
    key_results:
      - title: Raise weekly active marinas from 10 to 20
        baseline: 10
        target: 20
        current: 15
      - title: Cut median first response from 9 to 4 hours
        baseline: 9
        target: 4
        current: 6
    ---
    """


def test_fiscal_year_start_option_moves_the_periods(tmp_path: Path) -> None:
    docs = write_portal(
        tmp_path,
        {
            "objectives/fy.md": OBJECTIVE.format(period="2027-Q1"),
            "objectives/cal.md": OBJECTIVE.format(period="2026-Q1"),
        },
    )
    portal = build_portal(docs, Options(fiscal_year_start=2), as_of=D("2026-03-01"))
    assert portal.current_period.key == "2027-Q1"
    assert portal.objectives["fy"].period == Period(
        key="2027-Q1", start=D("2026-02-01"), end=D("2026-04-30")
    )
    # FY2026-Q1 ran from 2025-02-01 to 2025-04-30: long over on 2026-03-01.
    assert portal.objectives["cal"].period == Period(
        key="2026-Q1", start=D("2025-02-01"), end=D("2025-04-30")
    )
    assert portal.objective_results["fy"].status != "planned"
    calendar = build_portal(docs, Options(), as_of=D("2026-03-01"))
    assert calendar.current_period.key == "2026-Q1"
    assert calendar.objective_results["fy"].status == "planned"
