"""Drawing: a chart -> deterministic SVG bytes (matplotlib's object API, never pyplot)."""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterable, Sequence

import matplotlib
import matplotlib.style
from matplotlib import dates as mdates
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .data import (
    _LOCAL,
    _MAX_MARKERS,
    _clamp,
    _clean,
    _clip,
    _day,
    _finite,
    _iso,
    _latest,
    _nan,
    _padded,
    _plottable,
    _score_text,
    _series,
    _status_label,
    _to_plot,
    _visible_steps,
    _with_title,
    _with_unit,
    alt_text,
    warning_in_force,
)
from .kinds import (
    _STATUS_COLOURS,
    BAND_AMBER,
    BAND_RED,
    SERIES,
    TEXT,
    Chart,
    KpiChart,
    ProgressChart,
    Sparkline,
)
from .scheme import with_dark_scheme

# Defaults first (style.context(after_reset=True)), then these: the output must
# not depend on the user's matplotlibrc.
_STYLE: dict[str, object] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "okrsite",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9.0,
    "text.parse_math": False,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": TEXT,
    "axes.linewidth": 0.8,
    "axes.facecolor": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": False,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "figure.facecolor": "none",
    "figure.edgecolor": "none",
    "savefig.facecolor": "none",
    "savefig.edgecolor": "none",
}
# None drops an entry: no date (reproducible) and no boilerplate (small).
_SVG_METADATA: dict[str, str | None] = {
    "Date": None,
    "Creator": None,
    "Format": None,
    "Type": None,
}

_SIZES = {"full": (7.0, 3.0), "spark": (1.6, 0.4)}  # inches


def render_svg(chart: Chart) -> bytes:
    """Draw a chart as a self-contained SVG document.

    The same chart always gives the same bytes (for one matplotlib version);
    the SVG's ``<title>`` is :func:`alt_text`. Never raises on odd data: gaps,
    no points, one point, flat or huge values all give a valid drawing.

    Args:
        chart: The chart to draw.

    Returns:
        The UTF-8 SVG document.
    """
    with matplotlib.style.context(_STYLE, after_reset=True), warnings.catch_warnings():
        # Text is measured with DejaVu Sans but drawn by the browser's fonts, so
        # a glyph DejaVu lacks (CJK, emoji) is no problem for the picture.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        if isinstance(chart, KpiChart):
            fig, ax = _canvas("full")
            _draw_kpi(fig, ax, chart)
        elif isinstance(chart, ProgressChart):
            fig, ax = _canvas("full")
            _draw_progress(fig, ax, chart)
        else:
            fig, ax = _canvas("spark")
            _draw_sparkline(ax, chart)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata=_SVG_METADATA)
    return _with_title(with_dark_scheme(buffer.getvalue()), alt_text(chart))


# --- drawing ---------------------------------------------------------------


def _draw_kpi(fig: Figure, ax: Axes, chart: KpiChart) -> None:
    unit = _clean(chart.unit)
    raw = _series(chart.points)
    latest = _latest(raw)  # the real value for the label; the drawing may be clamped
    label = _clip(_with_unit(latest[1], unit), 20) if latest else ""
    _frame(fig, ax, chart.title, chart.status, unit, label)
    series = _plottable(raw)
    if latest is None:
        _draw_empty(ax)
        return
    # Targets span the whole width, so one point still shows its target.
    x0, x1 = _padded(series[0][0], series[-1][0], 0.02, minimum=15.0)
    steps = _visible_steps(_plottable(_series(chart.targets)), x0, x1)
    warning = _to_plot(_finite(chart.warning))
    lower_is_better = chart.direction == "lower"
    # The warning band rule (SPEC 5): a warning on the wrong side of the target in
    # force (above it for higher, below it for lower) gives that stretch no amber band.
    bands = [
        (start, end, target, warning_in_force(warning, target, lower_is_better=lower_is_better))
        for start, end, target in steps
        if target is not None
    ]
    values = [value for _, value in series if value is not None]
    targets = [target for _, _, target, _ in bands]
    edges = [edge for _, _, _, edge in bands if edge is not None]
    limits = values + targets + edges[:1]
    y0, y1 = _padded(min(limits), max(limits), 0.1)
    ax.set_ylim(y0, y1)
    ax.set_xlim(x0, x1)

    for start, end, level, edge in bands:
        # The red zone runs from the worse edge of the amber band (or the target) outwards.
        red_from = level if edge is None else edge
        red_to = y1 if lower_is_better else y0
        # add_artist, not add_patch: the limits are set, so no data-limit updates.
        ax.add_artist(_band(start, end, red_from, red_to, BAND_RED, 0.07))
        if edge is not None:
            ax.add_artist(_band(start, end, level, edge, BAND_AMBER, 0.2))
    if steps:
        step_x = [start for start, _, _ in steps] + [steps[-1][1]]
        step_y = [_nan(value) for _, _, value in steps]
        step_y.append(step_y[-1])
        ax.step(step_x, step_y, where="post", color=TEXT, linewidth=1.1, linestyle=(0, (4, 3)))
        start, _, target = steps[-1]
        if target is not None:
            ax.annotate(
                "target",
                xy=(start, target),
                xytext=(3, 2),
                textcoords="offset points",
                va="bottom",
                fontsize=7.5,
            )

    _draw_series(ax, series)
    day, value = _latest(series) or latest
    _draw_latest(ax, day, value, label, _STATUS_COLOURS.get(chart.status, TEXT))
    _date_axis(ax)


def _draw_progress(fig: Figure, ax: Axes, chart: ProgressChart) -> None:
    _frame(fig, ax, chart.title, chart.status, "score", "")
    raw = _series(chart.points)
    latest = _latest(raw)
    series = _plottable(raw)
    start, end, as_of = _day(chart.start), _day(chart.end), _day(chart.as_of)
    days = [day for day, _ in series]
    first = start if start is not None else min(days, default=as_of)
    last = end if end is not None else max(days, default=as_of)
    if first is None or last is None:
        _draw_empty(ax)
        return
    first, last = min(first, last), max(first, last)
    pace = _clamp(_finite(chart.pace) or 0.0, 0.0, 10.0)
    scores = [value for _, value in series if value is not None]
    # Scores live in [0, 1]; anything far outside is a data error, drawn clipped.
    top = _clamp(max([1.0, pace, *scores]), 1.0, 10.0) * 1.04
    bottom = _clamp(min([0.0, *scores]), -10.0, 0.0)
    ax.set_ylim(bottom, top)
    ax.set_xlim(*_padded(first, last, 0.0, minimum=1.0))
    if top <= 1.25:
        ax.yaxis.set_major_locator(ticker.MultipleLocator(0.2))

    ax.plot([first, last], [0.0, pace], color=TEXT, linewidth=1.1, linestyle=(0, (4, 3)))
    ax.annotate(
        "expected",
        xy=(last, pace),
        xytext=(-2, 4),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=7.5,
    )
    if as_of is not None and first <= as_of <= last:
        ax.axvline(as_of, color=TEXT, linewidth=0.8, linestyle=":")
        right_half = as_of > (first + last) / 2
        ax.text(
            as_of,
            top,
            f" as of {_iso(as_of)} ",
            ha="right" if right_half else "left",
            va="top",
            fontsize=7.5,
        )
    confidence = _plottable(_series(chart.confidence))
    if confidence:
        # The owner's confidence on the same 0-1 scale: dotted, so it never reads as the score.
        ax.plot(
            [day for day, _ in confidence],
            [_nan(value) for _, value in confidence],
            color=TEXT,
            linewidth=1.1,
            linestyle=(0, (1, 2)),
            marker="s",
            markersize=2.6,
        )
        ax.annotate(
            "confidence",
            xy=confidence[-1],
            xytext=(-3, -9),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=7.5,
        )
    if latest is not None:
        _draw_series(ax, series)
        day, value = _latest(series) or latest
        near_end = day > last - (last - first) * 0.1
        colour = _STATUS_COLOURS.get(chart.status, TEXT)
        _draw_latest(ax, day, value, _score_text(latest[1]), colour, above=near_end)
    _date_axis(ax)


def _draw_sparkline(ax: Axes, chart: Sparkline) -> None:
    ax.set_position((0.03, 0.14, 0.94, 0.72))
    ax.set_axis_off()
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    series = _plottable(_series(chart.points))
    latest = _latest(series)
    if latest is None:
        return
    target = _to_plot(_finite(chart.target))
    values = [value for _, value in series if value is not None]
    limits = values + ([target] if target is not None else [])
    ax.set_ylim(*_padded(min(limits), max(limits), 0.08))
    ax.set_xlim(*_padded(series[0][0], series[-1][0], 0.0, minimum=1.0))
    if target is not None:
        ax.axhline(target, color=TEXT, linewidth=0.8, linestyle=(0, (3, 2)))
    ax.plot([day for day, _ in series], [_nan(v) for _, v in series], color=SERIES, linewidth=1.2)
    _draw_isolated(ax, series, size=2.0)
    day, value = latest
    colour = _STATUS_COLOURS.get(chart.status, TEXT)
    ax.plot([day], [value], marker="o", markersize=4, color=colour, clip_on=False)


def _canvas(kind: str) -> tuple[Figure, Axes]:
    """A figure with one empty axes, made once per thread and kind, then reused.

    Making the figure, its axes and their ticks is about a quarter of a render;
    a reused canvas keeps its tick objects. Everything a draw function sets it
    sets on every render (limits, locators, texts), so the output does not
    depend on what was drawn before; a test checks this. Per thread because
    one figure must never be drawn by two threads at once.
    """
    canvases: dict[str, tuple[Figure, Axes]] = _LOCAL.__dict__.setdefault("canvases", {})
    if kind not in canvases:
        fig = Figure(figsize=_SIZES[kind])
        ax = fig.add_subplot()
        ax.grid(axis="y", color=TEXT, alpha=0.25, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(length=3, width=0.8)
        # Fixed (unused) axis-label places: otherwise every draw measures all
        # tick labels again to place the empty labels, ~15 % of a render.
        ax.xaxis.set_label_coords(0.5, 0.0)
        ax.yaxis.set_label_coords(0.0, 0.5)
        canvases[kind] = (fig, ax)
        return fig, ax
    fig, ax = canvases[kind]
    for artist in (*fig.texts, *ax.lines, *ax.patches, *ax.texts, *ax.collections, *ax.artists):
        artist.remove()
    return fig, ax


def _frame(fig: Figure, ax: Axes, title: str, status: str, ylabel: str, latest_label: str) -> None:
    """Lay out a full-size chart, with title, status and y label in fixed places.

    Fixed margins instead of ``tight_layout`` and figure texts instead of
    ``set_title``/``set_ylabel``: both would measure every tick label on each
    draw to place themselves, about a third of the render time.
    """
    width = fig.get_figwidth() * 72
    # Room on the right for the latest-value label, which sits beside its dot.
    label_room = (len(latest_label) * 6.0 + 14.0) if latest_label else 10.0
    right = 1 - _clamp(label_room, 10.0, 140.0) / width
    left = 0.1
    bottom, top = 0.13, 0.86
    ax.set_position((left, bottom, right - left, top - bottom))
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    ax.xaxis.set_major_locator(ticker.NullLocator())
    ax.xaxis.set_major_formatter(ticker.NullFormatter())
    ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=5))
    ax.yaxis.set_major_formatter(_NumberFormatter())
    fig.text(left, 0.93, _clip(_clean(title)), fontsize=10, parse_math=False)
    fig.text(
        0.985,
        0.93,
        _status_label(status),
        ha="right",
        fontsize=10,
        color=_STATUS_COLOURS.get(status, TEXT),
        parse_math=False,
    )
    if ylabel:
        fig.text(
            0.012,
            0.5,
            _clip(ylabel, 24),
            rotation=90,
            ha="center",
            va="top",
            rotation_mode="anchor",
            parse_math=False,
        )


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    # The offset (under the last tick) names the year only, never "2026-Dec".
    years = ["", "%Y", "%Y", "%Y", "%Y", "%Y"]
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, offset_formats=years))


def _draw_empty(ax: Axes) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center", va="center")


def _draw_series(ax: Axes, series: Sequence[tuple[float, float | None]]) -> None:
    days = [day for day, _ in series]
    ys = [_nan(value) for _, value in series]
    if len(series) <= _MAX_MARKERS:
        ax.plot(days, ys, color=SERIES, linewidth=1.6, marker="o", markersize=3.2)
    else:
        ax.plot(days, ys, color=SERIES, linewidth=1.4)
        _draw_isolated(ax, series, size=3.0)


def _draw_isolated(ax: Axes, series: Sequence[tuple[float, float | None]], *, size: float) -> None:
    """Mark values with gaps on both sides: a line alone would not show them."""
    lone = [
        (day, value)
        for i, (day, value) in enumerate(series)
        if value is not None
        and (i == 0 or series[i - 1][1] is None)
        and (i == len(series) - 1 or series[i + 1][1] is None)
    ]
    if lone:
        ax.plot(
            [day for day, _ in lone],
            [value for _, value in lone],
            linestyle="none",
            marker="o",
            markersize=size,
            color=SERIES,
        )


def _draw_latest(
    ax: Axes, day: float, value: float, label: str, colour: str, *, above: bool = False
) -> None:
    ax.plot([day], [value], marker="o", markersize=7, color=colour, clip_on=False, zorder=5)
    # Beside the dot (in the margin _frame keeps free for a KPI), or above it
    # when the dot is near the right edge of a chart that keeps no margin.
    ax.annotate(
        label,
        xy=(day, value),
        xytext=(0, 8) if above else (7, 0),
        textcoords="offset points",
        ha="center" if above else "left",
        va="bottom" if above else "center",
        annotation_clip=False,
        fontsize=9,
        fontweight="bold",
        color=colour,
        parse_math=False,
        gid="latest-value",
    )


def _band(x0: float, x1: float, ya: float, yb: float, colour: str, alpha: float) -> Rectangle:
    return Rectangle(
        (x0, min(ya, yb)),
        x1 - x0,
        abs(yb - ya),
        facecolor=colour,
        alpha=alpha,
        linewidth=0,
    )


class _NumberFormatter(ticker.Formatter):
    """Compact tick labels (``41.2k``, ``1.5M``) with as many decimals as the spacing needs."""

    def __init__(self) -> None:
        self._scale = 1.0
        self._suffix = ""
        self._decimals = 0

    def set_locs(self, locs: Iterable[float]) -> None:
        finite = [loc for loc in locs if math.isfinite(loc)]
        super().set_locs(finite)
        biggest = max((abs(loc) for loc in finite), default=0.0)
        self._scale, self._suffix = 1.0, ""
        for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
            if biggest >= scale:
                self._scale, self._suffix = scale, suffix
                break
        scaled = [loc / self._scale for loc in finite]
        # The fewest decimals that show every tick exactly (0.25 needs two).
        self._decimals = next(
            (
                decimals
                for decimals in range(6)
                if all(abs(x - round(x, decimals)) <= 1e-9 * max(1.0, abs(x)) for x in scaled)
            ),
            6,
        )

    def __call__(self, x: float, pos: int | None = None) -> str:
        if not math.isfinite(x):
            return ""
        if abs(x) >= 1e15:
            return f"{x:.3g}"
        if x == 0:
            return "0"
        return f"{x / self._scale:.{self._decimals}f}{self._suffix}"
