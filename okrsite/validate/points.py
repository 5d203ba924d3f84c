"""A KPI's parsed CSV -> its points (E009 for every row that cannot count)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from operator import attrgetter
from typing import Literal

from ..model import Finding, Point
from ..source.load import Cell, RawCsv
from .fields import _MONTH, Reporter, parse_day, parse_number, suggest

_COLUMNS = ("date", "value", "target", "note")
# The dates of the plain rows already read, by their text: KPIs of a portal share dates.
_DAYS: dict[str, date] = {}
_DAYS_MAX = 100_000


def plain_points(text: str) -> tuple[Point, ...] | None:
    """The points of a CSV with nothing to report, read without cells; else ``None``.

    A big portal's KPIs hold ~100,000 rows, nearly all plain: a ``YYYY-MM-DD`` or
    ``YYYY-MM`` date and numbers (or gaps) in the columns the header names, no quotes,
    no CR. Such a file is read here line by line; anything else (a quote, a stray
    space, a bad date or number, a repeated date, any finding) returns ``None``, and
    :func:`okrsite.source.load.parse_csv` with :func:`points_from_csv` read it and
    report what they find. Both give equal points (tests/test_points_fast.py).
    """
    if '"' in text or "\r" in text:
        return None
    lines = text.split("\n")
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first == len(lines):
        return None
    header = lines[first].split(",")
    if len(set(header)) != len(header) or not set(header) <= set(_COLUMNS):
        return None
    if "date" not in header or "value" not in header:
        return None
    width = len(header)
    at_date, at_value = header.index("date"), header.index("value")
    at_target = header.index("target") if "target" in header else -1
    at_note = header.index("note") if "note" in header else -1
    days = _DAYS
    points: list[Point] = []
    seen: set[date] = set()
    for index in range(first + 1, len(lines)):
        cells = lines[index].split(",")
        if len(cells) != width:
            if not lines[index].strip():
                continue  # a blank line between records
            return None
        day = days.get(cells[at_date])
        if day is None:
            day = _plain_day(cells[at_date])
            if day is None:
                return None
        if day in seen:
            return None
        seen.add(day)
        value = _plain_number(cells[at_value])
        target = _plain_number(cells[at_target]) if at_target >= 0 else None
        if value is False or target is False:
            return None
        note = cells[at_note] if at_note >= 0 else ""
        line = index + 1
        points.append(Point(date=day, value=value, line=line, target=target, note=note or None))
    points.sort(key=_DATE_OF)
    return tuple(points)


# The numbers parse_number reads, without the spaces it strips (a cell with spaces is
# left to the full path).
_NUMBER_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE_OF = attrgetter("date")


def _plain_number(text: str) -> float | None | Literal[False]:
    """A number cell as the full path reads it: None for a gap, False to step aside."""
    if not text:
        return None
    if _NUMBER_TEXT.fullmatch(text) is None:
        return False
    value = float(text)
    return value if math.isfinite(value) else False


def _plain_day(text: str) -> date | None:
    """The day of a date cell as the full path reads it (remembered), or None."""
    if text != text.strip():
        return None
    day = parse_day(text)
    if day is None and _MONTH.match(text):
        day = parse_day(f"{text}-01")
    if day is not None and len(_DAYS) < _DAYS_MAX:
        _DAYS[text] = day
    return day


def points_from_csv(raw: RawCsv, sink: list[Finding]) -> tuple[Point, ...]:
    """KPI points from a parsed CSV; every row either counts or is reported (E009)."""
    sink.extend(raw.findings)
    rep = Reporter(raw.path, sink)
    if not raw.header:
        if not raw.findings:
            rep.error("E009", (1, 1), "CSV has no header row: start it with 'date,value'")
        return ()
    first = raw.header[0].text.strip()
    if parse_day(first) or _MONTH.match(first):
        rep.error(
            "E009",
            (raw.header_line, 1),
            "CSV has no header row (the first line holds data): add a line 'date,value' above it",
        )
        return ()
    allowed = ("date", "value", "target", "note")
    columns: dict[str, int] = {}
    for index, cell in enumerate(raw.header):
        name = cell.text.strip()
        if name not in allowed:
            hint = suggest(name, allowed)
            tail = f"; did you mean '{hint}'?" if hint else f"; allowed: {', '.join(allowed)}"
            rep.error("E009", (raw.header_line, cell.col), f"unknown column '{name}'{tail}")
        elif name in columns:
            rep.error("E009", (raw.header_line, cell.col), f"column '{name}' appears twice")
        else:
            columns[name] = index
    missing = [c for c in ("date", "value") if c not in columns]
    if missing:
        rep.error(
            "E009",
            (raw.header_line, 1),
            f"CSV header lacks column(s) {', '.join(missing)}: the first row must name "
            "date,value (and optionally target, note)",
        )
        return ()
    points: list[Point] = []
    first_seen: dict[date, int] = {}
    width = len(raw.header)
    for line, cells in raw.rows:
        if len(cells) != width:
            grouped = _thousands_split(cells, width, columns)
            if grouped is not None:
                column, cell, text = grouped
                rep.error("E009", (cell.line or line, cell.col), _number_problem(column, text))
                continue
            rep.error(
                "E009",
                (line, 1),
                f"row has {len(cells)} fields but the header has {width}; quote text that "
                "contains commas",
            )
            continue
        date_cell = cells[columns["date"]]
        text = date_cell.text.strip()
        day = parse_day(text)
        if day is None and _MONTH.match(text):
            day = parse_day(f"{text}-01")
        if day is None:
            rep.error(
                "E009",
                (date_cell.line or line, date_cell.col),
                f"'{date_cell.text}' is not a date: write YYYY-MM-DD or YYYY-MM",
            )
            continue
        ok = True
        numbers: dict[str, float | None] = {}
        for column in ("value", "target"):
            if column not in columns:
                numbers[column] = None
                continue
            cell = cells[columns[column]]
            if not cell.text.strip():
                numbers[column] = None
                continue
            number = parse_number(cell.text)
            if number is None:
                ok = False
                rep.error("E009", (cell.line or line, cell.col), _number_problem(column, cell.text))
            numbers[column] = number
        if not ok:
            continue
        if day in first_seen:
            rep.error(
                "E009",
                (date_cell.line or line, date_cell.col),
                f"date {day.isoformat()} already appears on line {first_seen[day]}; give each "
                "date one row",
            )
            continue
        first_seen[day] = line
        note = cells[columns["note"]].text if "note" in columns else ""
        points.append(
            Point(
                date=day,
                value=numbers["value"],
                line=line,
                target=numbers["target"],
                note=note or None,
            )
        )
    points.sort(key=lambda p: p.date)
    return tuple(points)


_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)


def _thousands_split(
    cells: list[Cell], width: int, columns: Mapping[str, int]
) -> tuple[str, Cell, str] | None:
    """(column, cell, text) when a row is too long only because a number has commas.

    ``2026-10-01,1,234`` under ``date,value`` is a value written with a thousands
    separator, not a row with a stray field: say so, at the value's column.
    """
    extra = len(cells) - width
    if extra <= 0:
        return None
    for column in ("value", "target"):
        index = columns.get(column)
        if index is None:
            continue
        text = ",".join(c.text for c in cells[index : index + extra + 1]).strip()
        if _GROUPED.match(text):
            return column, cells[index], text
    return None


def _number_problem(column: str, text: str) -> str:
    if "," in text:
        hint = "drop the thousands separators (write 1234.5, not 1,234.5)"
    elif "%" in text:
        hint = "drop the percent sign and write the plain number (12, not 12%)"
    elif any(c.isdigit() and not c.isascii() for c in text):
        hint = "write it with the digits 0-9 (not full-width or other scripts' digits)"
    else:
        hint = "write a plain decimal number such as 1234.5, -3 or 1e6"
    shown = text if len(text) <= 60 else text[:57] + "..."
    return f"{column} '{shown}' is not a number: {hint}"
