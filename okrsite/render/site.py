"""A whole portal rendered: every page, chart spec and file okrsite adds to a site."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..charts import Chart
from ..export import export_json
from ..model import Portal
from ..options import Options
from .alignment import alignment
from .catalog import Catalog
from .changes import changes
from .dashboard import dashboard
from .health import health, rules
from .kpi import kpi_page, kpis_index
from .links import SiteMap
from .objective import objective_page
from .page import APPEND, RenderedPage
from .paging import PageSizes
from .period import objectives_index, period_pages, periods_index
from .person import people_index, person_page
from .specs import ScoreHistory, kpi_chart, progress_chart, sparkline
from .team import team_page, teams_index
from .textmemo import MEMO

#: The plugin's stylesheet inside the package (a theme folder: see templates/).
STYLESHEET = "assets/okrsite/okrsite.css"


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedSite:
    """Everything okrsite adds to a site, as data; no MkDocs involved.

    Attributes:
        pages: docs-relative source path -> page, for generated pages (mode
            ``new``), goal pages whose content is replaced (``replace``) and
            the company's ``index.md`` the dashboard goes under (``append``).
        charts: output path (``assets/okrsite/charts/kpi-mrr.svg``) -> chart spec.
        files: other generated text files: ``okrs.json``.
        site: where the pages live, and the site settings they were made for.
    """

    pages: Mapping[str, RenderedPage]
    charts: Mapping[str, Chart]
    files: Mapping[str, str] = field(default_factory=dict)
    site: SiteMap = field(default_factory=SiteMap)

    def edit_url(self, src: str) -> str | None:
        """The edit link of a page: the repository URL of the file that feeds it."""
        page = self.pages.get(src)
        return self.site.edit_url(page.feed) if page else None


@dataclass(frozen=True, slots=True)
class Share:
    """Objectives' pages and progress charts: the part of a site's rendering another
    process can do while this one renders the rest (:mod:`.kept`)."""

    pages: dict[str, RenderedPage]
    charts: dict[str, Chart]


def render_site(
    portal: Portal,
    options: Options,
    site: SiteMap | None = None,
    *,
    sizes: PageSizes | None = None,
    objectives: Iterable[str] | None = None,
) -> RenderedSite:
    """Render every page and chart spec of a portal.

    No page grows with the portal: long listings are split into numbered
    sub-pages (see :mod:`okrsite.render.paging`), which are pages of their own
    (mode ``new``) like the entry page they hang under.

    Args:
        portal: the output of :func:`okrsite.portal.build_portal`.
        options: the run options (lint settings are shown on the rules page).
        site: where pages live and the site's settings; default: from ``options``.
        sizes: rows per page; default: :class:`~okrsite.render.paging.PageSizes`'s.
        objectives: the objectives whose pages and progress charts are rendered,
            taken one at a time after the rest of the site (default: all); another
            process renders the others' (:func:`objective_share`).

    Returns:
        The rendered site; deterministic for a given portal.
    """
    site = site or SiteMap.from_options(options)
    sizes = sizes or PageSizes()
    MEMO.new_build()  # user text rendered by the last build is reused, the rest let go
    cat = Catalog.build(portal, site)
    pages: dict[str, RenderedPage] = {}
    charts: dict[str, Chart] = {}

    def add(page: RenderedPage) -> None:
        pages[page.src] = page

    add(dashboard(cat, sizes))
    for tid in sorted(portal.teams):
        add(team_page(cat, tid))
    for kid in sorted(portal.kpis):
        add(kpi_page(cat, kid))
        charts[site.chart("kpi", kid)] = kpi_chart(portal, kid)
        charts[site.chart("spark", kid)] = sparkline(portal, kid)
    for person in cat.people.values():
        add(person_page(cat, person, checkins_shown=sizes.rows))
    for period in cat.sorted_periods():
        for page in period_pages(cat, period, sizes):
            add(page)
    for page in (
        *teams_index(cat, sizes),
        *kpis_index(cat, sizes),
        objectives_index(cat, sizes),
        *people_index(cat, sizes),
        periods_index(cat),
        *alignment(cat, sizes),
        *changes(cat, sizes),
        *health(cat, sizes),
        rules(cat, options.lint),
    ):
        add(page)
    files = {site.json: export_json(portal, site)}
    # The objectives last: another process may be taking them from the other end.
    share = _objectives(cat, sorted(portal.objectives) if objectives is None else objectives)
    pages.update(share.pages)
    charts.update(share.charts)
    return RenderedSite(
        pages=dict(sorted(pages.items())),
        charts=dict(sorted(charts.items())),
        files=files,
        site=site,
    )


def objective_share(portal: Portal, site: SiteMap, objectives: Iterable[str]) -> Share:
    """Objectives' pages and progress charts, as :func:`render_site` renders them."""
    return _objectives(Catalog.build(portal, site), objectives)


def _objectives(cat: Catalog, objectives: Iterable[str]) -> Share:
    portal = cat.portal
    history = ScoreHistory(portal)
    pages: dict[str, RenderedPage] = {}
    charts: dict[str, Chart] = {}
    for oid in objectives:
        page = objective_page(cat, oid, history)
        pages[page.src] = page
        obj = portal.objectives[oid]
        if obj.period is not None and portal.objective_results[oid].status != "planned":
            charts[cat.site.chart("progress", oid)] = progress_chart(portal, oid, history)
    return Share(pages, charts)


def stylesheet() -> str:
    """The plugin's CSS as shipped in the package."""
    return (
        resources.files("okrsite")
        .joinpath("templates", *STYLESHEET.split("/"))
        .read_text(encoding="utf-8")
    )


def write_tree(
    site: RenderedSite,
    out_dir: Path,
    charts: Mapping[str, bytes],
    *,
    docs_dir: Path | None = None,
) -> list[Path]:
    """Write the generated Markdown, SVGs, okrs.json and CSS as plain files.

    The tree mirrors docs_dir: another MkDocs-compatible engine (or a person)
    can render it. A page that goes under the company's own page (the
    dashboard under ``index.md``) gets that page's body first when
    ``docs_dir`` is given; its front matter is dropped.

    Args:
        site: the output of :func:`render_site`.
        out_dir: the folder to write into (created when needed).
        charts: output path -> SVG bytes (``ChartCache.render_all(site.charts)``).
        docs_dir: the goals folder, for pages that extend the company's own.

    Returns:
        The files written, sorted.
    """
    written: list[Path] = []

    def put(rel: str, data: str | bytes) -> None:
        target = out_dir.joinpath(*rel.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8", newline="\n")
        else:
            target.write_bytes(data)
        written.append(target)

    for src, page in site.pages.items():
        text = page.markdown
        if page.mode == APPEND and docs_dir is not None:
            own = docs_dir.joinpath(*src.split("/"))
            if own.is_file():
                text = _without_front_matter(own.read_text(encoding="utf-8-sig")) + "\n\n" + text
        put(src, text)
    for path in sorted(charts):
        put(path, charts[path])
    for path, content in site.files.items():
        put(path, content)
    put(STYLESHEET, stylesheet())
    return sorted(written, key=lambda p: os.fspath(p))


def _without_front_matter(text: str) -> str:
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return "\n".join(lines[index + 1 :]).strip("\n")
    return text.strip("\n")
