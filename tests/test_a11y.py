"""Accessibility of the example site: axe-core in both colour schemes, plus okrsite's own rules.

axe-core comes from the npm registry (``package.json``; ``make test`` runs
``npm install``). It is injected into the pages that ``browser_support.py``
loads and keeps, so these tests add little time to the browser tests.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import (
    AXE_JS,
    BADGE_PAGES,
    CHARTS_JS,
    PAGES,
    SCHEMES,
    VIEWPORTS,
    Browsing,
    require,
)

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser

#: axe impacts that fail the build; "minor" and "moderate" are reported by axe
#: but left to judgement.
BLOCKING = ("serious", "critical")
#: The pages axe checks (every generated kind with content of its own).
AXE_PAGES = PAGES
#: Words a status badge may show (objectives and KPIs, SPEC sections 5 and 8).
STATUS_WORDS = (
    "green",
    "yellow",
    "amber",
    "red",
    "planned",
    "no data",
    "none",
    "unknown",
    "met",  # a threshold key result's level: met or not met
)

_RUN_AXE = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String).join(' '), html: n.html, summary: n.failureSummary,
    })),
  }));
}
"""


def axe_violations(
    browsing: Browsing, name: str, scheme: str, width: str = "wide"
) -> list[dict[str, Any]]:
    """Run axe-core on page ``name`` in ``scheme`` at ``width``; return its violations."""
    require(AXE_JS.is_file(), f"{AXE_JS} is missing (run `npm install` at the repository root)")
    page = browsing.visit(name, scheme, width).page
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE)
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """Violations as a readable report: rule, impact, help, first three targets with HTML."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"{violation['id']} [{violation['impact']}] {violation['help']}"
            f" ({len(nodes)} element{'s' if len(nodes) != 1 else ''}; {violation['helpUrl']})"
        )
        for node in nodes[:3]:
            lines.append(f"    {node['target']}")
            lines.append(f"      {node['html'][:200]}")
            summary = " ".join(node["summary"].split()) if node["summary"] else ""
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("name", AXE_PAGES)
def test_no_serious_axe_violations(browsing: Browsing, name: str, scheme: str, width: str) -> None:
    violations = axe_violations(browsing, name, scheme, width)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if violations:
        print(f"axe on the {name} page ({scheme}, {width}):\n{describe(violations)}")
    assert not blocking, (
        f"axe found serious or critical problems on the {name} page ({scheme}, {width}, "
        f"{browsing.visit(name, scheme, width).url}):\n{describe(blocking)}"
    )


# --------------------------------------------------------------------------- okrsite's own rules


@pytest.mark.parametrize("name", PAGES)
def test_chart_images_have_alt_text(browsing: Browsing, name: str) -> None:
    """Every chart states, in words, its latest value and status (SPEC section 8)."""
    charts = browsing.visit(name, "light").page.evaluate(CHARTS_JS)
    missing = [chart["src"] for chart in charts if not (chart["alt"] or "").strip()]
    assert not missing, f"charts without alt text on the {name} page: {missing}"
    vague = [
        f"{chart['src']}: {chart['alt']!r}"
        for chart in charts
        if not re.search(r"\d", chart["alt"])
        or not any(word in chart["alt"].lower() for word in STATUS_WORDS)
    ]
    assert not vague, f"alt text without a value or a status on the {name} page: {vague}"


_DATA_NEXT_TO_CHARTS = """
() => Array.from(document.querySelectorAll('[data-test-chart]')).map((img) => {
  const cell = img.closest('td, th');
  if (cell) {
    // A sparkline in a table: its row is the data; it must link to the full series.
    const row = cell.closest('tr');
    const links = Array.from(row.querySelectorAll('a[href]')).map((a) => a.href);
    return {src: img.getAttribute('src'), inTable: true, links, ok: links.length > 0};
  }
  // A chart: the block holding it is followed by <details> with the data as a <table>.
  let block = img;
  while (block.parentElement && !block.parentElement.matches('article, .md-typeset')
         && !block.nextElementSibling) {
    block = block.parentElement;
  }
  if (block.parentElement && block.parentElement.tagName === 'P') block = block.parentElement;
  const next = block.nextElementSibling;
  const ok = next !== null && next.tagName === 'DETAILS' && next.querySelector('table') !== null;
  return {src: img.getAttribute('src'), inTable: false, links: [], ok,
          next: next ? next.outerHTML.slice(0, 120) : null};
})
"""


@pytest.mark.parametrize("name", PAGES)
def test_each_chart_has_its_data_as_a_table(browsing: Browsing, name: str) -> None:
    """A chart is followed by ``<details>`` with a ``<table>``; a sparkline row links to one."""
    page = browsing.visit(name, "light").page
    page.evaluate(CHARTS_JS)  # marks the charts
    charts = page.evaluate(_DATA_NEXT_TO_CHARTS)
    bad = [chart for chart in charts if not chart["ok"]]
    assert not bad, f"charts without their data on the {name} page: {bad}"
    for chart in charts:
        if chart["inTable"]:
            kpi_pages = [url for url in chart["links"] if "/kpis/" in url]
            assert kpi_pages, f"sparkline {chart['src']} is not next to a link to its KPI page"
            html = browsing.local_file(kpi_pages[0]).read_text(encoding="utf-8")
            assert re.search(r"<details[^>]*>.*?<table", html, re.S), (
                f"{kpi_pages[0]} has no data table for {chart['src']}"
            )


_STATUS_MARKS = """
() => Array.from(document.querySelectorAll('article [class]'))
  .filter((el) => Array.from(el.classList).some((c) => /--(green|yellow|amber|red)$/.test(c)))
  .map((el) => ({
    classes: el.getAttribute('class'),
    text: el.textContent.trim(),
    html: el.outerHTML.slice(0, 160),
    bar: el.closest('[role=progressbar]') !== null,
    label: (el.closest('[role=progressbar]') || el).getAttribute('aria-label'),
    around: (el.closest('a, td, .okr-fact, li, p') || el.parentElement).textContent.trim(),
    shape: el instanceof SVGElement,
  }))
"""


@pytest.mark.parametrize("name", BADGE_PAGES)
def test_status_is_never_told_by_colour_alone(browsing: Browsing, name: str) -> None:
    """Status badges say their status in words; a coloured bar has its number beside it."""
    page = browsing.visit(name, "light").page
    marks = page.evaluate(_STATUS_MARKS)
    badges = page.locator("article .okr-status")
    assert badges.count(), f"the {name} page shows no status badge (nothing to check)"
    problems = []
    for mark in marks:
        colour = re.search(r"--(green|yellow|amber|red)\b", mark["classes"])
        assert colour is not None
        if mark["shape"]:
            # A box of the alignment map: its link says the status in words beside it.
            if colour.group(1) not in mark["around"].lower():
                problems.append(f"map box whose status is not in words: {mark['html']}")
        elif mark["bar"]:
            # Progress and score bars: colour is a second cue; the number is the first.
            if not (mark["label"] and re.search(r"\d", mark["around"])):
                problems.append(f"bar without a label and a number beside it: {mark['html']}")
        elif colour.group(1) not in mark["text"].lower():
            problems.append(f"'{colour.group(1)}' shown by colour only: {mark['html']}")
    assert not problems, f"on the {name} page:\n" + "\n".join(problems)
    texts = [text.strip().lower() for text in badges.all_text_contents()]
    wordless = [text for text in texts if not any(word in text for word in STATUS_WORDS)]
    assert not wordless, f"status badges without a status word on the {name} page: {wordless}"
