"""The portal for its readers (SPEC 8, "Readers first"), on a portal made for it.

A small company on 2026-11-15: a running quarter (2026-Q4), a finished one
(2026-Q3) and a planned one (2027-Q1); a parent team whose name sorts after its
sub-team's; an objective whose score rounds to its expected pace but is below
it; an objective that changed status during the last week; a red KPI and a
green one; an objective with a quality finding. Every test reads the pages
render_site writes (and one reads okrs.json-free scoring at an earlier as_of).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from okrsite.model import Portal
from okrsite.options import options_from_mapping
from okrsite.portal import build_portal
from okrsite.render import RenderedSite, SiteMap, render_site
from okrsite.render.page import score_pair, signed
from okrsite.score import score_objectives

OPTIONS = options_from_mapping({"company": "Acme", "as_of": "2026-11-15"})

_KR = "key_results:\n  - {id: k, title: Signed marinas, baseline: 0, target: 1000}\n"

FILES: dict[str, str | None] = {
    # Teams: "Operations" is the parent of "Infrastructure", which sorts first by name.
    "goals/teams/ops.md": "---\nname: Operations\nlead: Olga Ode\n---\n",
    "goals/teams/infra.md": "---\nname: Infrastructure\nparent: ops\nlead: Ivo Ing\n---\n",
    # 0.347 against 0.350 expected by now (day 46 of 92 at the aspirational pace): yellow.
    "goals/objectives/2026-Q4/close.md": (
        "---\nobjective: Win the harbours of the north coast\nperiod: 2026-Q4\n"
        "owner: Olga Ode\nteam: ops\n"
        "key_results:\n  - {id: k, title: Signed marinas, baseline: 0, target: 1000, "
        "current: 347}\n  - {id: m, title: Keep the lights bright, baseline: 0, target: 10, "
        "current: 3.47}\n---\n"
    ),
    # Red a week ago (0.1 on 2026-11-01), green since the check-in of 2026-11-12.
    "goals/objectives/2026-Q4/jump.md": (
        "---\nobjective: Make the pontoon payments effortless\nperiod: 2026-Q4\n"
        "owner: Ivo Ing\nteam: infra\n" + _KR + "  - {id: j, title: Happy crews, "
        "baseline: 0, target: 10}\n"
        "checkins:\n"
        "  - {date: 2026-11-01, values: {k: 100, j: 1}, confidence: 0.4, by: Ivo Ing}\n"
        "  - {date: 2026-11-12, values: {k: 900, j: 8}, confidence: 0.8, by: Ivo Ing, "
        "note: The new terminals arrived}\n"
        "  - {date: 2026-09-01, values: {k: 50}, by: Ivo Ing}\n"
        "---\n"
    ),
    # Red, and one key result only (Q101): the finding shows in words on its page.
    "goals/objectives/2026-Q4/stuck.md": (
        "---\nobjective: Become the booking page boat crews recommend\nperiod: 2026-Q4\n"
        "owner: Nia Nobody\n"
        "key_results:\n  - {id: k, title: Crews who recommend us, baseline: 0, "
        "target: 1000, kpi: nps}\n---\n"
    ),
    "goals/objectives/2026-Q3/done.md": (
        "---\nobjective: Know the harbours we serve\nperiod: 2026-Q3\nowner: Olga Ode\n"
        "team: ops\nkey_results:\n  - {title: Harbours visited, baseline: 0, target: 10, "
        "current: 9}\n  - {title: Harbours mapped, baseline: 0, target: 10, current: 8}\n---\n"
    ),
    "goals/objectives/2027-Q1/later.md": (
        "---\nobjective: Open the first harbours in the south\nperiod: 2027-Q1\n"
        "owner: Olga Ode\nteam: ops\nkey_results:\n  - {title: Southern harbours, baseline: 0,"
        " target: 5}\n  - {title: Southern crews, baseline: 0, target: 50}\n---\n"
    ),
    "goals/kpis/nps.md": (
        "---\nname: Crew promoter score\nowner: Olga Ode\nteam: ops\ndefinition: Survey\n"
        "source: Survey tool\ncadence: monthly\ntarget: 40\n---\n"
    ),
    "goals/kpis/nps.csv": "date,value\n2026-08-01,20\n2026-10-01,25\n2026-11-05,30\n",
    "goals/kpis/mrr.csv": "date,value\n2026-06,150\n2026-10,150\n2026-11,151\n",
}


@pytest.fixture
def portal(tmp_path: Path, tiny_portal: Callable[..., Path]) -> Portal:
    root = tiny_portal(tmp_path, FILES)
    return build_portal(root / "goals", OPTIONS, root=root)


@pytest.fixture
def site(portal: Portal) -> RenderedSite:
    site_map = SiteMap.from_options(
        OPTIONS,
        docs_prefix="goals/",
        config_path="../mkdocs.yml",
        repo_url="https://github.com/acme/goals",
        edit_uri="edit/main/goals/",
        has_index=True,
    )
    return render_site(portal, OPTIONS, site_map)


def page(site: RenderedSite, src: str) -> str:
    return site.pages[src].markdown


def text_of(markdown: str) -> str:
    """What a reader sees of generated Markdown: tags, link targets and entities gone."""
    text = re.sub(r"<[^>]+>", " ", markdown)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text)


def before(text: str, *parts: str) -> bool:
    """Whether ``parts`` all occur in ``text``, in this order."""
    places = [text.index(part) for part in parts]
    return places == sorted(places)


# --------------------------------------------------------------------------- dashboard


def test_the_dashboard_answers_are_we_on_track(site: RenderedSite, portal: Portal) -> None:
    text = page(site, "index.md")
    score = portal.company_scores["2026-Q4"]
    assert f'<span class="okr-glance__big">{score:.2f}</span> company score against' in text
    # Counted by status, problems first, over every objective of the period.
    statuses = [portal.objective_results[o].status for o in portal.objectives if "2026-Q4" in o]
    red, green = statuses.count("red"), statuses.count("green")
    assert f"{len(statuses)} objectives this period: " in text
    assert before(text, f">{red}&#160;red<", f">{green}&#160;green<")
    assert "7-day change" in text and "okrs.json" in text


def test_needs_attention_lists_every_red_objective_and_kpi_first(
    site: RenderedSite, portal: Portal
) -> None:
    attention = page(site, "index.md").split("## Needs attention")[1].split("## Company")[0]
    red = [o for o, r in portal.objective_results.items() if r.status == "red"]
    assert red, "the test portal has a red objective"
    for oid in red:
        assert f'<a href="objectives/{oid}/">' in attention
    assert '<a href="kpis/nps/">Crew promoter score</a>: latest 30 against a target of 40' in (
        attention
    )
    # Stale check-ins in words: the days since, never the command or the code.
    assert "no check-in since the period began 45 days ago" in attention
    assert "okrsite" not in attention and not re.search(r"\b[EQ]\d{3}\b", attention)


def test_the_kpi_board_shows_problems_first(site: RenderedSite) -> None:
    board = page(site, "index.md").split("## KPIs")[1]
    assert before(board, 'href="kpis/nps/"', 'href="kpis/mrr/"')  # red before green


def test_scores_changed_over_seven_days(site: RenderedSite, portal: Portal) -> None:
    week_ago = score_objectives(portal.objectives, portal.kpis, date(2026, 11, 8))
    moved = portal.objective_results["2026-Q4/jump"].score - week_ago["2026-Q4/jump"].score
    assert moved > 0.5
    teams = page(site, "index.md").split("## Teams")[1]
    assert signed(moved) in teams  # Infrastructure's one team objective moved that much


# --------------------------------------------------------------------------- /changes/


def test_changes_lists_the_window_newest_first(site: RenderedSite) -> None:
    text = page(site, "changes.md")
    assert text.startswith("# What changed\n")
    assert "The 28 days from 2026-10-19 to 2026-11-15" in text
    log = text.split("## Check-ins and KPI data")[1]
    assert before(log, "### 2026-11-12", "### 2026-11-05", "### 2026-11-01")
    checkin = next(i for i in log.split("<li>") if 'href="../objectives/2026-Q4/jump/"' in i)
    assert ">Ivo Ing</a>" in checkin and "Signed marinas: <strong>900</strong>" in checkin
    assert "confidence 0.80" in checkin and "The new terminals arrived" in checkin
    assert 'href="../kpis/nps/">Crew promoter score</a>: 30 against a target of 40' in log
    # Outside the window: the check-in of 2026-09-01 and the KPI points before 2026-10-19.
    assert "### 2026-09-01" not in log and "### 2026-10-01" not in log


def test_changes_shows_the_status_the_portal_had_seven_days_earlier(
    site: RenderedSite, portal: Portal
) -> None:
    then = score_objectives(portal.objectives, portal.kpis, portal.as_of - timedelta(days=7))
    changed = {
        oid for oid, result in portal.objective_results.items() if then[oid].status != result.status
    }
    assert "2026-Q4/jump" in changed
    section = page(site, "changes.md").split("## Status changes")[1].split("## Check-ins")[0]
    listed = set(re.findall(r'<a href="\.\./objectives/([^"]+)/">', section))
    assert listed == changed


# --------------------------------------------------------------------------- periods


def test_periods_read_current_then_past_then_planned(site: RenderedSite) -> None:
    team = text_of(page(site, "teams/ops.md"))
    assert before(team, "### 2026-Q4 (current)", "### 2026-Q3 (finished)", "### 2027-Q1 (planned)")
    planned = team.split("### 2027-Q1 (planned)")[1].split("## KPIs")[0]
    assert "not started" in planned and "0.00" not in planned
    periods = page(site, "periods/index.md")
    assert before(periods, ">2026&#45;Q4<", ">2026&#45;Q3<", ">2027&#45;Q1<")
    assert "0.00" not in page(site, "periods/2027-Q1.md")


def test_sub_teams_come_under_their_parents(site: RenderedSite) -> None:
    assert before(page(site, "periods/2026-Q4.md"), "## Operations", "## Infrastructure")
    assert before(page(site, "teams/index.md"), 'href="ops/"', 'href="infra/"')


def test_the_type_is_beside_every_status_in_lists(site: RenderedSite) -> None:
    rows = [row for row in page(site, "periods/2026-Q4.md").split("<tr>") if "okr-status--" in row]
    assert rows and all('<span class="okr-type">' in row for row in rows)


# --------------------------------------------------------------------------- objective page


def test_a_score_just_below_the_pace_shows_enough_digits(site: RenderedSite) -> None:
    text = page(site, "objectives/2026-Q4/close.md")
    assert "okr-status--yellow" in text
    assert "Score <strong>0.347</strong> against <strong>0.350</strong> expected by now" in text
    assert score_pair(0.347, 0.35) == ("0.347", "0.350")
    assert score_pair(0.5, 0.35) == ("0.50", "0.35")


def test_an_objective_page_tells_its_findings_in_words(site: RenderedSite) -> None:
    text = page(site, "objectives/2026-Q4/stuck.md")
    box = text.split('<div class="admonition warning okr-findings"')[1].split("</div>")[0]
    assert "It has fewer key results than an objective needs" in box
    assert 'href="../../../health/"' in box
    assert not re.search(r"\b[EQ]\d{3}\b", text_of(text))


def test_key_results_show_their_value_and_their_own_trend(site: RenderedSite) -> None:
    text = page(site, "objectives/2026-Q4/jump.md")
    row = next(row for row in text.split("<tr>") if row.startswith("<td>Signed marinas<br>"))
    assert '<span class="okr-now__label">Now</span> 900</span>' in row
    trend = re.search(r'<svg class="okr-trend"[^>]*aria-label="([^"]+)"', row)
    assert trend is not None
    assert "2026&#45;11&#45;12" in trend.group(1)  # up to the latest check-in
    assert "Confidence over time" in text
    assert "0.40 (2026-11-01), 0.80 (2026-11-12)" in text


# --------------------------------------------------------------------------- alignment, edits


def test_the_alignment_map_links_every_objective_of_the_period(
    site: RenderedSite, portal: Portal
) -> None:
    text = page(site, "alignment.md")
    svg = text.split('<div class="okr-map">')[1].split("</div>")[0]
    current = sorted(o for o in portal.objectives if o.startswith("2026-Q4/"))
    assert sorted(re.findall(r'<a href="\.\./objectives/([^"]+)/">', svg)) == current
    assert "`parent`" not in text


def test_edit_links_open_the_file_a_person_would_edit(site: RenderedSite) -> None:
    assert site.pages["people/ivo-ing.md"].feed == "teams/infra.md"
    assert site.edit_url("people/ivo-ing.md") == (
        "https://github.com/acme/goals/edit/main/goals/teams/infra.md"
    )
    kpi = page(site, "kpis/nps.md")
    edit = '<a href="https://github.com/acme/goals/edit/main/goals/kpis/nps.csv">Edit the data file'
    assert edit in kpi


def test_a_person_named_in_no_team_file_has_no_edit_link(site: RenderedSite) -> None:
    assert site.pages["people/jose-nunez.md"].feed == "teams/sales.md"  # a lead
    assert site.pages["people/ann-lee.md"].feed == "teams/emea.md"  # lead there, member here
    assert site.pages["people/nia-nobody.md"].feed is None  # owns an objective, in no team
    assert site.edit_url("people/nia-nobody.md") is None


# --------------------------------------------------------------------------- reader words


def test_reader_pages_speak_of_goals_not_of_files(site: RenderedSite) -> None:
    editors = {"health.md", "rules.md"}
    pattern = re.compile(
        r"okrsite (?:check|checkin|new|export)\b|--kr\b|\b[EQ]\d{3}\b|\bkey_results\b"
        r"|\blint_ignore\b|`parent`"
    )
    for src, rendered in site.pages.items():
        if src in editors or src.startswith("health/"):
            continue
        found = pattern.findall(text_of(rendered.markdown))
        assert not found, f"{src}: {found}"


def test_the_menu_names_findings_apart_from_kpi_health(site: RenderedSite) -> None:
    assert "# Findings in the goal files" in page(site, "health.md")
    assert "## KPI health" not in page(site, "index.md")
