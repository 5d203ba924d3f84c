"""How thresholds, co-owners and reviews show on the generated pages (SPEC 8)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from okrsite.options import options_from_mapping
from okrsite.portal import build_portal
from okrsite.render import RenderedSite, SiteMap, render_site

OPTIONS = options_from_mapping({"company": "Acme", "as_of": "2026-11-15"})

GUARDED = """\
    ---
    objective: Keep harbour offices confident in the platform
    period: 2026-Q4
    owner: [Ann Lee, Bo Berg, 王伟]
    team: sales
    key_results:
      - {id: up, title: Uptime holds, at_least: 99.9, unit: "%", kpi: mrr}
      - {id: lost, title: Bookings lost to outages, at_most: 0, current: 2}
      - {id: rating, title: Rating holds, at_least: 4}
      - {id: fresh, title: Fresh marinas, target: 12, current: 5}
    ---
    """
OLD = """\
    ---
    objective: Win the first marinas of the Adriatic
    period: 2026-Q3
    owner: Ann Lee
    team: sales
    review: |
      We *learned* that harbour masters buy in spring.

      Second paragraph of the note.
    key_results:
      - {title: Sign marinas, baseline: 0, target: 10, current: 8}
    ---
    """
NEXT = """\
    ---
    objective: win the first marinas of the adriatic!
    period: 2026-Q4
    owner: Ann Lee
    team: sales
    key_results:
      - {title: Sign marinas, baseline: 8, target: 20}
    ---
    """


@pytest.fixture
def rendered(tmp_path: Path, tiny_portal: Callable[..., Path]) -> RenderedSite:
    root = tiny_portal(
        tmp_path,
        {
            "goals/objectives/2026-Q4/guarded.md": GUARDED,
            "goals/objectives/2026-Q3/adriatic.md": OLD,
            "goals/objectives/2026-Q4/adriatic-next.md": NEXT,
        },
    )
    portal = build_portal(root / "goals", OPTIONS, root=root)
    assert portal.errors == ()
    site_map = SiteMap.from_options(
        OPTIONS, docs_prefix="goals/", config_path="../mkdocs.yml", has_index=True
    )
    return render_site(portal, OPTIONS, site_map)


def key_result_row(text: str, title: str) -> str:
    """The row of the key results table about the key result called ``title``."""
    (row,) = [row for row in text.split("<tr>") if row.startswith(f"<td>{title}<br>")]
    return row


NOW = '<span class="okr-now"><span class="okr-now__label">Now</span> '


@pytest.mark.parametrize(
    ("title", "now", "level", "state"),
    [
        ("Uptime holds", f"{NOW}131%</span>", "at or above 99.9%", "met"),  # the KPI's value
        ("Bookings lost to outages", f"{NOW}2</span>", "at or below 0", "not met"),
        ("Rating holds", '<span class="okr-muted">No value yet</span>', "at or above 4", "not met"),
    ],
)
def test_threshold_shows_a_level_with_its_state(
    rendered: RenderedSite, title: str, now: str, level: str, state: str
) -> None:
    row = key_result_row(rendered.pages["objectives/2026-Q4/guarded.md"].markdown, title)
    assert f'{now} <span class="okr-note">to stay {level}</span>' in row
    kind = "met" if state == "met" else "not-met"
    assert f'<span class="okr-status okr-status--{kind}">{state}</span>' in row
    assert "progressbar" not in row  # a level is not a progress bar from 0


def test_an_unstated_baseline_is_not_shown_as_measured(rendered: RenderedSite) -> None:
    row = key_result_row(rendered.pages["objectives/2026-Q4/guarded.md"].markdown, "Fresh marinas")
    # Its target only: the 0 it scores from was never measured, so no "from 0".
    assert f'{NOW}5</span> <span class="okr-note">target 12</span>' in row
    assert "progressbar" in row


def test_the_kpi_page_lists_the_threshold_as_a_level(rendered: RenderedSite) -> None:
    text = rendered.pages["kpis/mrr.md"].markdown
    assert "at least 99.9% · now 131%" in text


def test_co_owners_on_the_objective_and_their_person_pages(rendered: RenderedSite) -> None:
    text = rendered.pages["objectives/2026-Q4/guarded.md"].markdown
    assert '<span class="okr-fact__label">Owners</span>' in text
    assert (
        '<a href="../../../people/ann-lee/">Ann Lee</a>, '
        '<a href="../../../people/bo-berg/">Bo Berg</a>' in text
    )
    for slug in ("ann-lee", "bo-berg"):
        person = rendered.pages[f"people/{slug}.md"].markdown
        assert 'href="../../objectives/2026-Q4/guarded/"' in person, slug
        # the table of a co-owned objective names everyone who owns it
        assert re.search(r'>Ann Lee</a>, <a href="[^"]*">Bo Berg</a>, ', person), slug
    single = rendered.pages["objectives/2026-Q4/emea-deals.md"].markdown
    assert '<span class="okr-fact__label">Owner</span>' in single


def test_finished_objective_shows_its_final_grade_and_review(rendered: RenderedSite) -> None:
    text = rendered.pages["objectives/2026-Q3/adriatic.md"].markdown
    review = text[text.index("## Review") :]
    assert review.startswith(
        "## Review\n\n<p>Final grade for 2026&#45;Q3: <strong>0.80</strong> "
        '<span class="okr-status okr-status--green">green</span>'
    )
    assert "<em>learned</em>" in review and "<p>Second paragraph of the note.</p>" in review
    # a running objective without a note has no review section; a finished one without
    # a note says so
    assert "## Review" not in rendered.pages["objectives/2026-Q4/guarded.md"].markdown
    groundwork = rendered.pages["objectives/2026-Q3/groundwork.md"].markdown
    assert "No review note was written for this objective." in groundwork


def test_the_period_page_of_a_finished_period_is_its_review(rendered: RenderedSite) -> None:
    text = rendered.pages["periods/2026-Q3.md"].markdown
    start = text.index("## Review of 2026&#45;Q3")
    review = text[start : text.index("\n## ", start + 1)]
    # grades by team: sales has groundwork (44/40 -> 1.0, 9/10 -> 0.9) and adriatic (0.8)
    sales = '<td><a href="../../teams/sales/">'
    row = next(row for row in review.split("<tr>") if row.startswith(sales)).split("</tr>")[0]
    assert row.endswith('<td data-label="Grade">0.88</td>\n<td data-label="Objectives">2</td>')
    adriatic = (
        '<a href="../../objectives/2026-Q3/adriatic/">Win the first marinas of the Adriatic</a>'
    )
    assert f"#### {adriatic}" in review
    assert "<em>learned</em>" in review
    assert review.endswith(
        '### Carried over into <a href="../2026-Q4/">2026&#45;Q4</a>\n\n'
        f"<ul><li>{adriatic} → "
        '<a href="../../objectives/2026-Q4/adriatic-next/">'
        "win the first marinas of the adriatic&#33;</a></li></ul>\n"
    )
    # a running period has no review section
    assert "## Review of" not in rendered.pages["periods/2026-Q4.md"].markdown
