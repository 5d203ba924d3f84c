"""Chart colours in a real browser: Chromium agrees with the checks, and follows the toggle.

A chart is one SVG shown through ``<img>``; its dark colours come from a
``prefers-color-scheme: dark`` rule inside it. These tests hold the two claims
that design rests on: Chromium computes the colours :mod:`svg_colours` reads,
and inside an ``<img>`` the media query follows the site's scheme (the
``color-scheme`` mkdocs-material sets), not the operating system's.
"""

from __future__ import annotations

import io
import re
from urllib.parse import urljoin

import pytest
import svg_colours
from browser_support import CHARTS_JS, Browsing, ExampleSite, parse_css_colour, settle, watch

from okrsite.charts import DARK, TEXT

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser

SCHEME_JS = "document.body.getAttribute('data-md-color-scheme')"

#: Every painted text and shape of the SVG document, with Chromium's computed colours.
COMPUTED_JS = """
() => Array.from(document.querySelectorAll('text')).map((el) => getComputedStyle(el).fill)
"""


def _hex(css: str) -> str:
    r, g, b, _ = parse_css_colour(css)
    return f"#{round(r):02x}{round(g):02x}{round(b):02x}"


@pytest.mark.parametrize("kind", ["kpi", "progress"])
def test_chromium_computes_the_colours_the_checks_read(
    browsing: Browsing, example_site: ExampleSite, kind: str
) -> None:
    """Each chart text's fill, opened as a document in each scheme, is what svg_colours says."""
    folder = example_site.site / "assets" / "okrsite" / "charts"
    charts = [p for p in sorted(folder.rglob("*.svg")) if f"/{kind}-" in p.as_posix()]
    assert charts, f"no {kind} chart in the build"
    path = charts[0]
    expected = [
        p for p in svg_colours.paints(path.read_bytes()) if p.tag == "text" and p.prop == "fill"
    ]
    assert expected
    url = urljoin(browsing.site_url, path.relative_to(example_site.site).as_posix())
    for scheme in ("light", "slate"):
        context = browsing.new_context(scheme)
        try:
            page = context.new_page()
            page.goto(url)
            computed = [_hex(value) for value in page.evaluate(COMPUTED_JS)]
        finally:
            context.close()
        wanted = [p.light if scheme == "light" else p.dark for p in expected]
        assert computed == wanted, f"{path.name} in {scheme}"


def _chart_png(browsing: Browsing, os_scheme: str, toggle: bool) -> tuple[bytes, str]:
    """The KPI page's chart as shown with the OS in ``os_scheme``, after the toggle if asked."""
    context = browsing.new_context(os_scheme)
    try:
        page = context.new_page()
        problems = watch(page, browsing.site_url)
        page.goto(browsing.site_url + browsing.targets.url("kpi"))
        settle(page)
        if toggle:
            before = page.evaluate(SCHEME_JS)
            page.locator(
                "label[for=__palette_1]" if before == "default" else "label[for=__palette_0]"
            ).click()
            page.wait_for_function(f"{SCHEME_JS} !== '{before}'")
            settle(page)
        scheme = page.evaluate(SCHEME_JS)
        assert page.evaluate(CHARTS_JS), "no chart on the KPI page"
        png = page.locator('[data-test-chart="0"]').screenshot(animations="disabled")
        assert not problems, problems
        return png, scheme
    finally:
        context.close()


def _pixels(png: bytes) -> list[tuple[int, int, int]]:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        raw = image.convert("RGB").tobytes()
    return [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]


def _same(a: bytes, b: bytes) -> bool:
    pa, pb = _pixels(a), _pixels(b)
    return len(pa) == len(pb) and all(
        max(abs(x - y) for x, y in zip(p, q, strict=True)) <= 2 for p, q in zip(pa, pb, strict=True)
    )


def test_charts_follow_the_site_toggle_not_the_os(browsing: Browsing) -> None:
    """Toggled to slate on a light OS, a chart looks as on a dark OS, and the other way round."""
    light, light_scheme = _chart_png(browsing, "light", toggle=False)
    dark, dark_scheme = _chart_png(browsing, "slate", toggle=False)
    toggled_dark, toggled_dark_scheme = _chart_png(browsing, "light", toggle=True)
    toggled_light, toggled_light_scheme = _chart_png(browsing, "slate", toggle=True)
    assert (light_scheme, dark_scheme) == ("default", "slate")
    assert (toggled_dark_scheme, toggled_light_scheme) == ("slate", "default")
    assert not _same(light, dark), "the chart looks the same in both schemes"
    assert _same(toggled_dark, dark), "toggled to slate, the chart kept its light colours"
    assert _same(toggled_light, light), "toggled to light, the chart kept its dark colours"
    # Guards the comparison: the dark chart is drawn in its dark text colour (in the
    # light one only anti-aliased edges come near it; 1092 pixels against 21 when written).
    ink = parse_css_colour(DARK[TEXT])[:3]
    in_dark = sum(_near(p, ink) for p in _pixels(dark))
    in_light = sum(_near(p, ink) for p in _pixels(light))
    assert in_dark > 200 and in_dark > 5 * in_light, (in_dark, in_light)


def _near(pixel: tuple[int, int, int], colour: tuple[float, ...]) -> bool:
    return max(abs(a - b) for a, b in zip(pixel, colour, strict=False)) <= 6


def test_hex_reads_computed_colours() -> None:
    assert _hex("rgb(154, 163, 176)") == "#9aa3b0"
    assert re.fullmatch(r"#[0-9a-f]{6}", _hex("rgba(0, 0, 0, 0.5)"))
