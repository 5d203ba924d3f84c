"""Where every page lives and how pages point at each other.

Everything about paths and URLs is here, so the rest of the renderer never
builds a path by hand. Generated Markdown links to ``.md`` *sources* with
relative paths (:func:`rel_link`): MkDocs turns them into relative URLs, so
the site works under any sub-path (GitHub Pages project sites). HTML that the
renderer embeds itself (a page body rendered by markdown-it) is not seen by
MkDocs' link rewriting, so its links are turned into page URLs here
(:func:`resolve_href`), the way MkDocs would.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from ..markdown_config import SiteMarkdown
from ..options import Options

#: Letters that Unicode does not decompose into a base letter plus an accent.
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "ı": "i",
    }
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
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


def person_slug(name: str) -> str:
    """The slug of a person's page (SPEC 8): ``"José Núñez"`` -> ``jose-nunez``.

    The name is lowercased, accents are folded (NFKD, combining marks dropped,
    plus a few letters Unicode does not decompose: ``ø`` -> ``o``, ``ß`` ->
    ``ss``), and every run of other characters than ``a-z0-9`` becomes ``-``.
    A name that leaves nothing (e.g. written in CJK) gets ``person-`` and a
    short hash of the name. Two names with the same slug share one page. A
    slug longer than :data:`MAX_NAME` is cut and ends in a hash (:func:`bounded`).
    """
    folded = unicodedata.normalize("NFKD", name.lower().translate(_FOLD))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    slug = _NOT_SLUG.sub("-", folded).strip("-")
    if slug:
        return bounded(slug)
    digest = hashlib.sha1(" ".join(name.split()).encode("utf-8", "surrogatepass"))
    return "person-" + digest.hexdigest()[:10]


def _split_fragment(target: str) -> tuple[str, str]:
    path, sep, fragment = target.partition("#")
    return path, sep + fragment


def _relative(path: str, start: str) -> str:
    """``posixpath.relpath`` for clean docs-relative paths, without its filesystem calls."""
    to = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    parts = [".."] * (len(base) - common) + to[common:]
    return "/".join(parts) or "."


@functools.lru_cache(maxsize=65536)
def rel_link(from_src: str, to_src: str) -> str:
    """A relative Markdown link from one docs file to another (``#anchor`` kept).

    Both are paths relative to docs_dir, e.g. ``rel_link("objectives/2026-Q4/a.md",
    "teams/sales.md") == "../../teams/sales.md"``.
    """
    path, fragment = _split_fragment(to_src)
    if not path:
        return fragment
    if path == from_src:
        return posixpath.basename(path) + fragment
    return _relative(path, posixpath.dirname(from_src)) + fragment


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


def rel_url(from_src: str, to_src: str, directory_urls: bool = True) -> str:
    """The relative URL from the page built from ``from_src`` to the one built from ``to_src``."""
    path, fragment = _split_fragment(to_src)
    here = page_url(from_src, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    target = page_url(path, directory_urls) if path else here
    rel = _relative(target, base)
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel + fragment


def resolve_href(
    from_src: str, href: str, directory_urls: bool = True, *, origin: str | None = None
) -> str:
    """A link written in a goal file, made to work from the page it is shown on.

    URLs with a scheme, absolute paths and bare ``#anchors`` stay as they are;
    a relative path is resolved against the folder of ``origin`` (the goal
    file the text was written in; default: the page itself), ``.md`` files
    become page URLs, other files keep their path, and the result is made
    relative to the built URL of ``from_src``.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "#", "?")) or not parts.path:
        return href
    folder = posixpath.dirname(origin if origin is not None else from_src)
    joined = posixpath.normpath(posixpath.join(folder, parts.path))
    if joined.startswith("../") or joined == "..":
        return href  # outside docs_dir: nothing MkDocs would build either
    suffix = ("?" + parts.query if parts.query else "") + (
        "#" + parts.fragment if parts.fragment else ""
    )
    return rel_url(from_src, joined, directory_urls) + suffix


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
