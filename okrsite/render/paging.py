"""Long listings split into pages of a bounded size, so that no page grows with the portal.

A site-wide listing (a period's objectives, the alignment tree, the health
findings, the team, KPI and people indexes) keeps the URL SPEC section 8
gives it. When its rows fit one page it is rendered as it always was: no
sub-pages, no pager. When they do not, the listing is split:

- The **entry page** (``/periods/2026-Q4/``, ``/alignment/``, ``/health/``,
  ``/teams/``, ``/kpis/``, ``/people/``) becomes a summary of a bounded size
  plus an index that links to every sub-page, with the first and last entry
  of each (``Analytics – Billing Core``) and its number of rows.
- The rows go, in their display order, to **numbered sub-pages** below the
  entry URL: ``<entry>/page/<n>/`` for n = 1 .. N (sources
  ``periods/2026-Q4/page/1.md``, ``alignment/page/2.md``,
  ``health/page/3.md``, ``teams/page/1.md``, ``kpis/page/1.md``,
  ``people/page/1.md``). The ``page/`` segment is the usual pagination URL
  (mkdocs-material's blog, Hugo, Jekyll) and keeps the numbers out of the
  id spaces: a team, KPI or person called ``2`` keeps ``/teams/2/``.
- Page n holds rows ``(n - 1) * size + 1`` to ``n * size``: the numbering
  depends only on the rows and the page size, so equal input gives equal
  pages, byte for byte. A group of rows (a team's objectives, the findings of
  one file, a subtree) that runs over a page boundary is continued on the
  next page under the same heading, marked "(continued)".
- Each sub-page links up to its entry page and to the previous and next
  sub-page, at its top and its bottom. Links are relative, as everywhere.
  Sub-pages are generated pages: they carry the edit link of the files that
  feed them and stay out of the navigation menu (see :mod:`.nav`).

The sizes (:class:`PageSizes`) are counted in rows, not bytes, so a page
boundary does not move when a title gets longer. They are set so that a page
stays well under 100 KB of HTML with mkdocs-material's ~17 KB around it
(the build benchmark's target), HTML being 1.3-2x the Markdown:
:data:`PAGE_SIZE` (100) rows of the team, KPI and people indexes and tree
lines of the alignment, :data:`OBJECTIVES_PAGE_SIZE` (60) objectives of a
period page, whose rows and team headings weigh most (~40 KB of Markdown at
the benchmark's L size), and :data:`FINDINGS_PAGE_SIZE` (40) findings, each
with its file's heading and links. The entry page's index grows with the
number of sub-pages only (one row per page): about 100 bytes per 60
objectives.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from .markup import md_table
from .page import Page, RenderedPage

if TYPE_CHECKING:
    from .links import SiteMap

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

#: Rows (table rows, tree lines) of a listing on one page.
PAGE_SIZE = 100
#: Objectives on one page of a period: a row there weighs more (a score bar, and a heading
#: with the team's score for each team, which the theme repeats in the table of contents).
OBJECTIVES_PAGE_SIZE = 60
#: Findings on one page of /health/: each weighs more (a heading per file, edit and line links).
FINDINGS_PAGE_SIZE = 40
#: Rows of a dashboard section (company objectives, teams, KPIs, each kind of alert) beyond
#: which the dashboard shows a selection and links to the full listing.
DASHBOARD_ROWS = 25


@dataclass(frozen=True, slots=True, kw_only=True)
class PageSizes:
    """How many rows a generated page holds; lowered in tests to paginate small portals.

    Attributes:
        rows: rows of a listing page (tree lines, teams, KPIs, people), and the check-ins
            shown on a person's page.
        objectives: objectives of a period page (and of the objectives index, beyond
            which that index lists the periods instead).
        findings: findings of a health page.
        dashboard: rows of each dashboard section.
    """

    rows: int = PAGE_SIZE
    objectives: int = OBJECTIVES_PAGE_SIZE
    findings: int = FINDINGS_PAGE_SIZE
    dashboard: int = DASHBOARD_ROWS

    def __post_init__(self) -> None:
        if min(self.rows, self.objectives, self.findings, self.dashboard) < 1:
            raise ValueError("page sizes must be at least 1")


def chunked(items: Sequence[T], size: int, *, from_end: bool = False) -> list[Sequence[T]]:
    """``items`` cut into consecutive pieces of ``size`` (the last one may be shorter).

    ``from_end``: the pieces are counted from the end, so the first one may be shorter.
    For a log shown newest first, a new entry then changes the first piece only: the
    older pages keep their entries (and a build after one check-in renders one of them
    again, not all).
    """
    if from_end and items:
        cut = len(items) % size or size
        return [items[:cut], *chunked(items[cut:], size)]
    return [items[start : start + size] for start in range(0, len(items), size)]


def runs(items: Iterable[T], key: Callable[[T], K]) -> list[tuple[K, list[T]]]:
    """Consecutive items with the same key, as (key, items), in order."""
    groups: list[tuple[K, list[T]]] = []
    for item in items:
        k = key(item)
        if groups and groups[-1][0] == k:
            groups[-1][1].append(item)
        else:
            groups.append((k, [item]))
    return groups


def continued(title: str, is_continued: bool) -> str:
    """A group heading, marked when the group began on the page before."""
    return f"{title} (continued)" if is_continued else title


def first_of(items: Sequence[T], limit: int, rest: str) -> tuple[Sequence[T], str]:
    """At most ``limit`` of ``items``, and the sentence that says so ("" when all fit).

    ``rest`` follows "The first 25 of 300" and names what was cut and where it
    is: a list that grows with the portal is capped on its page, and says so.
    """
    if len(items) <= limit:
        return items, ""
    return items[:limit], f"The first {limit} of {len(items)}{rest}"


def span(first: str, last: str) -> str:
    """``first – last`` (or one of them when they are the same)."""
    return first if first == last else f"{first} – {last}"


class SubPages:
    """The numbered sub-pages of one listing: where they live and how they link.

    Args:
        site: the site map (it knows the URL scheme).
        entry: the source of the entry page (``periods/2026-Q4.md``).
        title: how the sub-pages and their up-link name the listing (already safe HTML).
        count: how many sub-pages there are.
    """

    def __init__(self, site: SiteMap, entry: str, title: str, count: int) -> None:
        self.site = site
        self.entry = entry
        self.title = title
        self.count = count

    def src(self, number: int) -> str:
        """The source of sub-page ``number`` (1-based)."""
        return self.site.sub_page(self.entry, number)

    def heading(self, number: int) -> str:
        return f"# {self.title}, page {number} of {self.count}"

    def pager(self, p: Page, number: int) -> str:
        """Up to the entry page, then to the previous and next sub-page."""
        parts = [
            f"{p.link(self.entry, self.title)} › page {number} of {self.count}",
        ]
        if number > 1:
            parts.append(p.link(self.src(number - 1), f"Previous: page {number - 1}"))
        if number < self.count:
            parts.append(p.link(self.src(number + 1), f"Next: page {number + 1}"))
        return " · ".join(parts)

    def write(
        self,
        p: Page,
        chunks: Sequence[Sequence[T]],
        fill: Callable[[Page, Sequence[T], bool], object],
        *,
        feed: Callable[[Sequence[T]], str | None],
        group: Callable[[T], Hashable] | None = None,
    ) -> list[RenderedPage]:
        """The sub-pages of entry page ``p``, one per chunk: heading and pager,
        ``fill(page, chunk, continued)``, the pager again; made from ``feed(chunk)``.

        ``continued`` says that the chunk's first item is in the same group
        (``group``) as the last item of the page before; never without ``group``.
        """
        pages = []
        for number, chunk in enumerate(chunks, start=1):
            q = Page(p.cat, self.src(number))
            q.add(self.heading(number), self.pager(q, number))
            again = (
                group is not None
                and number > 1
                and group(chunks[number - 2][-1]) == group(chunk[0])
            )
            fill(q, chunk, again)
            q.add(self.pager(q, number))
            pages.append(q.done(feed=feed(chunk)))
        return pages

    def index(self, p: Page, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
        """The entry page's table of sub-pages: a ``Page n`` link, then ``rows[n - 1]``."""
        table = [
            [p.link(self.src(number), f"Page {number}"), *row]
            for number, row in enumerate(rows, start=1)
        ]
        return md_table(["Page", *headers], table, align="l" + "l" * (len(headers) - 1) + "r")


def paged_index(
    p: Page,
    items: Sequence[str],
    size: int,
    *,
    title: str,
    feed: str,
    summary: str,
    name: Callable[[str], str],
    body: Callable[[Page, Sequence[str]], str],
    preface: Callable[[Page, Sequence[str]], Sequence[str]] = lambda page, chunk: (),
) -> list[RenderedPage]:
    """An index page that lists ``items`` itself, or in sub-pages of ``size`` when they
    do not fit.

    The entry page ``p`` then gets ``summary`` (``{count}`` and ``{pages}`` filled in)
    and a table of the sub-pages, each named by its first and last item; every
    sub-page gets ``preface`` (lines above its table) and pagers above and below.
    """
    if len(items) <= size:
        p.add(body(p, items))
        return [p.done(feed=feed)]
    cat = p.cat
    chunks = chunked(items, size)
    sub = SubPages(cat.site, p.src, title, len(chunks))
    p.add(summary.format(count=len(items), pages=len(chunks), size=size))
    p.add(
        sub.index(
            p,
            [title, "Count"],
            [[span(name(c[0]), name(c[-1])), str(len(c))] for c in chunks],
        )
    )

    def fill(q: Page, chunk: Sequence[str], continued: bool) -> None:
        q.add(*preface(q, chunk), body(q, chunk))

    return [p.done(feed=feed), *sub.write(p, chunks, fill, feed=lambda chunk: feed)]
