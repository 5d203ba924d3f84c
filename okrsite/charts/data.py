"""What a chart says in words and numbers: its alt text, its cache key, its series."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import math
import re
import threading
from collections.abc import Iterable, Sequence
from datetime import date

from ..escaping import isolate
from ..numbers import format_number
from . import kinds
from .kinds import (
    _STATUS_LABELS,
    Chart,
    KpiChart,
    ProgressChart,
)
from .scheme import after_root

_MAX_MARKERS = 90  # above this many points the markers would bloat the SVG
_MAX_TITLE = 60
_PLOT_LIMIT = 1e100
# Dates matplotlib can place and label, with room for padding.
_FIRST_DAY, _LAST_DAY = date(1000, 1, 1), date(8999, 12, 31)
_LOCAL = threading.local()
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def warning_in_force(
    warning: float | None, target: float, *, lower_is_better: bool
) -> float | None:
    """The warning level when it lies on the worse side of ``target``, else None."""
    if warning is None:
        return None
    if lower_is_better:
        return warning if warning >= target else None
    return warning if warning <= target else None


def amber_bands(chart: KpiChart) -> tuple[tuple[str, float, float | None], ...]:
    """``(from day, target, warning edge or None)`` for each stretch of the chart's targets.

    The edge is None where the chart draws no amber band: no warning, or a warning on
    the wrong side of that stretch's target (SPEC 5, the warning band rule).
    """
    warning = _finite(chart.warning)
    lower = chart.direction == "lower"
    return tuple(
        (day, target, warning_in_force(warning, target, lower_is_better=lower))
        for day, target in chart.targets
        if target is not None
    )


def alt_text(chart: Chart) -> str:
    """A sentence stating what the chart shows: latest value, status, target.

    Args:
        chart: The chart to describe.

    Returns:
        Plain text (not escaped), e.g. ``"Revenue: latest 41,200 USD on
        2026-11-01, status red (target 45,000 USD)"``.
    """
    if isinstance(chart, ProgressChart):
        return _progress_alt(chart)
    if isinstance(chart, KpiChart):
        prefix = f"{_clean(chart.title)}: "
        unit = _clean(chart.unit)
        latest = _latest(_series(chart.points))
        target = _target_at(_series(chart.targets), latest[0]) if latest else None
    else:
        prefix, unit = "", ""
        latest = _latest(_series(chart.points))
        target = _finite(chart.target)
    if latest is None:
        return f"{prefix}no data"
    day, value = latest
    text = f"{prefix}latest {_with_unit(value, unit)} on {_iso(day)}"
    if chart.status == "none":
        return f"{text}, no target"
    text += f", status {_clean(chart.status)}"
    if target is not None:
        text += f" (target {_with_unit(target, unit)})"
    return text


@functools.cache
def matplotlib_version() -> str:
    """The installed matplotlib's version, read from its metadata.

    Not ``matplotlib.__version__``: importing matplotlib takes most of a second,
    and a warm build, which draws nothing, need not pay it to compute cache keys.
    """
    return importlib.metadata.version("matplotlib")


def chart_key(chart: Chart) -> str:
    """The content hash that names a chart's SVG in the cache.

    Covers the chart's data, its kind, :data:`RENDERER_VERSION` and the
    matplotlib version: anything that changes the drawn bytes.

    Args:
        chart: The chart.

    Returns:
        64 lowercase hex digits (SHA-256).
    """
    # The dataclass's repr names its kind and every field, strings and floats in their
    # exact round-trip form: as canonical as JSON of asdict(), and a tenth of the time
    # (a build keys every chart, a thousand or more).
    canonical = repr((kinds.RENDERER_VERSION, matplotlib_version(), chart))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


# --- data helpers ----------------------------------------------------------


def _series(points: Iterable[tuple[str, float | None]]) -> list[tuple[float, float | None]]:
    """(date number, value or None) sorted by date; unreadable dates dropped."""
    series = []
    for text, value in points:
        day = _day(text)
        if day is not None:
            series.append((day, _finite(value)))
    series.sort(key=lambda point: point[0])
    return series


def _plottable(series: Iterable[tuple[float, float | None]]) -> list[tuple[float, float | None]]:
    return [(day, _to_plot(value)) for day, value in series]


def _visible_steps(
    steps: Sequence[tuple[float, float | None]], x0: float, x1: float
) -> list[tuple[float, float, float | None]]:
    """The target steps inside [x0, x1] as (from, to, target); one before x0 starts at x0."""
    starts: list[tuple[float, float | None]] = []
    for day, value in steps:
        if day <= x0:
            starts = [(x0, value)]
        elif day < x1:
            starts.append((day, value))
    ends = [day for day, _ in starts[1:]] + [x1]
    return [(day, end, value) for (day, value), end in zip(starts, ends, strict=False)]


def _target_at(steps: Sequence[tuple[float, float | None]], day: float) -> float | None:
    target = None
    for start, value in steps:
        if start <= day:
            target = value
    return target


def _latest(series: Sequence[tuple[float, float | None]]) -> tuple[float, float] | None:
    for day, value in reversed(series):
        if value is not None:
            return day, value
    return None


def _day(text: object) -> float | None:
    """A ``YYYY-MM-DD`` string as a matplotlib date number (days since 1970-01-01)."""
    if not isinstance(text, str):
        return None
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    return float(day.toordinal() - _EPOCH) if _FIRST_DAY <= day <= _LAST_DAY else None


_EPOCH = date(1970, 1, 1).toordinal()


def _iso(day: float) -> str:
    return date.fromordinal(int(day) + _EPOCH).isoformat()


def _finite(value: object) -> float | None:
    """A finite float, or None for a gap (None, NaN, infinities, non-numbers)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _to_plot(value: float | None) -> float | None:
    """A value matplotlib can place: its transforms overflow long before 1e308."""
    return None if value is None else _clamp(value, -_PLOT_LIMIT, _PLOT_LIMIT)


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _padded(
    low: float, high: float, fraction: float, minimum: float | None = None
) -> tuple[float, float]:
    """Limits around [low, high] with a margin; never equal (matplotlib warns)."""
    span = high - low
    if minimum is not None:
        pad = max(span * fraction, minimum if span == 0 else 0.0)
    elif span > 0:
        pad = span * fraction
    else:
        pad = abs(low) * 0.1 or 1.0
    return low - pad, high + pad


def _with_unit(value: float, unit: str) -> str:
    number = format_number(value)
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def _score_text(score: float) -> str:
    return f"{score:.2f}" if abs(score) < 1e6 else f"{score:.3g}"


def _status_label(status: str) -> str:
    if status in _STATUS_LABELS:
        return _STATUS_LABELS[status]
    return f"status: {_clean(status)}"


def _clean(text: object) -> str:
    """User text made safe for XML and one line: controls and lone surrogates removed.

    Text that carries right-to-left letters or bidi controls is isolated (FSI ... PDI),
    so that it cannot reorder the words around it in the chart or its alt text.
    """
    if text is None:
        return ""
    return isolate(" ".join(_UNSAFE_CHARS.sub(" ", str(text)).split()))


def _clip(text: str, limit: int = _MAX_TITLE) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _progress_alt(chart: ProgressChart) -> str:
    start, end, as_of = _day(chart.start), _day(chart.end), _day(chart.as_of)
    status = _clean(chart.status)
    if chart.status == "planned" and start is not None:
        return f"Objective period starts {_iso(start)}, status planned"
    expected = None
    if start is not None and end is not None and as_of is not None:
        fraction = (
            _clamp((as_of - start + 1) / (end - start + 1), 0.0, 1.0) if end >= start else 1.0
        )
        expected = (_finite(chart.pace) or 0.0) * fraction
    latest = _latest(_series(chart.points))
    when = f" at {_iso(as_of)}" if as_of is not None else ""
    if latest is None:
        text = f"No check-ins yet{when}"
    else:
        text = f"Objective score {_score_text(latest[1])}{when}"
    if expected is not None:
        text += f" against an expected {_score_text(expected)}"
    return f"{text}, status {status}"


def _with_title(svg: bytes, title: str) -> bytes:
    """Put the alt text in the SVG's ``<title>``: its accessible name when opened alone."""
    return after_root(svg, f"\n <title>{_xml_text(title)}</title>".encode())


def _xml_text(text: str) -> str:
    return _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
