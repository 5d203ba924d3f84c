"""Where every page of the portal lives, and the URL MkDocs gives it.

The renderer (:mod:`okrsite.render`) places its pages with a :class:`SiteMap`
and the export (:mod:`okrsite.export`) takes the ``url`` of each objective and
KPI from the same map, so the two cannot disagree whatever the folder options
and ``use_directory_urls`` are.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from urllib.parse import urljoin

from .markdown_config import SiteMarkdown
from .options import Options

#: Longest slug or generated file name (without extension) made from user text; file
#: systems allow 255 bytes per name, and URLs stay readable.
MAX_NAME = 80


def bounded(name: str, limit: int = MAX_NAME) -> str:
    """``name`` cut to ``limit`` characters, a short hash of the whole name ending a cut one.

    Two long names that share their first ``limit`` characters still differ
    after the cut: the hash is of the full name.
    """
    if len(name) <= limit:
        return name
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return name[: limit - len(digest) - 1].rstrip("-") + "-" + digest


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL (relative to the site root) MkDocs gives a docs file."""
    if not src.endswith(".md"):
        return src
    stem = src[: -len(".md")]
    name = posixpath.basename(stem)
    if name in ("index", "README") and directory_urls:
        folder = posixpath.dirname(stem)
        return f"{folder}/" if folder else ""
    if name == "README":
        return posixpath.join(posixpath.dirname(stem), "index.html")
    return f"{stem}/" if directory_urls else f"{stem}.html"


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteMap:
    """Where each page of the portal lives (paths relative to docs_dir) and its edit URL.

    Attributes:
        teams_dir, objectives_dir, kpis_dir: the goal folders (plugin options).
        docs_prefix: docs_dir relative to the folder finding paths are shown
            from (the folder of mkdocs.yml), ``"goals/"``; ``""`` when the same.
        config_path: mkdocs.yml relative to docs_dir (``"../mkdocs.yml"``):
            the file that feeds the health and rules pages.
        repo_url, edit_uri, edit_uri_template: as in mkdocs.yml.
        directory_urls: MkDocs' ``use_directory_urls``.
        has_index: docs_dir has its own ``index.md``, shown above the dashboard.
        markdown: the site's Markdown extensions, for goal-page bodies.
    """

    teams_dir: str = "teams"
    objectives_dir: str = "objectives"
    kpis_dir: str = "kpis"
    docs_prefix: str = ""
    config_path: str | None = None
    repo_url: str | None = None
    edit_uri: str | None = None
    edit_uri_template: str | None = None
    directory_urls: bool = True
    has_index: bool = False
    markdown: SiteMarkdown = field(default_factory=SiteMarkdown, compare=False)

    @classmethod
    def from_options(cls, options: Options, **site: object) -> SiteMap:
        """A site map for the goal folders of ``options`` plus the site settings given."""
        return cls(
            teams_dir=options.teams_dir.strip("/"),
            objectives_dir=options.objectives_dir.strip("/"),
            kpis_dir=options.kpis_dir.strip("/"),
            **site,  # type: ignore[arg-type]
        )

    # --- sources of pages -------------------------------------------------

    def team(self, team_id: str) -> str:
        return f"{self.teams_dir}/{team_id}.md"

    def objective(self, objective_id: str) -> str:
        return f"{self.objectives_dir}/{objective_id}.md"

    def kpi(self, kpi_id: str) -> str:
        return f"{self.kpis_dir}/{kpi_id}.md"

    def person(self, slug: str) -> str:
        return f"people/{slug}.md"

    def period(self, key: str) -> str:
        return f"periods/{key}.md"

    dashboard = "index.md"
    people_index = "people/index.md"
    periods_index = "periods/index.md"
    alignment = "alignment.md"
    health = "health.md"
    changes = "changes.md"
    rules = "rules.md"
    json = "okrs.json"
    stylesheet = "assets/okrsite/okrsite.css"

    @property
    def teams_index(self) -> str:
        return f"{self.teams_dir}/index.md"

    @property
    def objectives_index(self) -> str:
        return f"{self.objectives_dir}/index.md"

    @property
    def kpis_index(self) -> str:
        return f"{self.kpis_dir}/index.md"

    def sub_page(self, entry: str, number: int) -> str:
        """Page ``number`` of a long listing, below its entry page (see :mod:`.paging`).

        ``periods/2026-Q4.md`` -> ``periods/2026-Q4/page/2.md`` (URL
        ``/periods/2026-Q4/page/2/``); ``teams/index.md`` -> ``teams/page/2.md``.
        """
        stem = entry.removesuffix(".md")
        if posixpath.basename(stem) in ("index", "README"):
            stem = posixpath.dirname(stem)
        return f"{stem}/page/{number}.md" if stem else f"page/{number}.md"

    def chart(self, kind: str, ident: str) -> str:
        """``assets/okrsite/charts/<kind>-<id>.svg`` (objective ids keep their folders).

        The file name is bounded (:func:`bounded`): a goal file whose name is
        near the file system's limit still gets a chart.
        """
        folder, slash, name = f"{kind}-{ident}".rpartition("/")
        return f"assets/okrsite/charts/{folder}{slash}{bounded(name)}.svg"

    # --- findings and edit links ----------------------------------------

    def docs_path(self, shown: str) -> str | None:
        """A finding's path (relative to the mkdocs.yml folder) relative to docs_dir."""
        if not self.docs_prefix:
            return shown
        if shown.startswith(self.docs_prefix):
            return shown[len(self.docs_prefix) :]
        return None

    def edit_url(self, docs_path: str | None) -> str | None:
        """The repository URL that edits a file (relative to docs_dir), as MkDocs computes it.

        ``None`` when the site has no ``edit_uri``. Paths may leave docs_dir
        (``../mkdocs.yml``): URL joining resolves the ``..``. A folder (a
        path ending in ``/``) cannot be edited: on GitHub and GitLab its URL
        shows the folder (``tree`` instead of ``edit``).
        """
        if docs_path is None:
            return None
        if docs_path.endswith("/"):
            url = self.edit_url(docs_path + "x")
            if url is None or "/edit/" not in url:
                return url[: -len("x")] if url else None
            return url[: -len("x")].replace("/edit/", "/tree/", 1)
        if self.edit_uri_template and not docs_path.startswith("../"):
            noext = posixpath.splitext(docs_path)[0]
            relative = self.edit_uri_template.format(path=docs_path, path_noext=noext)
        elif self.edit_uri:
            relative = self.edit_uri.rstrip("/") + "/" + docs_path
        else:
            return None
        base = self.repo_url or ""
        if base and not base.endswith("/") and not relative.startswith(("?", "#")):
            base += "/"
        return urljoin(base, relative)

    def view_url(self, docs_path: str | None, line: int | None = None) -> str | None:
        """A URL that shows a file at a line (``blob`` instead of ``edit`` on GitHub/GitLab)."""
        url = self.edit_url(docs_path)
        if url is None or "/edit/" not in url:
            return None
        url = url.replace("/edit/", "/blob/", 1)
        return f"{url}#L{line}" if line else url
