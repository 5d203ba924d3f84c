"""The fast reader of plain KPI CSVs agrees with the full one, or steps aside."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import generate_portal
from okrsite.model import Finding, Point
from okrsite.source.load import parse_csv
from okrsite.validate.points import plain_points, points_from_csv


def full(text: str) -> tuple[tuple[Point, ...], list[Finding]]:
    sink: list[Finding] = []
    return points_from_csv(parse_csv(text, "kpis/k.csv"), sink), sink


def agree(text: str) -> tuple[Point, ...] | None:
    """The fast reader's points, checked against the full reader's."""
    fast = plain_points(text)
    points, findings = full(text)
    if fast is not None:
        assert findings == []
        assert fast == points
        assert [p.line for p in fast] == [p.line for p in points]
    return fast


# Files the fast reader must read itself: the shapes big portals are made of.
PLAIN = [
    "date,value\n2026-01,5\n2026-02,6\n",
    "date,value\n2026-01-05,5\n2026-01-12,6.5\n2026-01-19,\n",
    "date,value,target\n2026-02,1e3,2E-2\n2026-01,-4,\n",  # out of order: sorted by date
    "date,value,note\n2026-01,5,\n2026-02,6,release week\n2026-03,, a gap \n",
    "date,value,target,note\n2022-08,99.67,89.79,\n2022-09,.5,+3.,shipped\n",
    "value,date\n7,2026-03\n\n8,2026-04",  # columns in any order, a blank line, no last newline
    "\n  \ndate,value\n\n2026-01,5\n   \n",  # blank lines around the records
    "date,value\n",  # a header and no rows
    "note,value,date\nn,1,2025-12-31\n",
]

# Files with something to report or to read with care: the fast reader steps aside.
UNUSUAL = [
    "",
    "\n\n",
    "2026-01,5\n2026-02,6\n",  # no header
    "date,value\r\n2026-01,5\r\n",  # CR LF
    'date,value,note\n2026-01,5,"quoted, note"\n',
    "date, value\n2026-01,5\n",  # a space in the header (the full reader strips it)
    "date,value,value\n2026-01,5,6\n",
    "date,value,colour\n2026-01,5,red\n",
    "date\n2026-01\n",
    "date,value\n2026-01,1,234\n",  # thousands separator
    "date,value\n2026-01, 5\n",  # a space in a number
    "date,value\n 2026-01,5\n",
    "date,value\n2026-13,5\n",
    "date,value\n2026-02-30,5\n",
    "date,value\n26-01,5\n",
    "date,value\n2026-01,5%\n",
    "date,value\n2026-01,1e999\n",
    "date,value,target\n2026-01,1,1e999\n",
    "date,value\n2026-01,nan\n",
    "date,value\n2026-01,\uff15\n",  # a full-width digit
    "date,value\n2026-01,1_000\n",
    "date,value\n2026-01,5\n2026-01-01,6\n",  # the same day twice
    "date,value\n2026-01,5,\n",
    "date,value\n2026-01\n",
    "date,value\n ,\n",
    "date,value\n2026-01,\u00a0\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_files_are_read_fast_and_alike(text: str) -> None:
    assert agree(text) is not None


@pytest.mark.parametrize("text", UNUSUAL)
def test_unusual_files_are_left_to_the_full_reader(text: str) -> None:
    assert agree(text) is None


def test_the_generated_portals_csvs_are_read_fast(tmp_path: Path) -> None:
    generate_portal("S", tmp_path)
    files = sorted((tmp_path / "goals").rglob("*.csv"))
    assert files
    for path in files:
        assert agree(path.read_text(encoding="utf-8")) is not None, path


_CELLS = st.sampled_from(
    ["2026-01", "2026-02", "2026-01-01", "2026-02-29", "2024-02-29", "x", "", " ", "5", "-1.5",
     "1e3", "1e999", "07", ".5", "5.", "+2", "1,2", '"3"', "\u0665", "note", "a b"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    header=st.permutations(["date", "value", "target", "note"]),
    width=st.integers(2, 4),
    rows=st.lists(st.lists(_CELLS, min_size=1, max_size=5), max_size=6),
    ending=st.sampled_from(["\n", "\r\n", ""]),
)
def test_any_small_file_agrees(
    header: list[str], width: int, rows: list[list[str]], ending: str
) -> None:
    names = header[:width]
    text = "\n".join([",".join(names), *(",".join(r) for r in rows)]) + ending
    agree(text)
