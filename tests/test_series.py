"""Long KPI series: every step linear in the series' length, same answers as the plain
definitions, a bounded chart and data table."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import FrameType

import pytest

from okrsite.model import Kpi, Point
from okrsite.options import options_from_mapping
from okrsite.portal import build_portal
from okrsite.render import render_site
from okrsite.render.kpi import DATA_ROWS
from okrsite.render.specs import MAX_CHART_POINTS, kpi_rows, thin_series
from okrsite.score import KpiSeries, latest_point, target_at, targets_in_force

START = date(2020, 1, 1)


def _points(count: int, seed: int, *, gaps: float = 0.1, targets: float = 0.05) -> list[Point]:
    rng = random.Random(seed)
    return [
        Point(
            date=START + timedelta(days=i),
            value=None if rng.random() < gaps else rng.uniform(0, 100),
            line=i + 2,
            target=rng.uniform(40, 60) if rng.random() < targets else None,
        )
        for i in range(count)
    ]


def _latest_by_definition(points: list[Point], until: date) -> Point | None:
    shown = [p for p in points if p.value is not None and p.date <= until]
    return max(shown, key=lambda p: p.date) if shown else None


@pytest.mark.parametrize("seed", range(8))
def test_indexed_series_gives_the_latest_value_as_defined(seed: int) -> None:
    points = _points(300, seed, gaps=0.3)
    series = KpiSeries(reversed(points))  # any order in, date order out
    assert list(series) == points
    for offset in range(-3, 305, 7):
        day = START + timedelta(days=offset)
        assert series.latest(day) == _latest_by_definition(points, day)
        assert latest_point(series, day) == latest_point(points, day)


def test_indexed_series_of_gaps_only_has_no_latest_value() -> None:
    series = KpiSeries(_points(20, 1, gaps=1.0))
    assert series.latest(START + timedelta(days=100)) is None


@pytest.mark.parametrize("seed", range(5))
def test_targets_in_force_follow_target_at(seed: int) -> None:
    kpi = Kpi(
        id="k", name="K", owner="A", path="k.md", target=50.0, points=tuple(_points(400, seed))
    )
    assert targets_in_force(kpi) == [target_at(kpi, p.date) for p in kpi.points]


def test_kpi_rows_stop_at_as_of_and_carry_the_target() -> None:
    kpi = Kpi(id="k", name="K", owner="A", path="k.md", target=50.0, points=tuple(_points(100, 3)))
    as_of = START + timedelta(days=59)
    rows = kpi_rows(kpi, as_of)
    assert [p for p, _ in rows] == [p for p in kpi.points if p.date <= as_of]
    assert [t for _, t in rows] == [target_at(kpi, p.date) for p, _ in rows]


def test_a_short_series_is_drawn_whole() -> None:
    series = [(p.date, p.value) for p in _points(MAX_CHART_POINTS, 4)]
    assert thin_series(series) == series


@pytest.mark.parametrize("count", [MAX_CHART_POINTS + 1, 9_000, 100_000])
def test_a_long_series_is_thinned_keeping_its_shape(count: int) -> None:
    points = [(p.date, p.value) for p in _points(count, count)]
    thin = thin_series(points)
    assert len(thin) <= MAX_CHART_POINTS + 3
    assert thin == sorted(thin) and set(thin) <= set(points)
    values = [v for _, v in points if v is not None]
    kept = [v for _, v in thin if v is not None]
    assert min(kept) == min(values) and max(kept) == max(values)  # peaks and troughs stay
    assert thin[0] == points[0] and thin[-1] == points[-1]
    latest = next(p for p in reversed(points) if p[1] is not None)
    assert latest in thin  # the chart labels the latest value
    assert thin_series(points) == thin  # deterministic


def _long_kpi_portal(root: Path, write: Callable[..., Path], rows: int) -> Path:
    lines = ["date,value,target"]
    for i in range(rows):
        day = date(2026, 11, 15) - timedelta(days=rows - 1 - i)
        target = "140" if i == rows // 2 else ""
        lines.append(f"{day.isoformat()},{100 + (i % 97) / 3:.2f},{target}")
    return write(root, {"goals/kpis/mrr.csv": "\n".join(lines) + "\n"})


def test_a_long_kpi_shows_its_latest_rows_and_a_thinned_chart(
    tmp_path: Path, tiny_portal: Callable[..., Path]
) -> None:
    root = _long_kpi_portal(tmp_path, tiny_portal, 20_000)
    options = options_from_mapping({"company": "Acme", "as_of": "2026-11-15"})
    portal = build_portal(root / "goals", options, root=root)
    assert len(portal.kpis["mrr"].points) == 20_000
    site = render_site(portal, options)
    page = site.pages["kpis/mrr.md"].markdown
    assert f"Data (latest {DATA_ROWS} of 20,000 rows)" in page
    data = page[page.index('<details class="okr-data">') :]
    assert data[: data.index("</details>")].count("<tr>") == DATA_ROWS + 1  # with the header
    assert "2026-11-15" in page and "mrr.csv" in page  # newest row, and the whole CSV linked
    chart = site.charts["assets/okrsite/charts/kpi-mrr.svg"]
    assert len(chart.points) <= MAX_CHART_POINTS + 3  # type: ignore[union-attr]
    assert chart.points[-1] == ("2026-11-15", pytest.approx(100 + (19_999 % 97) / 3, abs=0.01))  # type: ignore[union-attr]


def _lines_run(run: Callable[[], object]) -> int:
    """How many lines of Python ``run`` executes: work counted, not timed, so the same on
    a busy machine as on a quiet one."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        count += event == "line"
        return tracer

    sys.settrace(tracer)
    try:
        run()
    finally:
        sys.settrace(None)
    return count


def test_the_kpi_path_grows_linearly_with_the_series(
    tmp_path: Path, tiny_portal: Callable[..., Path]
) -> None:
    """Eight times the rows cost about eight times the work, not sixty-four: the lines of
    Python loading, scoring and rendering execute, counted (the time is the benchmark's,
    which adds a KPI of 100,000 points to a real build)."""
    options = options_from_mapping({"company": "Acme", "as_of": "2026-11-15"})
    roots = [_long_kpi_portal(tmp_path / str(rows), tiny_portal, rows) for rows in (400, 3_200)]

    def build(root: Path) -> object:
        return render_site(build_portal(root / "goals", options, root=root), options)

    build(roots[0])  # what runs once per process (lazy imports, memos) is not counted
    lines = [_lines_run(lambda r=root: build(r)) for root in roots]
    assert lines[1] > lines[0]  # the count follows the rows
    # Fixed costs (the small pages) only lower the ratio; quadratic work gives ~64.
    assert lines[1] / lines[0] < 12, lines
