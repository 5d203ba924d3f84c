"""Word-sized trends drawn at build time as inline SVG: one per numeric or threshold KR.

They sit in table cells, so they are plain markup with no script and no
external file. Lines use ``currentColor`` and CSS classes (see the
stylesheet), so they follow the light and the dark scheme; the SVG is an
image with an accessible name that says what the line shows, and the values
stay in the check-in log as text. Coordinates are printed with fixed
decimals: the same data gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from ..model import KeyResult, Objective, Portal
from ..score import latest_point
from .markup import attribute, fmt_number

#: The size of a trend, in CSS pixels (the viewBox; the stylesheet sets the shown size).
WIDTH, HEIGHT, PAD = 96.0, 24.0, 3.0


def kr_series(portal: Portal, obj: Objective, kr: KeyResult) -> list[tuple[date, float]]:
    """The values a numeric or threshold KR had over its period, oldest first.

    Check-in values for the KR when there are any (a numeric KR with a stated
    baseline starts from it on the first day), else the points of its KPI within the
    period, both up to as_of.
    """
    as_of = portal.as_of
    period = obj.period
    series: list[tuple[date, float]] = []
    for checkin in sorted(obj.checkins, key=lambda c: c.date):
        value = checkin.values.get(kr.id)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if checkin.date <= as_of:
            series.append((checkin.date, float(value)))
    if not series and kr.kpi and kr.kpi in portal.kpis and period is not None:
        end = min(as_of, period.end)
        series = [
            (point.date, point.value)
            for point in sorted(portal.kpis[kr.kpi].points, key=lambda p: p.date)
            if point.value is not None and period.start <= point.date <= end
        ]
        if not series:
            before = latest_point(portal.kpis[kr.kpi].points, end)
            if before is not None and before.value is not None:
                series = [(before.date, before.value)]
    numeric = kr.kind == "numeric" and period is not None and kr.baseline_stated
    if numeric and period is not None and (not series or series[0][0] > period.start):
        series.insert(0, (period.start, float(kr.baseline)))
    return [(day, value) for day, value in series if math.isfinite(value)]


def trend_svg(
    series: Sequence[tuple[date, float]],
    *,
    target: float | None,
    name: str,
    unit: str | None = None,
    scale: tuple[float, float] | None = None,
) -> str:
    """A tiny line of ``series`` with a dashed ``target`` level, as one line of inline SVG.

    Args:
        series: (day, value) oldest first; fewer than two points draw a dot or nothing.
        target: the level to reach or hold (a dashed line), if any.
        name: what the trend is of, plain text (escaped here) for the accessible name.
        unit: the values' unit, for the accessible name.
        scale: a fixed (low, high) for the vertical axis (confidence: 0 to 1), so that a
            small wobble does not look like a fall; default: the values and the target.

    Returns:
        Safe HTML (``""`` for an empty series).
    """
    if not series:
        return ""
    values = [v for _, v in series]
    limits = values + ([target] if target is not None and math.isfinite(target) else [])
    low, high = scale if scale is not None else (min(limits), max(limits))
    if high - low < 1e-12:
        low, high = low - 1, high + 1
    first, last = series[0][0].toordinal(), series[-1][0].toordinal()
    span = max(1, last - first)

    def x(day: date) -> float:
        return PAD + (WIDTH - 2 * PAD) * (day.toordinal() - first) / span

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - low) / (high - low)

    parts = []
    if target is not None and math.isfinite(target):
        ty = y(target)
        parts.append(
            f'<line class="okr-trend__target" x1="{PAD:.1f}" y1="{ty:.1f}" '
            f'x2="{WIDTH - PAD:.1f}" y2="{ty:.1f}"/>'
        )
    points = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in series)
    if len(series) > 1:
        parts.append(f'<polyline class="okr-trend__line" points="{points}"/>')
    end_x, end_y = x(series[-1][0]), y(series[-1][1])
    parts.append(f'<circle class="okr-trend__dot" cx="{end_x:.1f}" cy="{end_y:.1f}" r="2.2"/>')
    suffix = f" {unit}" if unit else ""
    words = (
        f"Trend of {name}: from {fmt_number(values[0])}{suffix} on {series[0][0].isoformat()} "
        f"to {fmt_number(values[-1])}{suffix} on {series[-1][0].isoformat()}"
    )
    if target is not None:
        words += f", target {fmt_number(target)}{suffix}"
    return (
        f'<svg class="okr-trend" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" width="{WIDTH:.0f}" '
        f'height="{HEIGHT:.0f}" role="img" aria-label="{attribute(words)}">'
        + "".join(parts)
        + "</svg>"
    )
