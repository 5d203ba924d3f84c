"""The MkDocs plugin: real ``mkdocs build`` runs of a tiny portal in a temporary folder."""

from __future__ import annotations

import filecmp
import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import python_lines

from okrsite.render import person_slug

JOSE = person_slug("José Núñez")
WANG = person_slug("王伟")


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
    tiny_portal: Callable[..., Path],
    mkdocs_build: Callable[..., Path],
) -> Path:
    """The tiny portal, built once for the tests that only read the result."""
    root = tiny_portal(tmp_path_factory.mktemp("tiny"))
    return mkdocs_build(root)


class _Page(HTMLParser):
    """The links, images and edit button of a built page's content (the menu aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <article>
        self.links: list[str] = []
        self.images: list[dict[str, str]] = []
        self.edit: str | None = None
        self.nav: list[str] = []
        self._in_nav = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "article":
            self.depth += 1
        if tag == "nav" and (self._in_nav or "md-nav--primary" in attr.get("class", "")):
            self._in_nav += 1
        if tag == "a" and attr.get("title") == "Edit this page":
            self.edit = attr.get("href")
        elif tag == "a" and self.depth:
            self.links.append(attr.get("href", ""))
        elif tag == "a" and self._in_nav:
            self.nav.append(attr.get("href", ""))
        if tag == "img" and self.depth:
            self.images.append(attr)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag == "nav" and self._in_nav:
            self._in_nav -= 1


def page(site: Path, url: str) -> _Page:
    parser = _Page()
    parser.feed((site / url / "index.html").read_text(encoding="utf-8"))
    return parser


def resolve(url: str, href: str) -> str:
    """A relative href from the page at ``url`` as a site path (``teams/sales/``)."""
    parts = [p for p in url.split("/") if p]
    for piece in href.split("#")[0].split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts) + ("/" if href.split("#")[0].endswith("/") and parts else "")


# --- pages, links, charts --------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "",
        "objectives/2026-Q4/grow/",
        "objectives/2026-Q4/emea-deals/",
        "objectives/2026-Q3/groundwork/",
        "objectives/",
        "teams/sales/",
        "teams/emea/",
        "teams/",
        "kpis/mrr/",
        "kpis/",
        f"people/{JOSE}/",
        f"people/{WANG}/",
        "people/",
        "periods/2026-Q4/",
        "periods/2026-Q3/",
        "periods/",
        "alignment/",
        "health/",
        "rules/",
        "about/",
    ],
)
def test_every_url_of_the_spec_is_built(built: Path, url: str) -> None:
    assert (built / url / "index.html").is_file()


def test_okrs_json_is_published(built: Path) -> None:
    text = (built / "okrs.json").read_text(encoding="utf-8")
    assert '"schema": "okrsite/1"' in text and '"as_of": "2026-11-15"' in text


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("objectives/2026-Q4/emea-deals/", "teams/emea/"),
        ("teams/emea/", "objectives/2026-Q4/emea-deals/"),
        ("objectives/2026-Q4/emea-deals/", "objectives/2026-Q4/grow/"),
        ("objectives/2026-Q4/grow/", "objectives/2026-Q4/emea-deals/"),
        ("objectives/2026-Q4/grow/", "kpis/mrr/"),
        ("kpis/mrr/", "objectives/2026-Q4/grow/"),
        ("teams/sales/", "teams/emea/"),
        ("teams/emea/", "teams/sales/"),
        ("teams/sales/", f"people/{JOSE}/"),
        (f"people/{JOSE}/", "teams/sales/"),
        (f"people/{JOSE}/", "kpis/mrr/"),
        ("objectives/2026-Q3/groundwork/", f"people/{WANG}/"),
        (f"people/{WANG}/", "objectives/2026-Q3/groundwork/"),
        ("objectives/2026-Q3/groundwork/", "periods/2026-Q3/"),
        ("periods/2026-Q3/", "objectives/2026-Q3/groundwork/"),
        ("", "objectives/2026-Q4/grow/"),
        ("", "kpis/mrr/"),
        ("health/", "rules/"),
        ("teams/sales/", "about/"),  # a relative link in a team page's body
    ],
)
def test_links_go_both_ways(built: Path, url: str, target: str) -> None:
    links = {resolve(url, href) for href in page(built, url).links if "://" not in href}
    assert target in links


def test_charts_are_svg_images_with_alt_text(built: Path) -> None:
    kpi = page(built, "kpis/mrr/")
    (chart,) = [i for i in kpi.images if "charts/kpi-mrr.svg" in i["src"]]
    assert chart["alt"] == (
        "Monthly recurring revenue: latest 131 kUSD on 2026-11-01, status amber (target 140 kUSD)"
    )
    assert (built / "kpis/mrr" / chart["src"]).resolve() == (
        built / "assets/okrsite/charts/kpi-mrr.svg"
    ).resolve()
    dashboard = page(built, "")
    assert any(i["src"] == "assets/okrsite/charts/spark-mrr.svg" for i in dashboard.images)
    progress = page(built, "objectives/2026-Q4/emea-deals/")
    assert any("progress-2026-Q4/emea-deals.svg" in i["src"] for i in progress.images)
    svgs = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.svg"))
    assert [s for s in svgs if "/charts/" in s] == [
        "assets/okrsite/charts/kpi-mrr.svg",
        "assets/okrsite/charts/progress-2026-Q3/groundwork.svg",
        "assets/okrsite/charts/progress-2026-Q4/emea-deals.svg",
        "assets/okrsite/charts/progress-2026-Q4/grow.svg",
        "assets/okrsite/charts/spark-mrr.svg",
    ]
    assert (built / "assets/okrsite/charts/kpi-mrr.svg").read_bytes().startswith(b"<?xml")


def test_chart_data_is_also_a_table(built: Path) -> None:
    html = (built / "kpis/mrr/index.html").read_text(encoding="utf-8")
    assert re.search(r"<details class=\"okr-data\"><summary>Data \(6 rows\)</summary>", html)
    assert "<td>2026-08-01</td>" in html and "summer" in html


@pytest.mark.parametrize(
    ("url", "edit"),
    [
        ("objectives/2026-Q4/grow/", "edit/main/goals/objectives/2026-Q4/grow.md"),
        ("teams/sales/", "edit/main/goals/teams/sales.md"),
        ("", "edit/main/goals/index.md"),
        (f"people/{JOSE}/", "edit/main/goals/teams/sales.md"),
        ("periods/2026-Q4/", "tree/main/goals/objectives/2026-Q4/"),
        ("health/", "edit/main/mkdocs.yml"),
        ("rules/", "edit/main/mkdocs.yml"),
    ],
)
def test_edit_links_point_at_the_feeding_file(built: Path, url: str, edit: str) -> None:
    assert page(built, url).edit == f"https://github.com/acme/goals/{edit}"


def test_every_internal_link_resolves(
    built: Path, link_checker: Callable[[Path], list[str]]
) -> None:
    assert link_checker(built) == []


def test_nav_holds_sections_only(built: Path) -> None:
    nav = page(built, "objectives/2026-Q4/grow/").nav
    assert nav, "the primary navigation was not found"
    resolved = {resolve("objectives/2026-Q4/grow/", h) for h in nav if "://" not in h}
    assert {"teams/", "kpis/", "periods/", "alignment/", "health/", "rules/", "about/"} <= resolved
    entity = re.compile(r"(objectives|people|periods|teams|kpis)/.+")
    assert [r for r in resolved if entity.match(r)] == []


def test_user_html_is_escaped(built: Path) -> None:
    for html_file in built.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert "<script>alert" not in html, html_file
        assert "onerror=alert" not in html, html_file
        assert not re.search(r"href=\"javascript:", html, re.I), html_file
    team = (built / "teams/sales/index.html").read_text(encoding="utf-8")
    assert "Sell <em>more</em> &#60;script&#62;alert" in team


def test_css_is_shipped_and_linked(built: Path) -> None:
    css = built / "assets/okrsite/okrsite.css"
    assert ".okr-status--red" in css.read_text(encoding="utf-8")
    html = (built / "teams/sales/index.html").read_text(encoding="utf-8")
    assert 'href="../../assets/okrsite/okrsite.css"' in html


def _okrsite_files(site: Path) -> list[Path]:
    pages = [
        "",
        "teams/",
        "kpis/",
        "objectives/",
        "people/",
        "periods/",
        "alignment/",
        "changes/",
        "health/",
    ]
    pages += ["rules/", "objectives/2026-Q4/grow/", "kpis/mrr/", f"people/{JOSE}/"]
    files = [site / p / "index.html" for p in pages] + [site / "okrs.json"]
    return files + sorted((site / "assets/okrsite").rglob("*"))


def test_two_builds_give_identical_output(
    tmp_path: Path, built: Path, tiny_portal: Callable[..., Path], mkdocs_build: Callable[..., Path]
) -> None:
    again = mkdocs_build(tiny_portal(tmp_path))  # a cold cache in another folder
    for file in _okrsite_files(built):
        if file.is_file():
            other = again / file.relative_to(built)
            assert filecmp.cmp(file, other, shallow=False), file.relative_to(built)


def test_clean_portal_builds_without_warnings(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    tiny_portal: Callable[..., Path],
    mkdocs_build: Callable[..., Path],
) -> None:
    root = tiny_portal(tmp_path, extra="lint: {ignore: [Q101, Q103, Q104, Q105, Q110, Q111, Q112]}")
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        mkdocs_build(root, strict=True)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert any("okrsite: 21 pages, 5 charts" in r.getMessage() for r in caplog.records)


def test_sites_without_directory_urls_link_correctly(
    tmp_path: Path,
    tiny_portal: Callable[..., Path],
    mkdocs_build: Callable[..., Path],
    link_checker: Callable[[Path], list[str]],
) -> None:
    root = tiny_portal(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text("use_directory_urls: false\n" + config.read_text(encoding="utf-8"))
    site = mkdocs_build(root)
    assert (site / "objectives/2026-Q4/grow.html").is_file()
    assert link_checker(site) == []


def test_without_index_the_dashboard_is_generated(
    tmp_path: Path, tiny_portal: Callable[..., Path], mkdocs_build: Callable[..., Path]
) -> None:
    site = mkdocs_build(tiny_portal(tmp_path, {"goals/index.md": None}))
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html and "Acme goals</h1>" in html
    assert page(site, "").edit == "https://github.com/acme/goals/edit/main/mkdocs.yml"


def test_stylesheet_can_be_overridden(
    tmp_path: Path, tiny_portal: Callable[..., Path], mkdocs_build: Callable[..., Path]
) -> None:
    root = tiny_portal(tmp_path, {"theme/assets/okrsite/okrsite.css": "/* ours */\n"})
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: theme\n"
        )
    )
    site = mkdocs_build(root)
    assert (site / "assets/okrsite/okrsite.css").read_text(encoding="utf-8") == "/* ours */\n"
    (root / "goals/assets/okrsite").mkdir(parents=True)
    (root / "goals/assets/okrsite/okrsite.css").write_text("/* docs */\n")
    site = mkdocs_build(root)
    assert (site / "assets/okrsite/okrsite.css").read_text(encoding="utf-8") == "/* docs */\n"


def test_a_company_page_in_a_generated_place_gives_way_with_a_warning(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    tiny_portal: Callable[..., Path],
    mkdocs_build: Callable[..., Path],
) -> None:
    root = tiny_portal(tmp_path, {"goals/people/index.md": "# Our people\n"})
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        site = mkdocs_build(root)
    assert "people/index.md is replaced by a page okrsite generates" in caplog.text
    assert "Our people" not in (site / "people/index.html").read_text(encoding="utf-8")


# --- failures, through the real command line ------------------------------------------


def _mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_errors_fail_the_build_with_the_finding_and_no_traceback(
    tmp_path: Path, tiny_portal: Callable[..., Path]
) -> None:
    root = tiny_portal(
        tmp_path,
        {"goals/teams/emea.md": "---\nname: EMEA\nparent: nowhere\nleed: Ann Lee\n---\n"},
    )
    result = _mkdocs(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"goals/teams/emea\.md:3:\d+: E007 ", result.stderr), result.stderr
    assert re.search(r"goals/teams/emea\.md:4:\d+: E002 ", result.stderr), result.stderr
    assert "okrsite: 2 errors in the goal files" in result.stderr
    assert "Aborted with a BuildError" in result.stdout + result.stderr
    assert not (root / "site/index.html").exists()


def test_bad_plugin_options_fail_cleanly(tmp_path: Path, tiny_portal: Callable[..., Path]) -> None:
    result = _mkdocs(tiny_portal(tmp_path, extra="fiscal_year_start: 13"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "fiscal_year_start" in result.stderr


ONE_KR = """\
---
objective: Win the marina groups of southern Europe
period: 2026-Q4
owner: Ann Lee
team: emea
parent: grow
key_results:
  - title: Sign 6 marina groups
    target: 6
checkins:
  - date: 2026-11-10
    values: {kr1: 3}
---
"""


def test_warnings_fail_strict_builds(tmp_path: Path, tiny_portal: Callable[..., Path]) -> None:
    root = tiny_portal(tmp_path, {"goals/objectives/2026-Q4/emea-deals.md": ONE_KR})
    relaxed = _mkdocs(root)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "Q101" in relaxed.stderr
    strict = _mkdocs(root, "--strict")
    assert strict.returncode == 1
    assert re.search(r"goals/objectives/2026-Q4/emea-deals\.md:\d+:\d+: Q101 ", strict.stderr)
    assert "Traceback" not in strict.stderr


def test_plugin_option_strict_fails_on_warnings(
    tmp_path: Path, tiny_portal: Callable[..., Path]
) -> None:
    root = tiny_portal(
        tmp_path, {"goals/objectives/2026-Q4/emea-deals.md": ONE_KR}, extra="strict: true"
    )
    result = _mkdocs(root)
    assert result.returncode == 1
    assert "the plugin option strict is on" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_build_command_spares_the_collectors_last_pass(
    tmp_path: Path, tiny_portal: Callable[..., Path]
) -> None:
    """``mkdocs build`` ends with its heap out of the cyclic collector's sight (its last
    pass at exit frees nothing the operating system does not take back anyway); a
    build called as a function, which the caller's process outlives, leaves it alone."""
    root = tiny_portal(tmp_path)
    script = (
        "import gc, sys\n"
        "from mkdocs.__main__ import cli\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "if sys.argv[1] == 'function':\n"
        "    build(load_config('mkdocs.yml'))\n"
        "else:\n"
        "    cli.main(args=['build', '-q'], prog_name='mkdocs', standalone_mode=False)\n"
        "print(gc.get_freeze_count(), __import__('os').path.isdir('site'))\n"
    )
    for how, frozen in (("command", True), ("function", False)):
        count, built = python_lines(script, how, cwd=root)[-1].split()
        assert built == "True"
        assert (int(count) > 1000) is frozen, (how, count)


def test_a_build_holds_its_portal_out_of_the_collectors_sight_until_it_ends(
    tmp_path: Path, tiny_portal: Callable[..., Path]
) -> None:
    """While MkDocs builds the pages, what was alive once the portal was loaded is frozen
    (full collections do not scan the model again); after the build, or its failure,
    nothing is, so a long-lived process (``mkdocs serve``) collects it as usual. A caller
    that froze objects first keeps its freeze as it set it."""
    root = tiny_portal(tmp_path)
    (root / "probe.py").write_text(
        "import gc\n"
        "SEEN = []\n"
        "FAIL = []\n"
        "def on_page_markdown(markdown, **kwargs):\n"
        "    SEEN.append(gc.get_freeze_count())\n"
        "    if FAIL:\n"
        "        raise RuntimeError('a plugin failed')\n"
    )
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - probe.py\n")
    script = (
        "import gc, sys\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "for first in ('failing', 'none', 'caller'):\n"
        "    if first == 'caller':\n"
        "        gc.freeze()\n"
        "    before = gc.get_freeze_count()\n"
        "    config = load_config('mkdocs.yml')\n"
        "    config.hooks['probe.py'].FAIL[:] = [True] if first == 'failing' else []\n"
        "    try:\n"
        "        build(config)\n"
        "    except RuntimeError:\n"
        "        pass\n"
        "    seen = config.hooks['probe.py'].SEEN\n"
        "    print(first, before, min(seen), gc.get_freeze_count())\n"
    )
    lines = python_lines(script, cwd=root)
    for line in lines[-3:-1]:  # a build that fails, then one that does not
        _, before, during, after = line.split()
        assert int(before) == 0 and int(during) > 1000 and int(after) == 0, line
    _, before, during, after = lines[-1].split()
    assert int(before) > 1000 and int(after) > 1000  # not given back to the collector


def test_serve_lets_the_first_build_go_and_rebuilds_with_the_same_plugin(
    tmp_path: Path, tiny_portal: Callable[..., Path]
) -> None:
    """MkDocs keeps the plugin for every rebuild of ``mkdocs serve`` (it has on_shutdown) and
    calls on_serve once, after the first build: the plugin then holds nothing of that
    build. A rebuild uses the same plugin and shows an edit."""
    root = tiny_portal(tmp_path)
    script = (
        "from pathlib import Path\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "from mkdocs.livereload import LiveReloadServer\n"
        "from bench.serve import free_port\n"
        "config = load_config('mkdocs.yml')\n"
        "build(config)\n"
        "plugin = config.plugins['okrsite']\n"
        "held = plugin.rendered is not None and plugin.files is not None\n"
        "server = LiveReloadServer(builder=lambda: None, host='127.0.0.1', port=free_port(),"
        " root='site')\n"
        "try:\n"
        "    config.plugins.on_serve(server, config=config, builder=lambda: None)\n"
        "finally:\n"
        "    server.server_close()\n"
        "print(held, plugin.rendered, plugin.files)\n"
        "page = Path('goals/objectives/2026-Q4/emea-deals.md')\n"
        "page.write_text(page.read_text().replace('Win the marina', 'Lead the marina'))\n"
        "again = load_config('mkdocs.yml')\n"
        "build(again)\n"
        "shown = Path('site/objectives/2026-Q4/emea-deals/index.html').read_text()\n"
        "print(again.plugins['okrsite'] is plugin, 'Lead the marina' in shown)\n"
    )
    first, second = python_lines(script, cwd=root)[-2:]
    assert first.split() == ["True", "None", "None"]
    assert second.split() == ["True", "True"]
