"""Charts: plain data in, deterministic SVG bytes out.

Three chart kinds exist, one frozen dataclass each: :class:`KpiChart` (a KPI
page), :class:`ProgressChart` (an objective page) and :class:`Sparkline` (the
dashboard's KPI board). They hold only strings, floats and tuples, so they hash,
serialise to JSON for :func:`chart_key` and pickle to worker processes.

:func:`render_svg` draws with matplotlib's object API (``Figure`` on the Agg
canvas, never pyplot) under a fixed style, so the same chart gives the same
bytes on every machine with the same matplotlib: rcParams are reset to the
defaults for the render (a user's ``matplotlibrc`` cannot leak in), the SVG
hash salt is fixed and the date metadata left out. Text stays text
(``svg.fonttype: none``), which keeps files small and lets the browser draw it.

The SVGs are shown through ``<img>`` on white and on dark (slate) pages, so the
background is transparent and every colour is a mid-tone that keeps a WCAG
contrast of at least 3:1 against both (see :data:`PALETTE`). Status is never
told by colour alone: a label on the chart and :func:`alt_text` name it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Bump when a change to this module changes the drawn output, so cached SVGs
#: made by the old code are not reused.
RENDERER_VERSION = "2"

#: Backgrounds of mkdocs-material's light ("default") and dark ("slate") schemes.
BACKGROUNDS = ("#ffffff", "#1e2129")

TEXT = "#868e9c"
SERIES = "#3b82f6"
GREEN = "#22a06b"
AMBER = "#c27d0e"
RED = "#e5484d"

#: Every colour drawn as text or a line; each is >= 3:1 against both backgrounds.
PALETTE = {"text": TEXT, "series": SERIES, "green": GREEN, "amber": AMBER, "red": RED}

_STATUS_COLOURS = {"green": GREEN, "amber": AMBER, "yellow": AMBER, "red": RED}

_STATUS_LABELS = {"none": "no target", "no-data": "no data", "planned": "planned"}


@dataclass(frozen=True, slots=True, kw_only=True)
class KpiChart:
    """The chart of a KPI page: its series against the target and the amber band.

    Attributes:
        title: The KPI's name (user text).
        unit: The unit shown on the y axis and after values; ``""`` when none.
        points: ``(YYYY-MM-DD, value)`` sorted by date; ``None`` is a gap.
        targets: ``(YYYY-MM-DD, target)``: the target in force from that date on.
        warning: The edge of the amber band between target and red, if any.
        direction: ``"higher"`` or ``"lower"``: which way is better.
        status: ``"green"``, ``"amber"``, ``"red"``, ``"none"`` or ``"no-data"``.
    """

    title: str
    unit: str
    points: tuple[tuple[str, float | None], ...]
    targets: tuple[tuple[str, float | None], ...]
    warning: float | None
    direction: str
    status: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressChart:
    """The chart of an objective page: its score at each check-in against the pace.

    Attributes:
        title: The objective's statement (user text).
        start: The period's first day, ``YYYY-MM-DD``.
        end: The period's last day, ``YYYY-MM-DD``.
        as_of: The day "now" is, ``YYYY-MM-DD``.
        points: ``(YYYY-MM-DD, objective score 0..1)`` at each check-in.
        pace: The score expected at the period's end: 0.7 aspirational, 1.0 committed.
        status: ``"green"``, ``"yellow"``, ``"red"`` or ``"planned"``.
        confidence: ``(YYYY-MM-DD, owner's confidence 0..1)`` at each check-in that gives one.
    """

    title: str
    start: str
    end: str
    as_of: str
    points: tuple[tuple[str, float], ...]
    pace: float
    status: str
    confidence: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Sparkline:
    """A tiny KPI chart without axes or text, for the dashboard's KPI board.

    Attributes:
        points: ``(YYYY-MM-DD, value)`` sorted by date; ``None`` is a gap.
        target: The target in force at the latest point, if any.
        status: The KPI status, as in :class:`KpiChart`.
    """

    points: tuple[tuple[str, float | None], ...]
    target: float | None
    status: str


Chart = KpiChart | ProgressChart | Sparkline
