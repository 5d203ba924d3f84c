"""The example site in a real browser: clean pages, working links, both colour schemes.

Debian's Chromium loads the example portal, built once and served under a
sub-path (``/okrsite/``) as GitHub Pages serves a project site. See
``browser_support.py`` for the fixtures and for when these tests skip or fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest
import svg_colours
from browser_support import (
    BACKGROUNDS_JS,
    BADGE_PAGES,
    CHARTS_JS,
    OTHER_SUB_PATH,
    PAGE_BOX_JS,
    PAGES,
    READER_PAGES,
    SCHEMES,
    SUB_PATH,
    VIEWPORTS,
    Browsing,
    Targets,
    Visit,
    composite_background,
    contrast_ratio,
    crop_png,
    parse_css_colour,
    pixel_stats,
    settle,
    watch,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser

SCHEME_JS = "document.body.getAttribute('data-md-color-scheme')"


def heading(page: Page) -> str:
    """The page's ``<h1>`` without mkdocs' permalink sign."""
    return page.locator("article h1").first.inner_text().replace("¶", "").strip()


def listing(problems: list[str]) -> str:
    return "\n".join(f"  - {problem}" for problem in problems)


@contextmanager
def fresh(browsing: Browsing, start: str) -> Iterator[Visit]:
    """Page ``start`` of :data:`PAGES`, opened anew (light scheme) for a test that navigates."""
    visit = browsing.open(browsing.targets.url(start), "light")
    try:
        yield visit
    finally:
        visit.page.close()


def follow(visit: Visit, selector: str) -> Page:
    """Click the first link in the page content matching ``selector``; wait for the new page."""
    link = visit.page.locator(selector).first
    assert link.count(), f"no link {selector!r} on {visit.url}"
    link.click()
    visit.page.wait_for_load_state("load")
    settle(visit.page)
    return visit.page


# --------------------------------------------------------------------------- every page


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly(browsing: Browsing, name: str, scheme: str, width: str) -> None:
    """No console error, no failed request, every SVG loaded; a screenshot is kept."""
    visit = browsing.visit(name, scheme, width)
    page = visit.page
    visit.screenshot()

    assert page.evaluate(SCHEME_JS) == SCHEMES[scheme]
    assert page.url.startswith(browsing.site_url), f"left the /{SUB_PATH}/ sub-path: {page.url}"
    assert heading(page), f"the {name} page has no heading"
    assert not visit.problems, f"{name} page ({scheme}), {visit.url}:\n{listing(visit.problems)}"

    broken = page.evaluate(
        """() => Array.from(document.images)
             .filter((img) => (img.currentSrc || img.src).split(/[?#]/)[0].endsWith('.svg'))
             .filter((img) => !(img.complete && img.naturalWidth > 0))
             .map((img) => img.getAttribute('src'))"""
    )
    assert not broken, f"{name} page ({scheme}): SVG images that did not load: {broken}"


@pytest.mark.parametrize("name", ["dashboard", "objective", "kpi"])
def test_page_shows_charts(browsing: Browsing, name: str) -> None:
    """The KPI board has sparklines, objective and KPI pages their charts (guards the checks)."""
    charts = browsing.visit(name, "light").page.evaluate(CHARTS_JS)
    assert charts, f"the {name} page shows no chart"


def test_no_third_party_requests(browsing: Browsing) -> None:
    """Nothing leaves the site: no web fonts, no repository widget API, nothing else."""
    for name in PAGES:
        for scheme in SCHEMES:
            browsing.visit(name, scheme)
    assert not browsing.external, f"requests to other hosts: {sorted(set(browsing.external))}"


#: Where a status badge or a bar sits, and whether anything hides part of it: the page
#: scrolls sideways, or a box between it and the page clips it.
_CUT_OFF_JS = """
() => {
  const out = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    out.push(`the page is ${document.documentElement.scrollWidth}px wide on a ${width}px screen`);
  }
  for (const el of document.querySelectorAll('article .okr-status, article .okr-bar')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      out.push(`${el.outerHTML.slice(0, 90)} spans ${box.left.toFixed(0)}-${box.right.toFixed(0)}`);
      continue;
    }
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX === 'visible') continue;
      const clip = up.getBoundingClientRect();
      if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5) {
        out.push(`${el.outerHTML.slice(0, 90)} is cut by ${up.tagName}.${up.className}`);
        break;
      }
    }
  }
  return out;
}
"""


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("name", PAGES)
def test_phone_needs_no_sideways_scrolling(browsing: Browsing, name: str, scheme: str) -> None:
    """At 390 px, every status badge and bar is whole and on screen; the page does not scroll
    sideways (wide data tables scroll inside their own box)."""
    page = browsing.visit(name, scheme, "phone").page
    assert page.locator("article .okr-status").count() or name not in BADGE_PAGES, (
        f"no status badge on the {name} page (nothing to check)"
    )
    problems = page.evaluate(_CUT_OFF_JS)
    assert not problems, f"{name} page at 390 px ({scheme}):\n" + listing(problems)


_TABLES_JS = """
() => Array.from(document.querySelectorAll('article table[data-okr="cards"]')).map((table) => {
  const cell = table.querySelector('tbody td[data-label]');
  const head = table.querySelector('thead th');
  return {
    tableBorder: getComputedStyle(table).borderTopWidth,
    cellBorder: cell ? getComputedStyle(cell).borderTopWidth : null,
    headWeight: head ? getComputedStyle(head).fontWeight : null,
    headShown: table.tHead ? table.tHead.getBoundingClientRect().height > 2 : false,
    label: cell ? getComputedStyle(cell, '::before').content : null,
  };
})
"""


@pytest.mark.parametrize("name", ["dashboard", "objective", "teams"])
def test_listing_tables_are_the_themes_tables_and_cards_on_phones(
    browsing: Browsing, name: str
) -> None:
    """Wide: the theme's table look (borders, bold head row), no cell labels. Phone: the head
    row hidden, each cell named by its column."""
    wide = browsing.visit(name, "light", "wide").page.evaluate(_TABLES_JS)
    assert wide, f"no listing table on the {name} page"
    for table in wide:
        assert table["cellBorder"] not in (None, "0px") and table["headShown"], table
        assert int(table["headWeight"]) >= 600 and table["label"] in ("none", "normal"), table
    phone = browsing.visit(name, "light", "phone").page.evaluate(_TABLES_JS)
    for table in phone:
        assert not table["headShown"], table
        assert table["label"] not in (None, "none", "normal") and table["label"].endswith(':"'), (
            table
        )


#: Words for the people who edit the files, not for readers: commands, file keys, codes.
_EDITOR_WORDS = re.compile(
    r"okrsite (?:check|checkin|new|export|due|digest|pull|kpi)\b|--kr\b|ID=VALUE"
    r"|\b[EQ]\d{3}\b|\b(?:key_results|lint_ignore|checkins|at_least|at_most)\b"
    r"|`|\bparent\b:|\bArticle \d{3}\b"
)


@pytest.mark.parametrize("name", READER_PAGES)
def test_reader_pages_speak_of_goals_not_of_files(browsing: Browsing, name: str) -> None:
    """No command, file key or finding code in the text of a reader page (SPEC 8)."""
    text = browsing.visit(name, "light").page.locator("article").inner_text()
    found = sorted({m.group(0) for m in _EDITOR_WORDS.finditer(text)})
    assert not found, f"editor words on the {name} page: {found}"


def test_not_found_page_works_under_any_sub_path(browsing: Browsing) -> None:
    """The 404 page is styled and leads home, also where the site is not at site_url's path."""
    for prefix in (SUB_PATH, OTHER_SUB_PATH):
        context = browsing.new_context("light", "phone")
        try:
            page = context.new_page()
            problems = watch(page, browsing.site_url.replace(f"/{SUB_PATH}/", "/"))
            origin = browsing.site_url[: -len(f"{SUB_PATH}/")]
            response = page.goto(f"{origin}{prefix}/no/such/page/", wait_until="load")
            assert response is not None and response.status == 404
            assert page.locator("h1").inner_text() == "Page not found"
            home = page.locator("#home")
            page.wait_for_function(
                f"document.getElementById('home').getAttribute('href') === '/{prefix}/'",
                timeout=5000,
            )
            home.click()
            page.wait_for_load_state("load")
            assert page.url == f"{origin}{prefix}/"
            assert page.locator("article .okr-status").count()
            expected_404 = [p for p in problems if "/no/such/page/" in p or "okrs.json" in p]
            assert sorted(set(problems) - set(expected_404)) == []
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background != "rgba(0, 0, 0, 0)"
        finally:
            context.close()


# --------------------------------------------------------------------------- links


def test_objective_team_link_opens_team_page(browsing: Browsing, targets: Targets) -> None:
    with fresh(browsing, "objective") as visit:
        team_url = targets.url("team")
        page = follow(visit, f'article a[href$="{team_url}"]')
        assert page.url == browsing.site_url + team_url
        assert heading(page) == targets.team_name
        assert not visit.problems, listing(visit.problems)


def test_key_result_kpi_link_opens_kpi_page(browsing: Browsing, targets: Targets) -> None:
    with fresh(browsing, "objective") as visit:
        kpi_url = targets.url("kpi")
        page = follow(visit, f'article table td a[href$="{kpi_url}"]')
        assert page.url == browsing.site_url + kpi_url
        assert heading(page) == targets.kpi_name
        assert not visit.problems, listing(visit.problems)


def test_person_link_opens_person_page(browsing: Browsing, targets: Targets) -> None:
    with fresh(browsing, "objective") as visit:
        person_url = targets.url("person")
        page = follow(visit, f'article a[href$="{person_url}"]')
        assert page.url == browsing.site_url + person_url
        assert targets.person_name in heading(page)
        assert not visit.problems, listing(visit.problems)


def test_navigation_leads_from_dashboard_to_health(browsing: Browsing) -> None:
    with fresh(browsing, "dashboard") as visit:
        menu = visit.page.locator("nav.md-nav--primary")
        menu.get_by_role("link", name=re.compile(r"^\s*Findings\s*$")).first.click()
        settle(visit.page)
        assert visit.page.url == browsing.site_url + "health/"
        assert "findings" in heading(visit.page).lower()
        assert not visit.problems, listing(visit.problems)


# --------------------------------------------------------------------------- colour schemes


def test_palette_toggle_switches_to_slate_and_back(browsing: Browsing) -> None:
    """The header toggle switches scheme, the choice survives navigation, charts still load."""
    context = browsing.new_context("light")
    try:
        page = context.new_page()
        problems = watch(page, browsing.site_url)
        page.goto(browsing.site_url + browsing.targets.url("kpi"))
        settle(page)
        assert page.evaluate(SCHEME_JS) == "default"

        page.locator("label[for=__palette_1]").click()
        page.wait_for_function(f"{SCHEME_JS} === 'slate'")

        page.goto(browsing.site_url + browsing.targets.url("objective"))
        settle(page)
        assert page.evaluate(SCHEME_JS) == "slate", "the dark scheme did not survive navigation"
        charts = page.evaluate(CHARTS_JS)
        assert charts, "no chart on the objective page"
        assert all(chart["naturalWidth"] > 0 for chart in charts), charts

        page.locator("label[for=__palette_0]").click()
        page.wait_for_function(f"{SCHEME_JS} === 'default'")
        assert not problems, listing(problems)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("name", ["dashboard", "objective", "kpi"])
def test_charts_stay_readable(browsing: Browsing, name: str, scheme: str) -> None:
    """Each chart shows up (not blank); in the scheme shown, its text contrasts 4.5:1
    and its opaque lines 3:1 with the page behind it (the colours as the SVG's own
    ``prefers-color-scheme`` rules make them, read by :mod:`svg_colours`)."""
    visit = browsing.visit(name, scheme)
    charts = visit.page.evaluate(CHARTS_JS)
    assert charts, f"no chart on the {name} page"
    full_page = visit.screenshot()
    failures = []
    for chart in charts:
        image = visit.page.locator(f'[data-test-chart="{chart["index"]}"]')
        stats = pixel_stats(crop_png(full_page, image.evaluate(PAGE_BOX_JS)))
        if stats.distinct_colours < 8 or stats.luminance_stddev < 4 or stats.ink_share < 0.002:
            failures.append(f"{chart['src']} looks blank: {stats}")

        background = composite_background(image.evaluate(BACKGROUNDS_JS))
        paints = svg_colours.paints(browsing.local_file(chart["url"]).read_bytes())
        if not paints:
            failures.append(f"{chart['src']}: found no text or line colours")
        for paint in paints:
            if paint.tag == "text" and paint.prop == "fill":
                needed = svg_colours.TEXT_CONTRAST
            elif paint.tag != "text" and paint.opaque:
                needed = svg_colours.GRAPHIC_CONTRAST
            else:
                continue
            colour = paint.light if scheme == "light" else paint.dark
            ratio = contrast_ratio(parse_css_colour(colour), background)
            if ratio < needed:
                shown = "rgb({:.0f}, {:.0f}, {:.0f})".format(*background)
                failures.append(
                    f"{chart['src']}: {paint.tag} {paint.prop} {colour} on the {scheme}"
                    f" background {shown} has contrast {ratio:.2f}:1 (needs {needed}:1)"
                )
    assert not failures, "\n".join(sorted(set(failures)))


def test_pixel_stats_tells_blank_from_drawn() -> None:
    import io

    from PIL import Image, ImageDraw

    def png(draw: bool) -> bytes:
        image = Image.new("RGB", (120, 60), (30, 33, 41))
        if draw:
            ImageDraw.Draw(image).line([(0, 50), (60, 10), (119, 30)], fill=(59, 130, 246), width=2)
            ImageDraw.Draw(image).text((5, 5), "May", fill=(134, 142, 156))
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()

    blank, drawn = pixel_stats(png(False)), pixel_stats(png(True))
    assert blank.distinct_colours == 1 and blank.ink_share == 0
    assert drawn.background == (30, 33, 41) and drawn.ink_share > 0.002
