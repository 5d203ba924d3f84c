"""Chart text and lines keep WCAG AA contrast in both schemes, measured on a real build.

The example site is built with the real ``mkdocs build``; every SVG it wrote is
read as a browser would (:mod:`svg_colours`): each text's colour in the light
scheme against white and in the dark scheme against slate, 4.5:1 at least;
each opaque line and marker 3:1. ``test_browser.py`` checks the same colours
with Chromium's computed styles and on screen.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from svg_colours import BACKGROUNDS, contrast, dark_rules, paints, shortfalls

from okrsite.charts import BACKGROUNDS as CHART_BACKGROUNDS
from okrsite.charts import DARK, PALETTE, RED, TEXT, KpiChart, render_svg

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built_charts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every chart SVG of a real build of the repository's goals/, by site path."""
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(site)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    charts = {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted((site / "assets" / "okrsite" / "charts").rglob("*.svg"))
    }
    assert any("/kpi-" in name for name in charts), sorted(charts)
    assert any("/progress-" in name for name in charts), sorted(charts)
    assert any("/spark-" in name for name in charts), sorted(charts)
    return charts


@pytest.mark.slow
def test_every_chart_text_and_line_meets_aa_in_both_schemes(built_charts: dict[str, bytes]) -> None:
    problems = [problem for name, svg in built_charts.items() for problem in shortfalls(svg, name)]
    assert not problems, "\n".join(problems[:40])


@pytest.mark.slow
def test_every_chart_has_text_that_changes_colour_with_the_scheme(
    built_charts: dict[str, bytes],
) -> None:
    """Guards the check above: it saw text, and the dark scheme recolours it."""
    for name, svg in built_charts.items():
        found = paints(svg)
        if "/spark-" in name:  # a sparkline has no text, only lines
            assert any(p.tag != "text" and p.light != p.dark for p in found), name
            continue
        text = [p for p in found if p.tag == "text" and p.prop == "fill"]
        assert len(text) >= 5, f"{name}: only {len(text)} texts"
        assert all(p.light != p.dark for p in text), name


@pytest.mark.slow
def test_the_measured_contrast_of_chart_text(built_charts: dict[str, bytes]) -> None:
    """The lowest text contrast of the whole build, per scheme: AA with room to spare."""
    lowest = {
        scheme: min(
            contrast(p.light if scheme == "light" else p.dark, background)
            for svg in built_charts.values()
            for p in paints(svg)
            if p.tag == "text" and p.prop == "fill"
        )
        for scheme, background in BACKGROUNDS.items()
    }
    assert lowest["light"] >= 5.5, lowest
    assert lowest["dark"] >= 6.0, lowest


# --- the palette -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PALETTE))
def test_palette_keeps_aa_contrast_in_each_scheme(name: str) -> None:
    """Text and status colours 4.5:1 (they are text), the series 3:1, each on its background."""
    needed = 3.0 if name == "series" else 4.5
    for colour, background in zip(PALETTE[name], CHART_BACKGROUNDS, strict=True):
        assert contrast(colour, background) >= needed, (name, colour, background)


def test_no_single_grey_reads_as_text_on_both_backgrounds() -> None:
    """Why the charts carry a second set of colours: the best grey reaches about 4:1 on each."""
    greys = [f"#{v:02x}{v:02x}{v:02x}" for v in range(256)]
    best = max(min(contrast(grey, b) for b in CHART_BACKGROUNDS) for grey in greys)
    assert 3.9 < best < 4.5


def test_the_dark_scheme_recolours_every_twin_and_nothing_else() -> None:
    chart = KpiChart(
        title="Monthly recurring revenue",
        unit="USD",
        points=(("2026-09-01", 43_000.0), ("2026-11-01", 41_200.0)),
        targets=(("2026-01-01", 42_000.0),),
        warning=40_000.0,
        direction="higher",
        status="red",
    )
    svg = render_svg(chart).decode()
    style = svg[svg.index("@media (prefers-color-scheme: dark)") :].split("</style>", 1)[0]
    for light, dark in DARK.items():
        for prop in ("fill", "stroke"):
            assert f'[style*="{prop}: {light}"]{{{prop}:{dark}!important}}' in style
    assert style.count("!important") == 2 * len(DARK)
    # Drawn in the light colours: the dark ones appear only in the rules.
    body = svg.split("</style>", 1)[1]
    assert all(dark not in body for dark in DARK.values())
    assert all(f"fill: {light}" in body for light in (TEXT, RED))


def test_backgrounds_are_those_of_the_installed_material_theme() -> None:
    """White, and slate's --md-default-bg-color computed from the theme's own CSS."""
    import colorsys
    import importlib.util

    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.origin is not None
    sheets = Path(spec.origin).parent / "templates" / "assets" / "stylesheets"
    css = "".join(path.read_text(encoding="utf-8") for path in sorted(sheets.glob("*.css")))
    hue = re.search(r"--md-hue:(\d+)deg", css)
    slate = re.search(r"--md-default-bg-color:hsla\(var\(--md-hue\), *(\d+)%, *(\d+)%, *1\)", css)
    assert hue and slate, "mkdocs-material's slate background is no longer where it was"
    rgb = colorsys.hls_to_rgb(int(hue[1]) / 360, int(slate[2]) / 100, int(slate[1]) / 100)
    computed = "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
    assert CHART_BACKGROUNDS == ("#ffffff", computed) == tuple(BACKGROUNDS.values())
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)


# --- the reader itself ---------------------------------------------------------

_OLD_CHART = """<svg xmlns="http://www.w3.org/2000/svg">
 <g><text style="font-size: 8px; fill: #868e9c">May</text></g>
 <path style="fill: none; stroke: #3b82f6; stroke-width: 1.5"/>
 <path style="fill: #c27d0e; opacity: 0.2; stroke: #c27d0e"/>
</svg>"""


def test_the_old_grey_failed_on_white() -> None:
    """The colour charts used before (#868e9c): 3.3:1 on white, under AA for text."""
    assert shortfalls(_OLD_CHART, "old") == [
        "old: text 'May' #868e9c on light #ffffff: 3.30:1 < 4.5:1"
    ]


def test_dark_rules_recolour_text_and_inherited_fills() -> None:
    svg = """<svg xmlns="http://www.w3.org/2000/svg">
     <style>@media (prefers-color-scheme: dark){
       [style*="fill: #5c6370"]{fill:#9aa3b0!important}}</style>
     <g style="fill: #5c6370"><text>inherits</text></g>
     <text>black by default</text>
    </svg>"""
    found = {p.text: (p.light, p.dark) for p in paints(svg) if p.tag == "text"}
    assert found == {"inherits": ("#5c6370", "#9aa3b0"), "black by default": ("#000000", "#000000")}
    assert shortfalls(svg, "x") == [
        "x: text 'black by default' #000000 on dark #1e2129: 1.30:1 < 4.5:1"
    ]


def test_unknown_selectors_and_rules_without_important_fail_loudly() -> None:
    tag = '<svg xmlns="http://www.w3.org/2000/svg"><style>{}</style></svg>'
    media = "@media (prefers-color-scheme: dark)"
    with pytest.raises(AssertionError, match="do not understand"):
        dark_rules(ET.fromstring(tag.format(media + "{text{fill:#fff}}")))
    with pytest.raises(AssertionError, match="loses to inline style"):
        dark_rules(ET.fromstring(tag.format(media + '{[style*="a"]{fill:#fff}}')))
