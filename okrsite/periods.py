"""Fiscal periods: ``YYYY-Qn``, ``YYYY-Hn`` and ``YYYY`` (SPEC section 6)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from .grammar import FIRST_YEAR, LAST_YEAR, PERIOD, period_problem
from .model import Period


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def fiscal_year_start(year: int, start_month: int = 1) -> date:
    """First day of fiscal year ``year``: with start month M > 1 it begins in Y-1."""
    return date(year if start_month == 1 else year - 1, start_month, 1)


@lru_cache(maxsize=1024)  # a portal names a few periods thousands of times; Period is frozen
def parse_period(text: str, start_month: int = 1) -> Period | None:
    """The :class:`Period` for ``text``, or None when it is not a valid period."""
    match = PERIOD.fullmatch(text)
    if match is None or period_problem(text) is not None:
        return None
    year = int(match[1])
    assert FIRST_YEAR <= year <= LAST_YEAR
    begin = fiscal_year_start(year, start_month)
    if match[2] is None:
        first, months = begin, 12
    else:
        size = 3 if match[2] == "Q" else 6
        first, months = _add_months(begin, size * (int(match[3]) - 1)), size
    last = _add_months(first, months) - timedelta(days=1)
    return Period(key=text, start=first, end=last)


def quarter_of(day: date, start_month: int = 1) -> Period:
    """The fiscal quarter that contains ``day`` (the "current period")."""
    year = day.year if day.month < start_month or start_month == 1 else day.year + 1
    begin = fiscal_year_start(year, start_month)
    months = (day.year * 12 + day.month) - (begin.year * 12 + begin.month)
    quarter = months // 3 + 1
    period = parse_period(f"{year}-Q{quarter}", start_month)
    assert period is not None
    return period


def period_sort_key(period: Period) -> tuple[date, date]:
    """Order periods by start, longer periods first on a tie (2026 before 2026-Q1)."""
    return (period.start, date.max - (period.end - date.min))
