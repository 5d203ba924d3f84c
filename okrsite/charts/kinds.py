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
background is transparent. No single colour reads as text on both: a colour
with 4.5:1 (WCAG AA for text) on white has less on slate, the best compromise
reaches 4.0:1 on each. So text, axes, reference lines and status colours
come in pairs (:data:`PALETTE`): matplotlib draws the light one, and
:mod:`.scheme` adds a ``<style>`` whose ``prefers-color-scheme: dark`` rules
swap in the dark one. Inside an ``<img>`` that media query follows the
``color-scheme`` of the ``<img>`` element (Media Queries 5), which
mkdocs-material sets with the scheme (``light`` on default, ``dark`` on
slate), so the chart follows the reader's toggle, not only the OS. One drawing,
one file, one ``<img>`` per chart. The data series is one mid-tone blue that
keeps 3:1 (graphics) on both. Status is never told by colour alone: a label on
the chart and :func:`alt_text` name it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Bump when a change to this module changes the drawn output, so cached SVGs
#: made by the old code are not reused.
RENDERER_VERSION = "3"

#: Backgrounds of mkdocs-material's light ("default") and dark ("slate") schemes:
#: white, and slate's ``--md-default-bg-color`` ``hsla(225deg, 15%, 14%, 1)``.
BACKGROUNDS = ("#ffffff", "#1e2129")

# The light-scheme colours, which matplotlib draws; DARK holds their slate twins.
TEXT = "#5c6370"
GREEN = "#177334"
AMBER = "#7a5600"
RED = "#b42318"
#: The data series: one colour that keeps 3:1 on both backgrounds (it is no text).
SERIES = "#3b82f6"
#: The amber and red zones of a KPI chart: faint tints behind the lines, the same
#: in both schemes (the target line and the status label carry the meaning).
BAND_AMBER = "#d4a72c"
BAND_RED = "#e5534b"

#: The colour each light-scheme colour becomes in the dark scheme. Status colours
#: are those of the status badges (``okrsite.css``), so a chart and its page agree.
DARK = {
    TEXT: "#9aa3b0",
    GREEN: "#7ee2a0",
    AMBER: "#f2cc60",
    RED: "#ffa198",
}

#: Every colour drawn as text or a line: (light scheme, dark scheme). Text and
#: status colours keep 4.5:1 against their scheme's background, the series 3:1.
PALETTE = {
    "text": (TEXT, DARK[TEXT]),
    "green": (GREEN, DARK[GREEN]),
    "amber": (AMBER, DARK[AMBER]),
    "red": (RED, DARK[RED]),
    "series": (SERIES, SERIES),
}

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
