"""Generated pages are final HTML: Python-Markdown is left only the headings.

Measured on two portals nobody tuned the renderer to page by page: the example
company's (``goals/``) and the benchmark generator's smallest one. For every
generated page, the Markdown the MkDocs adapter hands to Python-Markdown (HTML
blocks stashed, :mod:`okrsite.render.blocks`) must hold nothing but headings
and placeholders, and every stashed block must be well-formed HTML on its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bench.generate import edit_objective, generate_portal
from okrsite.cli.goals import site_map
from okrsite.portal import build_portal
from okrsite.render import RenderedSite, render_site
from okrsite.render.blocks import stash
from okrsite.render.paging import PageSizes
from okrsite.source.site import locate_goals

ROOT = Path(__file__).resolve().parent.parent
_PLACEHOLDER = re.compile(r"<!--okrsite:[0-9a-f]{16}:\d+-->")
#: Pages that hold Markdown on purpose: the rules page's prose and code samples.
_MARKDOWN_PAGES = {"rules.md"}
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "source"}
#: SVG elements written self-closing (``<circle .../>``).
_SVG_LEAVES = {"circle", "polyline", "line", "path", "rect", "polygon", "ellipse", "stop"}


def _site(root: Path) -> RenderedSite:
    """The site ``okrsite render`` would write for the portal of ``root/mkdocs.yml``."""
    target = locate_goals(str(root), None)
    portal = build_portal(target.docs_dir, target.options, root=target.root)
    return render_site(portal, target.options, site_map(target))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RenderedSite]:
    generated = tmp_path_factory.mktemp("xs")
    generate_portal("XS", generated)
    return {"example": _site(ROOT), "generated": _site(generated)}


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <circle .../>: opens and closes

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
            return
        self.open.pop()


def _unbalanced(block: str) -> list[str]:
    parser = _Balance()
    parser.feed(block)
    parser.close()
    return parser.errors + [f"<{tag}> never closed" for tag in parser.open]


@pytest.mark.parametrize("which", ["example", "generated"])
def test_python_markdown_is_left_only_the_headings(
    sites: dict[str, RenderedSite], which: str
) -> None:
    site = sites[which]
    assert len(site.pages) > 20
    for src, page in site.pages.items():
        if src in _MARKDOWN_PAGES:
            continue
        markdown, stashed = stash(page.markdown, page.blocks)
        assert stashed, src
        for chunk in markdown.strip().split("\n\n"):
            assert chunk.startswith("#") or _PLACEHOLDER.fullmatch(chunk), (src, chunk[:200])


@pytest.mark.parametrize("which", ["example", "generated"])
def test_every_generated_block_is_well_formed_html(
    sites: dict[str, RenderedSite], which: str
) -> None:
    for src, page in sites[which].pages.items():
        for block in page.block_texts():
            # The offsets mark whole blocks: from the first tag to the last.
            assert block.startswith("<") and block.endswith(">"), (src, block[:80], block[-80:])
            assert not _unbalanced(block), (src, _unbalanced(block)[:3], block[:300])
            # No Markdown left in okrsite's own HTML for anything to parse again.
            assert "**" not in block and "](" not in block, (src, block[:300])
            assert not re.search(r"(^|\n|<p>|<td>)(- |\| )", block), (src, block[:300])


class _Decoded(HTMLParser):
    """Every attribute value and text of a block, as a browser reads them (decoded once)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.read: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.read.extend(f"{tag} {name}={value}" for name, value in attrs if value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.read.append(data)


#: A character reference left after decoding: the text was escaped twice.
_TWICE = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


@pytest.mark.parametrize("which", ["example", "generated"])
def test_no_text_or_attribute_is_escaped_twice(
    sites: dict[str, RenderedSite], which: str
) -> None:
    """A reader sees "Objectives 2026-Q4", never "Objectives 2026&#45;Q4" (a stacked
    table on a phone shows each cell's ``data-label``)."""
    labels = 0
    for src, page in sites[which].pages.items():
        for block in page.block_texts():
            parser = _Decoded()
            parser.feed(block)
            parser.close()
            for read in parser.read:
                assert not _TWICE.search(read), (src, read[:200])
            labels += sum(" data-label=" in read for read in parser.read)
    assert labels > 100


class _Cells(HTMLParser):
    """The text of every table cell of a page's article, row by row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "svg":
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "svg":
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skip:
            self.cell.append(data)


def test_the_search_index_reads_table_cells_as_separate_words(
    tmp_path: Path, mkdocs_build: Callable[..., Path]
) -> None:
    """The search plugin reads a page's text in order: with no space between two cells,
    their words would run together ("ScoreTrend") and neither could be found."""
    generate_portal("XS", tmp_path)
    site = mkdocs_build(tmp_path)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text: dict[str, str] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        text[page] = text.get(page, "") + " " + re.sub(r"<[^>]+>", " ", doc["text"])
    checked = 0
    for page, words in text.items():
        html_file = site / page / "index.html" if page else site / "index.html"
        if not html_file.is_file():
            continue
        cells = _Cells()
        cells.feed(html_file.read_text(encoding="utf-8"))
        for row in cells.rows:
            for first, second in zip(row, row[1:], strict=False):
                if first and second and first[-1].isalnum() and second[0].isalnum():
                    checked += 1
                    glued = first.split()[-1] + second.split()[0]
                    assert f" {glued} " not in f" {' '.join(words.split())} ", (page, glued)
    assert checked > 500


def test_chart_data_tables_are_in_every_page_and_out_of_the_search_index(
    tmp_path: Path, mkdocs_build: Callable[..., Path]
) -> None:
    """The data tables under the charts skip MkDocs' page content (the search plugin
    parses it tag by tag) and are put back into the finished page, as generated."""
    generate_portal("XS", tmp_path)
    target = locate_goals(str(tmp_path), None)
    portal = build_portal(target.docs_dir, target.options, root=target.root)
    rendered = render_site(portal, target.options, site_map(target))
    site = mkdocs_build(tmp_path)
    tables = 0
    for src, page in rendered.pages.items():
        expected = re.findall(r'<details class="okr-data">.*?</details>', page.markdown, re.S)
        if not expected:
            continue
        url = src.removesuffix(".md").removesuffix("index").rstrip("/")
        built = (site / url / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'<details class="okr-data">.*?</details>', built, re.S) == expected
        tables += len(expected)
    assert tables >= 10  # the XS portal: KPI pages and objective pages with progress
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Data (" not in index  # the summary of every KPI's table
    assert "Key results" in index and "Check-ins" in index  # the rest of those pages is there
    leftovers = [p for p in site.rglob("*") if p.is_file() and b"okrsite-aside" in p.read_bytes()]
    assert leftovers == []


def test_stash_takes_the_blocks_at_their_offsets_after_the_companys_own_text() -> None:
    own = "# Our goals\n\nWritten by **us**.\n\n"
    generated = "## KPIs\n\n<table><tr><td>a</td></tr></table>\n\n## Teams\n\n<p>b</p>\n"
    spans = ((9, 43), (55, 63))
    assert [generated[s:e] for s, e in spans] == ["<table><tr><td>a</td></tr></table>", "<p>b</p>"]
    markdown, stashed = stash(own + generated, spans, offset=len(own))
    assert list(stashed.values()) == ["<table><tr><td>a</td></tr></table>", "<p>b</p>"]
    assert markdown.startswith(own) and "<td>" not in markdown and "## Teams" in markdown
    # Offsets that cannot belong to the text are left alone, never cut through it.
    assert stash(generated, ((50, 10), (0, 10_000)))[1] == {}


def test_a_finished_periods_review_does_not_grow_with_the_portal(tmp_path: Path) -> None:
    """Grades, review notes and carry-over of a finished period are capped on its page."""
    generate_portal("XS", tmp_path)
    target = locate_goals(str(tmp_path), None)
    portal = build_portal(target.docs_dir, target.options, root=target.root)
    site = render_site(portal, target.options, site_map(target), sizes=PageSizes(dashboard=1))
    review = site.pages["periods/2026-Q3.md"].markdown.split("## Review of")[1]
    grades = review.split("### Grades")[1].split("###")[0]
    assert grades.count("<tr><td>") == 1  # one row of grades, the first in tree order
    assert re.search(r"The first 1 of \d+, in the order of the team tree", grades)


def test_the_status_changes_of_the_week_are_capped(tmp_path: Path) -> None:
    generate_portal("S", tmp_path)
    target = locate_goals(str(tmp_path), None)
    portal = build_portal(target.docs_dir, target.options, root=target.root)
    full = render_site(portal, target.options, site_map(target))
    capped = render_site(portal, target.options, site_map(target), sizes=PageSizes(rows=1))

    def section(site: RenderedSite) -> str:
        return site.pages["changes.md"].markdown.split("## Status changes")[1].split("\n## ")[0]

    changed = section(full).count("<tr><td>")
    assert changed >= 2, "the S portal has objectives whose status changed this week"
    assert section(capped).count("<tr><td>") == 1
    assert f"The first 1 of {changed} objectives whose status changed" in section(capped)


def test_a_new_change_leaves_the_older_pages_of_the_log_as_they_were(tmp_path: Path) -> None:
    """/changes/ is newest first and cut from its oldest end: one check-in changes the
    entry page and the first sub-page only (unless the first page was full and a new one
    begins), so a dirty build renders those two again, not the whole log."""
    generate_portal("XS", tmp_path)
    target = locate_goals(str(tmp_path), None)

    def log_pages(rows: int) -> dict[str, str]:
        portal = build_portal(target.docs_dir, target.options, root=target.root)
        site = render_site(portal, target.options, site_map(target), sizes=PageSizes(rows=rows))
        return {src: p.markdown for src, p in site.pages.items() if src.startswith("changes")}

    sizes = (3, 4, 5)  # the log cannot fill the first page at all three sizes
    before = {rows: log_pages(rows) for rows in sizes}
    edit_objective(tmp_path)
    checked = 0
    for rows in sizes:
        after = log_pages(rows)
        assert len(before[rows]) >= 4, "the XS log spans several sub-pages"
        if len(after) != len(before[rows]):
            continue  # the first page was full: a new first page, every page renumbered
        differ = sorted(src for src in after if after[src] != before[rows][src])
        assert differ == ["changes.md", "changes/page/1.md"]
        checked += 1
    assert checked
