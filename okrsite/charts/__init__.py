"""Charts: plain data in, deterministic SVG bytes out, cached by content hash.

- :mod:`.kinds`: the three chart kinds (frozen dataclasses) and the palette;
- :mod:`.data`: what a chart says (:func:`alt_text`), its cache key, its series;
- :mod:`.draw`: :func:`render_svg` with matplotlib's object API;
- :mod:`.scheme`: the dark scheme's colours, a ``<style>`` in each SVG;
- :mod:`.cache`: :class:`~okrsite.charts.cache.ChartCache`, SVGs by content hash,
  drawn in worker processes through :mod:`okrsite.engine` when many.
"""

from __future__ import annotations

from typing import Any

from .data import alt_text, amber_bands, chart_key
from .kinds import (
    AMBER,
    BACKGROUNDS,
    BAND_AMBER,
    BAND_RED,
    DARK,
    GREEN,
    PALETTE,
    RED,
    RENDERER_VERSION,
    SERIES,
    TEXT,
    Chart,
    KpiChart,
    ProgressChart,
    Sparkline,
)

__all__ = [
    "AMBER",
    "BACKGROUNDS",
    "BAND_AMBER",
    "BAND_RED",
    "DARK",
    "GREEN",
    "PALETTE",
    "RED",
    "RENDERER_VERSION",
    "SERIES",
    "TEXT",
    "Chart",
    "KpiChart",
    "ProgressChart",
    "Sparkline",
    "alt_text",
    "amber_bands",
    "chart_key",
    "render_svg",
]


def __getattr__(name: str) -> Any:
    # render_svg brings matplotlib (most of a second): imported on first use only.
    if name == "render_svg":
        from .draw import render_svg

        return render_svg
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
