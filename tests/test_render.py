"""The renderer core (no MkDocs): slugs, links, safe user text, pages, charts, write_tree."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrsite.charts import KpiChart, ProgressChart, Sparkline
from okrsite.model import Portal
from okrsite.options import options_from_mapping
from okrsite.portal import build_portal
from okrsite.render import (
    APPEND,
    NEW,
    REPLACE,
    STYLESHEET,
    RenderedSite,
    SiteMap,
    person_slug,
    rel_link,
    render_site,
    write_tree,
)
from okrsite.render.links import page_url, rel_url, resolve_href
from okrsite.render.markup import block, encode, escape_alt, fmt_number, fmt_value, inline, label
from okrsite.render.nav import section_nav
from okrsite.render.specs import ScoreHistory

OPTIONS = options_from_mapping({"company": "Acme", "as_of": "2026-11-15"})


@pytest.fixture
def portal(tmp_path: Path, tiny_portal: Callable[..., Path]) -> Portal:
    root = tiny_portal(tmp_path)
    return build_portal(root / "goals", OPTIONS, root=root)


@pytest.fixture
def site_map() -> SiteMap:
    return SiteMap.from_options(
        OPTIONS,
        docs_prefix="goals/",
        config_path="../mkdocs.yml",
        repo_url="https://github.com/acme/goals",
        edit_uri="edit/main/goals/",
        has_index=True,
    )


@pytest.fixture
def rendered(portal: Portal, site_map: SiteMap) -> RenderedSite:
    return render_site(portal, OPTIONS, site_map)


# --- slugs and links -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("José Núñez", "jose-nunez"),
        ("  Ann   LEE ", "ann-lee"),
        ("Søren Ærø", "soren-aero"),
        ("Straße", "strasse"),
        ("O'Brien, Mary-Kate", "o-brien-mary-kate"),
        ("Zoë", "zoe"),
        ("Łukasz", "lukasz"),
        ("R2-D2", "r2-d2"),
    ],
)
def test_person_slug(name: str, slug: str) -> None:
    assert person_slug(name) == slug


def test_person_slug_without_latin_letters_falls_back_to_a_hash() -> None:
    slug = person_slug("王伟")
    assert re.fullmatch(r"person-[0-9a-f]{10}", slug)
    assert slug == person_slug(" 王伟 ")
    assert slug != person_slug("李娜")


@pytest.mark.parametrize(
    ("src", "target", "link"),
    [
        ("index.md", "teams/sales.md", "teams/sales.md"),
        ("objectives/2026-Q4/a.md", "teams/sales.md", "../../teams/sales.md"),
        ("objectives/2026-Q4/a.md", "objectives/2026-Q4/b.md", "b.md"),
        ("people/ann.md", "index.md", "../index.md"),
        ("rules.md", "rules.md#q101", "rules.md#q101"),
        ("health.md", "rules.md#q101", "rules.md#q101"),
        (
            "kpis/mrr.md",
            "assets/okrsite/charts/kpi-mrr.svg",
            "../assets/okrsite/charts/kpi-mrr.svg",
        ),
    ],
)
def test_rel_link(src: str, target: str, link: str) -> None:
    assert rel_link(src, target) == link


@pytest.mark.parametrize(
    ("src", "directory_urls", "url"),
    [
        ("index.md", True, ""),
        ("teams/index.md", True, "teams/"),
        ("teams/sales.md", True, "teams/sales/"),
        ("teams/sales.md", False, "teams/sales.html"),
        ("teams/index.md", False, "teams/index.html"),
        ("kpis/mrr.csv", True, "kpis/mrr.csv"),
    ],
)
def test_page_url(src: str, directory_urls: bool, url: str) -> None:
    assert page_url(src, directory_urls) == url


@pytest.mark.parametrize(
    ("src", "target", "directory_urls", "url"),
    [
        ("index.md", "teams/sales.md", True, "teams/sales/"),
        ("teams/sales.md", "about.md", True, "../../about/"),
        ("teams/sales.md", "index.md", True, "../../"),
        ("teams/sales.md", "teams/sales.md#x", True, "./#x"),
        ("teams/sales.md", "about.md", False, "../about.html"),
        ("teams/sales.md", "kpis/mrr.csv", True, "../../kpis/mrr.csv"),
    ],
)
def test_rel_url(src: str, target: str, directory_urls: bool, url: str) -> None:
    assert rel_url(src, target, directory_urls) == url


@pytest.mark.parametrize(
    ("href", "origin", "url"),
    [
        ("../about.md", None, "../../about/"),
        ("../about.md#why", None, "../../about/#why"),
        ("mrr.csv", "kpis/mrr.md", "../../kpis/mrr.csv"),
        ("https://example.com/x.md", None, "https://example.com/x.md"),
        ("#local", None, "#local"),
        ("/absolute", None, "/absolute"),
        ("../../../outside.md", None, "../../../outside.md"),
    ],
)
def test_resolve_href(href: str, origin: str | None, url: str) -> None:
    assert resolve_href("teams/sales.md", href, origin=origin) == url


def test_edit_urls(site_map: SiteMap) -> None:
    assert site_map.edit_url("teams/sales.md") == (
        "https://github.com/acme/goals/edit/main/goals/teams/sales.md"
    )
    assert (
        site_map.edit_url("../mkdocs.yml") == "https://github.com/acme/goals/edit/main/mkdocs.yml"
    )
    assert site_map.edit_url("objectives/2026-Q4/") == (
        "https://github.com/acme/goals/tree/main/goals/objectives/2026-Q4/"
    )
    assert site_map.view_url("teams/sales.md", 3) == (
        "https://github.com/acme/goals/blob/main/goals/teams/sales.md#L3"
    )
    assert SiteMap().edit_url("teams/sales.md") is None


# --- safe user text -------------------------------------------------------------

ATTACKS = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "\\[click\\](javascript:alert(1))",
    "<javascript:alert(1)>",
    '{: onclick="alert(1)" }',
    "`code` and [ref][x]\n\n[x]: javascript:alert(1)",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_user_text_stays_inert_through_both_markdown_passes(text: str) -> None:
    for rendered in (inline(text), label(text), block(text)):
        # The second pass: what MkDocs does with the generated Markdown.
        html = markdown.markdown(
            f"| a |\n| --- |\n| {rendered} |\n\n{rendered}", extensions=["tables", "attr_list"]
        )
        assert "<script" not in html
        assert "<img" not in html
        assert not re.search(r"<[^>]*\son\w+\s*=", html), html  # no event handler attribute
        assert not re.search(r"(href|src)=\"\s*(javascript|vbscript|data:text)", html, re.I)


_PIECES = st.sampled_from(
    [
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:",
        "alert(1)",
        "[",
        "]",
        "(",
        ")",
        "\\",
        "`",
        "*",
        "_",
        "{:",
        "}",
        "|",
        "<",
        ">",
        "&",
        "#",
        "!",
        "\n",
        " ",
        "x",
        "data:text/html,",
        "onclick=",
        '"',
        "'",
        "--8<--",
        ":",
        "=",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_no_user_text_becomes_active_html(text: str) -> None:
    for rendered in (inline(text), label(text), block(text)):
        html = markdown.markdown(
            f"| a |\n| --- |\n| {rendered} |\n\n{rendered}", extensions=["tables", "attr_list"]
        )
        assert "<script" not in html and "<img" not in html
        assert not re.search(r"<[^>]*\son\w+\s*=", html)
        assert not re.search(r"(href|src)=\"\s*(javascript|data:text)", html, re.I)


def test_inline_markdown_is_rendered_and_table_safe() -> None:
    html = inline("Grow *revenue* | `a|b` [docs](../about.md)", "teams/sales.md")
    assert "<em>revenue</em>" in html
    assert "|" not in html
    assert '<a href="../../about/">docs</a>' in html
    assert "<a " not in label("[docs](../about.md)")


def test_alt_text_survives_python_markdown() -> None:
    alt = "Sales [EMEA]: latest 1,200 USD | status red (target 2_000 *USD*) \\ ok"
    html = markdown.markdown(f"![{escape_alt(alt)}](x.svg)", extensions=["tables"])
    assert 'alt="Sales [EMEA]: latest 1,200 USD | status red (target 2_000 *USD*) \\ ok"' in html


def test_encode_makes_text_inert() -> None:
    assert encode("a*b_c|[d]") == "a&#42;b&#95;c&#124;&#91;d&#93;"


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (221700, "USD", "221,700&#160;USD"),
        (2.25, "%", "2.25%"),
        (99.962, None, "99.96"),
        (0.5, "", "0.5"),
        (None, "USD", "–"),
        (-3, "days", "-3&#160;days"),
    ],
)
def test_values_are_rounded_for_display(value: float | None, unit: str | None, shown: str) -> None:
    assert fmt_value(value, unit) == shown


def test_numbers() -> None:
    assert fmt_number(1e16) == "1e+16"
    assert fmt_number(float("nan")) == "–"


# --- pages --------------------------------------------------------------------------


def test_every_page_of_the_site_is_rendered(rendered: RenderedSite, portal: Portal) -> None:
    ana, jose, wang = (person_slug(n) for n in ("Ann Lee", "José Núñez", "王伟"))
    expected = {
        "index.md": APPEND,
        "teams/sales.md": REPLACE,
        "teams/emea.md": REPLACE,
        "objectives/2026-Q4/grow.md": REPLACE,
        "objectives/2026-Q4/emea-deals.md": REPLACE,
        "objectives/2026-Q3/groundwork.md": REPLACE,
        "kpis/mrr.md": REPLACE,
        f"people/{ana}.md": NEW,
        f"people/{jose}.md": NEW,
        f"people/{wang}.md": NEW,
        "people/index.md": NEW,
        "periods/2026-Q3.md": NEW,
        "periods/2026-Q4.md": NEW,
        "periods/index.md": NEW,
        "teams/index.md": NEW,
        "kpis/index.md": NEW,
        "objectives/index.md": NEW,
        "alignment.md": NEW,
        "health.md": NEW,
        "rules.md": NEW,
    }
    assert {src: page.mode for src, page in rendered.pages.items()} == expected
    assert set(rendered.charts) == {
        "assets/okrsite/charts/kpi-mrr.svg",
        "assets/okrsite/charts/spark-mrr.svg",
        "assets/okrsite/charts/progress-2026-Q3/groundwork.svg",
        "assets/okrsite/charts/progress-2026-Q4/grow.svg",
        "assets/okrsite/charts/progress-2026-Q4/emea-deals.svg",
    }
    assert rendered.files["okrs.json"].startswith('{\n  "schema": "okrsite/1"')
    assert portal.errors == ()


def _links(markdown_text: str) -> set[str]:
    return set(re.findall(r"\]\(([^)\s]+)\)", markdown_text))


@pytest.mark.parametrize(
    ("src", "target"),
    [
        # objective <-> parent / child
        ("objectives/2026-Q4/emea-deals.md", "grow.md"),
        ("objectives/2026-Q4/grow.md", "emea-deals.md"),
        # objective <-> team, team <-> sub-team
        ("objectives/2026-Q4/emea-deals.md", "../../teams/emea.md"),
        ("teams/emea.md", "../objectives/2026-Q4/emea-deals.md"),
        ("teams/emea.md", "sales.md"),
        ("teams/sales.md", "emea.md"),
        # KR <-> KPI, team <-> KPI
        ("objectives/2026-Q4/grow.md", "../../kpis/mrr.md"),
        ("kpis/mrr.md", "../objectives/2026-Q4/grow.md"),
        ("kpis/mrr.md", "../teams/sales.md"),
        ("teams/sales.md", "../kpis/mrr.md"),
        # people <-> what they own, lead and belong to
        ("objectives/2026-Q4/grow.md", "../../people/jose-nunez.md"),
        ("people/jose-nunez.md", "../objectives/2026-Q4/grow.md"),
        ("people/jose-nunez.md", "../teams/sales.md"),
        ("people/jose-nunez.md", "../kpis/mrr.md"),
        ("teams/sales.md", "../people/jose-nunez.md"),
        ("people/ann-lee.md", "../teams/emea.md"),
        # periods
        ("objectives/2026-Q3/groundwork.md", "../../periods/2026-Q3.md"),
        ("periods/2026-Q4.md", "../objectives/2026-Q4/grow.md"),
        # dashboard, alignment
        ("index.md", "objectives/2026-Q4/grow.md"),
        ("index.md", "teams/emea.md"),
        ("index.md", "kpis/mrr.md"),
        ("alignment.md", "objectives/2026-Q4/emea-deals.md"),
    ],
)
def test_links_go_both_ways(rendered: RenderedSite, src: str, target: str) -> None:
    assert target in _links(rendered.pages[src].markdown)


def test_every_markdown_link_points_at_a_page_or_file(
    rendered: RenderedSite, portal: Portal
) -> None:
    known = set(rendered.pages) | set(rendered.charts) | {"about.md", "kpis/mrr.csv"}
    for src, page in rendered.pages.items():
        for link in _links(page.markdown):
            if link.startswith("http"):
                continue
            target = Path(src).parent.joinpath(link.split("#")[0]).as_posix()
            normal = re.sub(r"[^/]+/\.\./", "", target)
            while "/../" in normal:
                normal = re.sub(r"[^/]+/\.\./", "", normal)
            assert normal.removeprefix("./") in known, f"{src}: {link}"


def test_objective_page(rendered: RenderedSite) -> None:
    text = rendered.pages["objectives/2026-Q4/emea-deals.md"].markdown
    assert text.startswith("# Win the marina groups of southern Europe\n")
    assert "## Key results" in text and "## Progress" in text and "## Check-ins" in text
    assert "0 → 3 → 6" in text  # baseline -> current (check-in) -> target
    assert 'aria-valuenow="50"' in text  # the progress bar of 3 of 6
    assert "<script" not in text and "javascript:" not in text
    assert "![Objective score 0\\.50 at 2026\\-11\\-15" in text
    assert "<details" in text and "<td>2026-11-01</td>" in text


def test_kpi_page_states_status_and_data(rendered: RenderedSite) -> None:
    text = rendered.pages["kpis/mrr.md"].markdown
    assert '<span class="okr-status okr-status--amber">amber</span>' in text
    assert "**131&#160;kUSD** on 2026-11-01" in text
    assert "[Download the CSV](mrr.csv)" in text
    assert "Monthly recurring revenue: latest 131 kUSD on 2026\\-11\\-01, status amber" in text


def test_feeds_are_the_files_that_make_each_page(rendered: RenderedSite) -> None:
    feeds = {src: page.feed for src, page in rendered.pages.items()}
    assert feeds["index.md"] == "index.md"
    assert feeds["people/jose-nunez.md"] == "objectives/2026-Q4/grow.md"
    assert feeds["people/ann-lee.md"] == "objectives/2026-Q4/emea-deals.md"
    assert feeds["periods/2026-Q4.md"] == "objectives/2026-Q4/"
    assert feeds["health.md"] == "../mkdocs.yml"
    assert feeds["teams/sales.md"] == "teams/sales.md"
    assert rendered.edit_url("periods/2026-Q4.md") == (
        "https://github.com/acme/goals/tree/main/goals/objectives/2026-Q4/"
    )


def test_dashboard_without_company_index(portal: Portal) -> None:
    site = render_site(portal, OPTIONS, SiteMap.from_options(OPTIONS, config_path="../mkdocs.yml"))
    page = site.pages["index.md"]
    assert page.mode == NEW
    assert page.markdown.startswith("# Acme goals\n")
    assert page.feed == "../mkdocs.yml"


def test_rendering_is_deterministic(portal: Portal, site_map: SiteMap) -> None:
    assert render_site(portal, OPTIONS, site_map) == render_site(portal, OPTIONS, site_map)


def test_score_history_recomputes_past_scores(portal: Portal) -> None:
    history = ScoreHistory(portal)
    emea = portal.objectives["2026-Q4/emea-deals"]
    assert history.points(emea, portal.as_of) == [
        (date(2026, 11, 1), 0.5),
        (date(2026, 11, 15), 0.5),
    ]
    # The company objective takes EMEA's score through its aligned key result;
    # before EMEA's check-in that score was 0.
    assert history.score("2026-Q4/emea-deals", date(2026, 10, 31)) == 0.0


def test_chart_specs(rendered: RenderedSite) -> None:
    kpi = rendered.charts["assets/okrsite/charts/kpi-mrr.svg"]
    assert isinstance(kpi, KpiChart)
    assert kpi.points[-1] == ("2026-11-01", 131.0)
    assert kpi.targets == (("2026-06-01", 140.0),)
    assert (kpi.warning, kpi.status, kpi.unit) == (120.0, "amber", "kUSD")
    spark = rendered.charts["assets/okrsite/charts/spark-mrr.svg"]
    assert isinstance(spark, Sparkline) and spark.target == 140.0
    progress = rendered.charts["assets/okrsite/charts/progress-2026-Q4/emea-deals.svg"]
    assert isinstance(progress, ProgressChart)
    assert (progress.start, progress.end, progress.pace) == ("2026-10-01", "2026-12-31", 0.7)


def test_section_nav_never_lists_objectives_or_people(
    tmp_path: Path, tiny_portal: Callable[..., Path], site_map: SiteMap
) -> None:
    root = tiny_portal(tmp_path, {"goals/guide/index.md": "# Guide\n", "goals/guide/b.md": "# B\n"})
    nav = section_nav(root / "goals", site_map)
    flat = repr(nav)
    assert "objectives/2026" not in flat and "people/" not in flat.replace("people/index.md", "")
    assert {"Guide": ["guide/index.md", "guide/b.md"]} in nav
    assert "about.md" in nav
    assert nav[0] == {"Dashboard": "index.md"}


def test_write_tree(tmp_path: Path, rendered: RenderedSite, portal: Portal) -> None:
    out = tmp_path / "out"
    charts = {path: b"<svg/>" for path in rendered.charts}
    written = write_tree(rendered, out, charts, docs_dir=Path(portal.root) / "goals")
    assert out / "objectives/2026-Q4/grow.md" in written
    assert (out / "assets/okrsite/charts/kpi-mrr.svg").read_bytes() == b"<svg/>"
    assert (out / "okrs.json").is_file() and (out / STYLESHEET).is_file()
    index = (out / "index.md").read_text(encoding="utf-8")
    assert index.startswith("# Acme goals\n\nOur intro, above the dashboard.")
    assert "## Company objectives" in index


def test_health_page_groups_findings_by_page(portal: Portal, site_map: SiteMap) -> None:
    from dataclasses import replace

    from okrsite.model import Finding

    findings = (
        Finding(
            code="Q101",
            message="only 1 key result",
            path="goals/objectives/2026-Q4/grow.md",
            line=5,
            severity="warning",
        ),
        Finding(code="E009", message="bad value '1,2' | here", path="goals/kpis/mrr.csv", line=3),
    )
    site = render_site(replace(portal, findings=findings), OPTIONS, site_map)
    health = site.pages["health.md"].markdown
    assert "1 error and 1 warning" in health
    assert "## [Become the obvious choice for small marinas](objectives/2026-Q4/grow.md)" in health
    assert "## [Monthly recurring revenue](kpis/mrr.md)" in health
    blob = "https://github.com/acme/goals/blob/main/goals/objectives/2026-Q4/grow.md#L5"
    assert f"| [5:1]({blob}) | [Q101](rules.md#q101) | warning | only 1 key result |" in health
    assert "bad value &#39;1,2&#39; &#124; here" in health
    assert "[edit the file](https://github.com/acme/goals/edit/main/goals/kpis/mrr.csv)" in health
    dashboard = site.pages["index.md"].markdown
    assert "- 1 error and 1 warning in the goal files: see [Health](health.md)." in dashboard


def test_a_portal_with_errors_still_renders(
    tmp_path: Path, tiny_portal: Callable[..., Path]
) -> None:
    """Errors stop MkDocs builds, but write_tree users may render anyway: no crash."""
    broken = {
        "goals/teams/emea.md": "---\nname: EMEA\nparent: emea\n---\n",
        "goals/objectives/2026-Q4/emea-deals.md": """\
            ---
            objective: Loop
            period: 2026-Q9
            owner: Ann Lee
            team: nowhere
            parent: grow
            key_results:
              - title: Take the score of grow
                objective: grow
              - title: Use a KPI that does not exist
                target: 3
                kpi: nothing
            ---
            """,
        "goals/kpis/mrr.csv": "date,value\n2026-01,abc\n",
    }
    root = tiny_portal(tmp_path, broken)
    portal = build_portal(root / "goals", OPTIONS, root=root)
    assert portal.errors
    site = render_site(portal, OPTIONS)
    assert "health.md" in site.pages
    assert "## Health" not in site.pages["health.md"].markdown


def test_rules_page_explains_each_check(portal: Portal, site_map: SiteMap) -> None:
    from okrsite.lint import RULES, SEED_TITLES

    text = render_site(portal, OPTIONS, site_map).pages["rules.md"].markdown
    for code, rule in RULES.items():
        assert f'## <span id="{code.lower()}"></span>{code} {encode(rule.name)}\n' in text
        section = text.split(f'<span id="{code.lower()}">')[1].split("\n## ")[0]
        assert "**Why it matters:**" in section
        for source in rule.sources:  # each source article is named
            assert encode(SEED_TITLES[source]) in section
        assert f"`lint: {{ignore: [{code}]}}` in mkdocs.yml" in section
        assert f"`lint_ignore: [{code}]` on the page" in section
        assert section.count("```yaml") == 2  # a bad and a good example
        if rule.option:
            assert f"`{rule.option}` (here: " in section
    assert "In this site: **off**; by default: off" in text  # Q114
    assert "| E007 |" in text
