"""The renderer core (no MkDocs): slugs, links, safe user text, pages, charts, write_tree."""

from __future__ import annotations

import html as html_module
import posixpath
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pagelinks import ordered_links, source_links

from okrsite.charts import KpiChart, ProgressChart, Sparkline
from okrsite.model import Finding, Portal
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
from okrsite.render.markup import (
    MEMO,
    attribute,
    block,
    encode,
    fmt_number,
    fmt_value,
    inline,
    label,
)
from okrsite.render.nav import section_nav
from okrsite.render.paging import PageSizes
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


def test_alt_text_survives_the_img_attribute() -> None:
    """Chart images are ``<img>`` in an HTML block: the alt text reads back as written."""
    alt = 'Sales [EMEA] "north" <b>: latest 1,200 USD | status red (target 2_000 *USD*) \\ ok'
    (img,) = re.findall(r"<img [^>]*>", f'<p><img alt="{attribute(alt)}" src="x.svg" /></p>')
    html = markdown.markdown(img, extensions=["tables"])  # another engine passes it through
    assert html_module.unescape(re.search(r'alt="([^"]*)"', html).group(1)) == alt


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
        "changes.md": NEW,
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


def _links(site: RenderedSite, src: str) -> set[str]:
    """The links of page ``src``, as relative links to the sources they point at."""
    return source_links(site.pages[src].markdown, src, known=set(site.pages))


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
    assert target in _links(rendered, src)


def test_every_markdown_link_points_at_a_page_or_file(
    rendered: RenderedSite, portal: Portal
) -> None:
    known = (
        set(rendered.pages)
        | set(rendered.charts)
        | set(rendered.files)
        | {"about.md", "kpis/mrr.csv"}
    )
    for src in rendered.pages:
        for link in _links(rendered, src):
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
    # The current value (from the check-in) labelled, then where the KR aims. The page
    # states no baseline for "deals" (it scores from 0, but nobody measured that 0), so
    # only its target shows; "pilot" states 0.
    assert '<span class="okr-now__label">Now</span> 3</span> <span class="okr-note">target 6' in (
        text
    )
    assert (
        '<span class="okr-now__label">Now</span> 1</span> <span class="okr-note">from 0 to 2'
        in (text)
    )
    assert 'aria-valuenow="50"' in text  # the score bar of 3 of 6
    assert '<svg class="okr-trend"' in text  # the KR's own trend
    assert "<script" not in text and "javascript:" not in text
    assert '<img alt="Objective score 0.50 at 2026&#45;11&#45;15' in text
    assert "<details" in text and "<td>2026-11-01</td>" in text


def test_kpi_page_states_status_and_data(rendered: RenderedSite) -> None:
    text = rendered.pages["kpis/mrr.md"].markdown
    assert '<span class="okr-status okr-status--amber">amber</span>' in text
    assert '<span class="okr-now">131&#160;kUSD</span> on 2026-11-01' in text
    assert '<a href="../mrr.csv">Download the data (CSV)</a>' in text
    assert "Monthly recurring revenue&#58; latest 131 kUSD on 2026&#45;11&#45;01, status amber" in (
        text
    )


def test_feeds_are_the_files_that_make_each_page(rendered: RenderedSite) -> None:
    feeds = {src: page.feed for src, page in rendered.pages.items()}
    assert feeds["index.md"] == "index.md"
    # A person's page is edited where the person is named as a team's lead or member.
    assert feeds["people/jose-nunez.md"] == "teams/sales.md"
    assert feeds["people/ann-lee.md"] == "teams/emea.md"
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
    grow = '<a href="../objectives/2026-Q4/grow/">Become the obvious choice for small marinas</a>'
    assert f"## {grow}" in health
    assert '## <a href="../kpis/mrr/">Monthly recurring revenue</a>' in health
    blob = "https://github.com/acme/goals/blob/main/goals/objectives/2026-Q4/grow.md#L5"
    row = (
        f'<tr><td>only 1 key result</td>\n<td data-label="Line"><a href="{blob}">5:1</a></td>\n'
        '<td data-label="Code"><a href="../rules/#q101">Q101</a></td>\n'
        '<td data-label="Severity">warning</td></tr>'
    )
    assert row in health
    assert "bad value &#39;1,2&#39; &#124; here" in health
    edit = '<a href="https://github.com/acme/goals/edit/main/goals/kpis/mrr.csv">edit the file</a>'
    assert edit in health
    dashboard = site.pages["index.md"].markdown
    assert (
        'For the editors: 2 findings in the goal files, on <a href="health/">the findings page'
        in (dashboard)
    )


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
        assert "<strong>Why it matters:</strong>" in section
        for source in rule.sources:  # each source article is named
            assert encode(SEED_TITLES[source]) in section
        assert f"`lint: {{ignore: [{code}]}}` in mkdocs.yml" in section
        assert f"`lint_ignore: [{code}]` on the page" in section
        assert section.count("```yaml") == 2  # a bad and a good example
        if rule.option:
            assert f"`{rule.option}` (here: " in section
    assert "In this site: **off**; by default: off" in text  # Q114
    assert "<tr><td>E007</td>" in text


# --- long listings split into sub-pages ------------------------------------------------

#: Sizes small enough that the wide portal below paginates every listing.
SMALL_PAGES = PageSizes(rows=3, objectives=4, findings=2, dashboard=2)


def _wide_portal_files() -> dict[str, str]:
    """The tiny portal widened: 8 teams (t1, t2 under sales), 17 objectives in 2026-Q4
    (4 company ones, then per team one under grow and one under that), 7 in 2026-Q3,
    7 KPIs, 15 people; Ann Lee writes 7 check-ins."""
    files: dict[str, str] = {}
    for n in range(1, 7):
        parent = "parent: sales\n" if n <= 2 else ""
        files[f"goals/teams/t{n}.md"] = (
            f"---\nname: Team {n}\nlead: Lead {n}\nmembers: [Member {n}]\n{parent}---\n"
        )
        krs = "key_results:\n  - {title: Ship one, target: 2}\n  - {title: Ship two, target: 4}\n"
        files[f"goals/objectives/2026-Q4/t{n}-a.md"] = (
            f"---\nobjective: Team {n} carries the plan\nperiod: 2026-Q4\nowner: Lead {n}\n"
            f"team: t{n}\nparent: grow\n{krs}"
            f"checkins:\n  - {{date: 2026-10-0{n}, confidence: 0.5, by: Ann Lee}}\n---\n"
        )
        files[f"goals/objectives/2026-Q4/t{n}-b.md"] = (
            f"---\nobjective: Member {n} does their part\nperiod: 2026-Q4\nowner: Member {n}\n"
            f"team: t{n}\nlevel: individual\nparent: t{n}-a\n{krs}---\n"
        )
        files[f"goals/objectives/2026-Q3/t{n}-old.md"] = (
            f"---\nobjective: Team {n} got ready\nperiod: 2026-Q3\nowner: Lead {n}\n"
            f"team: t{n}\n{krs}---\n"
        )
        files[f"goals/kpis/k{n}.md"] = (
            f"---\nname: Gauge {n}\nowner: Lead {n}\nteam: t{n}\ndefinition: Things\n"
            "source: Logs\ncadence: monthly\ntarget: 10\n---\n"
        )
        files[f"goals/kpis/k{n}.csv"] = f"date,value\n2026-09,{n + 4}\n2026-10,{n + 5}\n"
    for n in range(1, 4):
        files[f"goals/objectives/2026-Q4/c{n}.md"] = (
            f"---\nobjective: Company goal {n}\nperiod: 2026-Q4\nowner: José Núñez\n"
            "key_results:\n  - {title: Grow, target: 2}\n  - {title: Keep, target: 4}\n---\n"
        )
    return files


#: Findings added to the wide portal: 7 in 4 files, the first file's running over a page.
_FINDINGS = (
    *(
        Finding(code="Q101", message=f"finding {n}", path=path, line=n, severity="warning")
        for n, path in enumerate(
            ["goals/kpis/k1.md"] * 3 + ["goals/teams/t1.md"] * 2 + ["goals/about.md"], start=1
        )
    ),
    Finding(code="E009", message="bad row", path="goals/kpis/k1.csv", line=2),
)


@pytest.fixture(scope="module")
def wide_portal(
    tmp_path_factory: pytest.TempPathFactory, tiny_portal: Callable[..., Path]
) -> Portal:
    root = tiny_portal(tmp_path_factory.mktemp("wide"), _wide_portal_files())
    portal = build_portal(root / "goals", OPTIONS, root=root)
    assert portal.errors == ()
    return replace(portal, findings=portal.findings + _FINDINGS)


@pytest.fixture(scope="module")
def paged(wide_portal: Portal) -> RenderedSite:
    site = SiteMap.from_options(
        OPTIONS,
        docs_prefix="goals/",
        config_path="../mkdocs.yml",
        repo_url="https://github.com/acme/goals",
        edit_uri="edit/main/goals/",
        has_index=True,
    )
    return render_site(wide_portal, OPTIONS, site, sizes=SMALL_PAGES)


def _resolve(src: str, link: str) -> str:
    """The docs path a relative Markdown link on page ``src`` points at (anchor dropped)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(src), link.split("#")[0]))


def _targets(site: RenderedSite, src: str) -> set[str]:
    return {_resolve(src, link) for link in _links(site, src)}


def _sub_pages(site: RenderedSite, entry: str) -> list[str]:
    """The sub-pages of a listing, in page order."""
    prefix = site.site.sub_page(entry, 1).removesuffix("1.md")
    found = [src for src in site.pages if src.startswith(prefix)]
    return sorted(found, key=lambda src: int(src.removeprefix(prefix).removesuffix(".md")))


def _row_links(site: RenderedSite, src: str, folder: str) -> list[str]:
    """The page each table row of ``src`` is about: the first link of the row, into ``folder``."""
    found = []
    for row in re.findall(r"<tr><td>(?:&#160;)*(<a href=\"[^\"]*\")", site.pages[src].markdown):
        link = ordered_links(row, src, known=set(site.pages))[0]
        if _resolve(src, link).startswith(folder):
            found.append(_resolve(src, link))
    return found


def _tree_entries(site: RenderedSite, src: str) -> list[str]:
    """The objectives listed in the alignment tree of ``src``, without the continued context."""
    found = []
    markdown = site.pages[src].markdown
    for item in re.finditer(
        r"<li>(<a href=\"[^\"]*\">[^<]*</a>)( <em>\(continued\)</em>)?", markdown
    ):
        if not item.group(2):
            link = ordered_links(item.group(1), src, known=set(site.pages))[0]
            found.append(_resolve(src, link))
    return found


@pytest.mark.parametrize(
    ("entry", "number", "src", "url"),
    [
        ("periods/2026-Q4.md", 2, "periods/2026-Q4/page/2.md", "periods/2026-Q4/page/2/"),
        ("health.md", 1, "health/page/1.md", "health/page/1/"),
        ("alignment.md", 3, "alignment/page/3.md", "alignment/page/3/"),
        ("teams/index.md", 2, "teams/page/2.md", "teams/page/2/"),
        ("people/index.md", 4, "people/page/4.md", "people/page/4/"),
    ],
)
def test_sub_pages_sit_below_their_entry_url(entry: str, number: int, src: str, url: str) -> None:
    assert SiteMap().sub_page(entry, number) == src
    assert page_url(src) == url
    assert page_url(entry) == url.split("page/")[0]


def test_page_sizes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        PageSizes(rows=0)


def test_a_small_portal_has_no_sub_pages(rendered: RenderedSite) -> None:
    assert not [src for src in rendered.pages if "/page/" in src]
    for page in rendered.pages.values():
        assert " › page " not in page.markdown and "(continued)" not in page.markdown
    assert "## Pages" not in rendered.pages["health.md"].markdown


ENTRIES = [
    "periods/2026-Q4.md",
    "periods/2026-Q3.md",
    "alignment.md",
    "health.md",
    "teams/index.md",
    "kpis/index.md",
    "people/index.md",
]


@pytest.mark.parametrize("entry", ENTRIES)
def test_entry_pages_link_to_every_sub_page_and_back(paged: RenderedSite, entry: str) -> None:
    subs = _sub_pages(paged, entry)
    assert len(subs) >= 2
    assert subs == [paged.site.sub_page(entry, n) for n in range(1, len(subs) + 1)]
    assert set(subs) <= _targets(paged, entry)
    for number, src in enumerate(subs, start=1):
        text = paged.pages[src].markdown
        assert text.startswith("# ") and f", page {number} of {len(subs)}\n" in text
        links = _targets(paged, src)
        assert entry in links  # up
        assert (number == 1) or subs[number - 2] in links  # previous
        assert (number == len(subs)) or subs[number] in links  # next
        # the pager is at the top and at the bottom
        pager = text.split("\n\n")[1].split("\n")[0]
        assert pager.count(" › ") == 1 and text.rstrip().endswith(pager)


@pytest.mark.parametrize("key", ["2026-Q4", "2026-Q3"])
def test_every_objective_of_a_period_is_on_one_sub_page(
    paged: RenderedSite, wide_portal: Portal, key: str
) -> None:
    expected = sorted(
        f"objectives/{oid}.md"
        for oid, obj in wide_portal.objectives.items()
        if obj.period and obj.period.key == key
    )
    entry = f"periods/{key}.md"
    listed = [
        row for src in _sub_pages(paged, entry) for row in _row_links(paged, src, "objectives/")
    ]
    assert sorted(listed) == expected
    assert all(len(_row_links(paged, src, "objectives/")) <= 4 for src in _sub_pages(paged, entry))
    assert not _row_links(paged, entry, "objectives/")  # the entry page only summarises


@pytest.mark.parametrize(
    ("entry", "folder", "ids"),
    [
        ("kpis/index.md", "kpis/", lambda p: [f"kpis/{k}.md" for k in p.kpis]),
        ("teams/index.md", "teams/", lambda p: [f"teams/{t}.md" for t in p.teams]),
        (
            "people/index.md",
            "people/",
            lambda p: sorted({f"people/{person_slug(n)}.md" for n in _names(p)}),
        ),
    ],
)
def test_every_kpi_team_and_person_is_on_one_sub_page(
    paged: RenderedSite,
    wide_portal: Portal,
    entry: str,
    folder: str,
    ids: Callable[[Portal], list[str]],
) -> None:
    listed = [row for src in _sub_pages(paged, entry) for row in _row_links(paged, src, folder)]
    assert sorted(listed) == sorted(ids(wide_portal))
    assert all(len(_row_links(paged, src, folder)) <= 3 for src in _sub_pages(paged, entry))


def _names(portal: Portal) -> set[str]:
    names = {o.owner for o in portal.objectives.values()} | {k.owner for k in portal.kpis.values()}
    for team in portal.teams.values():
        names |= {team.lead, *team.members} - {None}
    for obj in portal.objectives.values():
        names |= {kr.owner for kr in obj.key_results if kr.owner}
        names |= {c.by for c in obj.checkins if c.by}
    return {n for n in names if n}


def test_the_alignment_tree_is_on_its_sub_pages_once(
    paged: RenderedSite, wide_portal: Portal
) -> None:
    current = wide_portal.current_period.key
    expected = sorted(
        f"objectives/{oid}.md"
        for oid, obj in wide_portal.objectives.items()
        if obj.period and obj.period.key == current
    )
    subs = _sub_pages(paged, "alignment.md")
    assert sorted(e for src in subs for e in _tree_entries(paged, src)) == expected
    entry = paged.pages["alignment.md"].markdown
    assert "## Company objectives" in entry and "## Pages" in entry


def test_a_deep_tree_continues_under_the_objectives_above(
    tmp_path: Path, tiny_portal: Callable[..., Path]
) -> None:
    """A sub-page that starts inside a subtree repeats its ancestors: the list stays nested."""
    chain = {}
    parent = "grow"
    for n in range(1, 6):
        chain[f"goals/objectives/2026-Q4/step-{n}.md"] = f"""\
            ---
            objective: Step {n} of the plan
            period: 2026-Q4
            owner: Ann Lee
            team: emea
            parent: {parent}
            key_results:
              - {{title: Do part {n}, target: 1}}
              - {{title: Measure part {n}, target: 2}}
            ---
            """
        parent = f"step-{n}"
    root = tiny_portal(tmp_path, chain)
    portal = build_portal(root / "goals", OPTIONS, root=root)
    site = render_site(portal, OPTIONS, sizes=PageSizes(rows=3))
    subs = _sub_pages(site, "alignment.md")
    assert len(subs) == 3  # grow, emea-deals and five steps: 7 objectives
    listed = [e for src in subs for e in _tree_entries(site, src)]
    assert len(listed) == len(set(listed)) == 7
    second = site.pages[subs[1]].markdown
    assert "## Company objectives (continued)" in second
    assert '<li><a href="../../../objectives/2026-Q4/grow/">Become the obvious choice' in second
    assert "<em>(continued)</em>" in second
    html = markdown.markdown(second, extensions=["tables"])
    assert "<pre>" not in html  # nothing fell out of the list into a code block
    assert html.count("<ul>") >= 3  # grow > step-1 > step-2 ...
    assert re.search(r"<ul><li><a [^>]*>[^<]*</a> <em>\(continued\)</em>\n<ul><li>", html)


def test_health_sub_pages_hold_every_finding(paged: RenderedSite, wide_portal: Portal) -> None:
    subs = _sub_pages(paged, "health.md")
    assert len(subs) == (len(wide_portal.findings) + 1) // 2
    rows = [
        row
        for src in subs
        for row in paged.pages[src].markdown.split("<tr>")
        if '<td data-label="Line">' in row
    ]
    # Each finding's row starts with its message.
    assert sorted(r.split("</td>", 1)[0].removeprefix("<td>") for r in rows) == sorted(
        encode(f.message) for f in wide_portal.findings
    )
    entry = paged.pages["health.md"].markdown
    q101 = sum(1 for f in wide_portal.findings if f.code == "Q101")
    assert (
        '<tr><td><a href="../rules/#q101">Q101</a></td>\n<td>too&#45;few&#45;key&#45;results</td>'
        f'\n<td>warning</td>\n<td class="okr-num">{q101}</td>' in entry
    )
    assert (
        "<tr><td>E009</td>\n<td>a problem in a KPI&#39;s CSV file</td>\n<td>error</td>\n"
        '<td class="okr-num">1</td>\n<td class="okr-num">1</td></tr>' in entry
    )
    continued = [
        src
        for src in subs
        if '="../../../kpis/k1/">' in paged.pages[src].markdown.split("(continued)")[0]
        and "(continued)" in paged.pages[src].markdown
    ]
    assert len(continued) == 1  # k1.md's three findings run over a page boundary


def test_sub_pages_are_generated_pages_with_edit_links(paged: RenderedSite) -> None:
    subs = [src for src in paged.pages if "/page/" in src]
    assert len(subs) > 10
    for src in subs:
        assert paged.pages[src].mode == NEW
        assert paged.edit_url(src), src
    assert paged.pages["health/page/1.md"].feed == "../mkdocs.yml"
    assert paged.pages["teams/page/2.md"].feed == "teams/"
    assert paged.pages["periods/2026-Q4/page/1.md"].feed == "objectives/2026-Q4/"


def test_every_link_of_a_paged_site_points_at_a_page_or_file(paged: RenderedSite) -> None:
    known = set(paged.pages) | set(paged.charts) | set(paged.files)
    for src in paged.pages:
        for link in _links(paged, src):
            if link.startswith("http"):
                continue
            target = _resolve(src, link)
            assert target in known | {"about.md"} or target.endswith(".csv"), f"{src}: {link}"


def test_dashboard_sections_are_capped(paged: RenderedSite, wide_portal: Portal) -> None:
    text = paged.pages["index.md"].markdown
    kpis = text.split("## KPIs")[1]
    assert len(_row_links(paged, "index.md", "kpis/")) == 2
    assert f"The 2 of {len(wide_portal.kpis)} KPIs that need attention most" in kpis
    teams = text.split("## Teams")[1].split("## KPIs")[0]
    assert teams.count('<a href="teams/') <= 3 and 'are on <a href="teams/">Teams</a>.' in teams


def test_the_objectives_index_lists_periods_when_long(paged: RenderedSite) -> None:
    text = paged.pages["objectives/index.md"].markdown
    assert "24 objectives in 2 periods." in text
    assert not _row_links(paged, "objectives/index.md", "objectives/")
    assert {f"periods/{k}.md" for k in ("2026-Q4", "2026-Q3")} <= _targets(
        paged, "objectives/index.md"
    )


def test_a_person_page_shows_the_latest_check_ins(paged: RenderedSite) -> None:
    capped = [
        page.markdown
        for src, page in paged.pages.items()
        if src.startswith("people/") and "most recent of" in page.markdown
    ]
    assert capped
    for text in capped:
        log = text.split("## Check-ins")[1]
        assert log.count("<tr><td>20") == 3  # three dated rows
        assert re.search(r"The 3 most recent of \d+ check-ins", log)


def test_paged_rendering_is_deterministic(wide_portal: Portal, paged: RenderedSite) -> None:
    again = render_site(wide_portal, OPTIONS, paged.site, sizes=SMALL_PAGES)
    assert again == paged


def test_a_paged_site_builds_with_working_links(
    tmp_path: Path,
    tiny_portal: Callable[..., Path],
    mkdocs_build: Callable[..., Path],
    link_checker: Callable[[Path], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A real MkDocs build of a paginated portal: sub-pages exist, link and stay out of the menu."""
    import okrsite.render.site

    monkeypatch.setattr(okrsite.render.site, "PageSizes", lambda: SMALL_PAGES)
    site = mkdocs_build(tiny_portal(tmp_path, _wide_portal_files()))
    assert link_checker(site) == []
    page = (site / "periods/2026-Q4/page/2/index.html").read_text(encoding="utf-8")
    assert 'href="../../"' in page  # up to /periods/2026-Q4/
    assert "acme/goals/tree/main/goals/objectives/2026-Q4/" in page  # the edit link (a folder)
    nav = page.split('class="md-nav md-nav--primary"')[1].split("</nav>")[0]
    assert "page/" not in nav
    for url in ("alignment/page/1/", "teams/page/3/", "kpis/page/3/", "people/page/5/"):
        assert (site / url / "index.html").is_file(), url


# --- the memo of rendered user text ------------------------------------------------


def test_a_render_with_the_memo_full_is_the_render_without_it(
    portal: Portal, site_map: SiteMap
) -> None:
    MEMO.clear()
    fresh = render_site(portal, OPTIONS, site_map)
    assert len(MEMO) > 0
    again = render_site(portal, OPTIONS, site_map)  # every text now comes from the memo
    assert {src: p.markdown for src, p in again.pages.items()} == {
        src: p.markdown for src, p in fresh.pages.items()
    }
    assert again.files == fresh.files


def test_the_memo_keeps_what_the_text_was_rendered_for() -> None:
    """The same link text shown on two pages resolves from each page, not from the first."""
    MEMO.clear()
    text = "[the plan](../kpis/mrr.md)"
    on_team = inline(text, "teams/sales.md")
    on_objective = inline(text, "objectives/2026-Q4/win.md", origin="teams/sales.md")
    flat = inline(text, "teams/sales.md", directory_urls=False)
    assert len({on_team, on_objective, flat}) == 3
    MEMO.clear()
    assert on_objective == inline(text, "objectives/2026-Q4/win.md", origin="teams/sales.md")
    assert flat == inline(text, "teams/sales.md", directory_urls=False)
    assert block(text, "teams/sales.md") != on_team  # a block is a paragraph, not inline


def test_texts_no_build_asks_for_are_let_go() -> None:
    MEMO.clear()
    inline("Kept *alive*", "teams/a.md")
    inline("Dropped *soon*", "teams/a.md")
    MEMO.new_build()
    inline("Kept *alive*", "teams/a.md")  # asked for again: moves to this build
    MEMO.new_build()
    assert MEMO.get(("inline", "Kept *alive*", "teams/a.md", None, True)) is not None
    assert MEMO.get(("inline", "Dropped *soon*", "teams/a.md", None, True)) is None
    assert len(MEMO) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["teams/a.md", "objectives/2026-Q4/x.md"]))
def test_user_text_from_the_memo_is_a_fresh_rendering(text: str, src: str) -> None:
    first = inline(text, src)
    MEMO.clear()
    assert inline(text, src) == first == inline(text, src)
    assert block(text, src) == block(text, src)
