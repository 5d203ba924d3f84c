"""The warning band rule (SPEC 5) on both sides of a changed target: status and chart."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from okrsite.charts import BAND_AMBER, KpiChart, amber_bands, render_svg
from okrsite.model import Kpi
from okrsite.options import options_from_mapping, read_site_config
from okrsite.portal import build_portal
from okrsite.render.specs import kpi_chart
from okrsite.score import kpi_status, off_target_streak, point_status, warning_in_force
from okrsite.source.load import parse_csv
from okrsite.validate import points_from_csv

#: MRR-like: the warning 195 sits above the 2025 target (160) and below the 2026 one (210).
HIGHER = """\
    date,value,target
    2025-06,150,160
    2025-09,170,
    2025-12,200,
    2026-01,200,210
    2026-02,215,
    2026-03,190,
    """
#: The mirror image for lower is better: the warning 5 lies below the 2025 target (6), the
#: wrong side, and above the 2026 one (4).
LOWER = """\
    date,value,target
    2025-06,7,6
    2025-09,5.5,
    2025-12,4.5,
    2026-01,4.5,4
    2026-02,3.5,
    2026-03,5.5,
    """


def kpi(csv: str, **kw: Any) -> Kpi:
    sink: list[Any] = []
    points = points_from_csv(parse_csv(textwrap.dedent(csv), "kpis/k.csv"), sink)
    assert sink == []
    return Kpi(id="k", name="K", owner="Ann", path="kpis/k.md", points=points, **kw)


@pytest.mark.parametrize(
    ("csv", "direction", "warning", "day", "status"),
    [
        # higher, 2025 (target 160, warning 195 above it: no amber band)
        (HIGHER, "higher", 195, "2025-06-30", "red"),  # 150 < 160
        (HIGHER, "higher", 195, "2025-09-30", "green"),  # 170 meets 160, never amber
        (HIGHER, "higher", 195, "2025-12-31", "green"),  # 200 is above the warning too
        # higher, 2026 (target 210, warning 195 below it: amber band 195..210)
        (HIGHER, "higher", 195, "2026-01-31", "amber"),  # 200
        (HIGHER, "higher", 195, "2026-02-28", "green"),  # 215
        (HIGHER, "higher", 195, "2026-03-31", "red"),  # 190
        # lower, 2025 (target 6, warning 5 below it: no amber band)
        (LOWER, "lower", 5, "2025-06-30", "red"),  # 7 > 6
        (LOWER, "lower", 5, "2025-09-30", "green"),  # 5.5 meets 6
        (LOWER, "lower", 5, "2025-12-31", "green"),  # 4.5
        # lower, 2026 (target 4, warning 5 above it: amber band 4..5)
        (LOWER, "lower", 5, "2026-01-31", "amber"),  # 4.5
        (LOWER, "lower", 5, "2026-02-28", "green"),  # 3.5
        (LOWER, "lower", 5, "2026-03-31", "red"),  # 5.5
    ],
)
def test_status_follows_the_band_of_the_target_in_force(
    csv: str, direction: str, warning: float, day: str, status: str
) -> None:
    k = kpi(csv, direction=direction, warning=warning)
    assert kpi_status(k, date.fromisoformat(day)).status == status


@pytest.mark.parametrize(
    ("direction", "target", "warning", "in_force"),
    [
        ("higher", 210, 195, 195),
        ("higher", 160, 195, None),
        ("higher", 160, 160, 160),  # an empty band is still on the right side
        ("lower", 4, 5, 5),
        ("lower", 6, 5, None),
        ("higher", None, 195, None),
        ("higher", 210, None, None),
    ],
)
def test_warning_in_force(
    direction: str, target: float | None, warning: float | None, in_force: float | None
) -> None:
    k = Kpi(id="k", name="K", owner="Ann", path="k.md", direction=direction, warning=warning)
    assert warning_in_force(k, target) == in_force


def test_a_point_that_meets_its_target_is_never_amber() -> None:
    k = Kpi(id="k", name="K", owner="Ann", path="k.md", warning=195)
    assert [point_status(v, 160, k) for v in (150, 160, 170, 196)] == [
        "red",
        "green",
        "green",
        "green",
    ]


def test_streak_counts_the_stretch_without_a_band_as_red() -> None:
    k = kpi(HIGHER, warning=195, cadence="monthly")
    # 2026-03 red, 2026-02 green: a streak of 1
    assert off_target_streak(k, date(2026, 3, 31)) == 1


def chart(direction: str, targets: tuple[tuple[str, float | None], ...]) -> KpiChart:
    return KpiChart(
        title="Monthly recurring revenue",
        unit="USD",
        points=(("2025-06-01", 150.0), ("2025-12-01", 200.0), ("2026-03-01", 190.0)),
        targets=targets,
        warning=195.0 if direction == "higher" else 5.0,
        direction=direction,
        status="red",
    )


def test_chart_draws_amber_only_where_the_warning_is_on_the_right_side() -> None:
    higher = chart("higher", (("2025-01-01", 160.0), ("2026-01-01", 210.0)))
    assert amber_bands(higher) == (("2025-01-01", 160.0, None), ("2026-01-01", 210.0, 195.0))
    lower = chart("lower", (("2025-01-01", 6.0), ("2026-01-01", 4.0), ("2026-06-01", None)))
    assert amber_bands(lower) == (("2025-01-01", 6.0, None), ("2026-01-01", 4.0, 5.0))


def test_the_chart_has_one_amber_band_per_stretch_that_has_one() -> None:
    amber = f"fill: {BAND_AMBER}"
    one = render_svg(chart("higher", (("2025-01-01", 160.0), ("2026-01-01", 210.0))))
    two = render_svg(chart("higher", (("2025-01-01", 200.0), ("2026-01-01", 210.0))))
    none = render_svg(chart("higher", (("2025-01-01", 160.0), ("2026-01-01", 170.0))))
    assert [svg.decode().count(amber) for svg in (none, one, two)] == [0, 1, 2]


def test_the_example_mrr_chart_has_no_amber_band_above_its_2025_target() -> None:
    """The case of the issue: FY2025's target 160,000 sits below the warning 195,000."""
    root = Path(__file__).resolve().parent.parent
    site = read_site_config(root / "mkdocs.yml")
    portal = build_portal(site.docs_dir, options_from_mapping(site.plugin), root=root)
    bands = amber_bands(kpi_chart(portal, "mrr"))
    assert bands[0] == ("2025-01-01", 160000.0, None)
    assert bands[-1] == ("2026-01-01", 210000.0, 195000.0)
