"""Incremental rebuilds: only pages whose generated content changed are rendered again.

``mkdocs build --dirty`` asks each file ``is_modified()``; MkDocs answers from
modification times, which says nothing about okrsite's pages (a check-in on one
objective changes its parent's page, its team's, the dashboard...; a generated
page is always "modified"). :class:`Rebuilds` answers instead from
:class:`~okrsite.engine.pagecache.PageManifest`: a page okrsite generated is
modified when its content differs from what the last build into the same site
folder generated, or when anything every page depends on changed (the
fingerprint: the MkDocs config file and the settings the command line can
change, the menu, the theme folders, versions). Pages listed in the menu
without a title there are always rendered: the menu shows their titles, which
MkDocs reads from the pages it renders. A page with Markdown a person wrote
(the company's own pages, the home page the dashboard goes under) is rendered
when a file was added or removed (its links may point there), and otherwise
keeps MkDocs' own answer. okrsite's pages link only to pages and files okrsite
knows exist, so what they link to is in their own content: a new person page
after a check-in changes the pages that link to it, and leaves the rest alone.

Under ``mkdocs serve`` the rebuilds after an edit become dirty builds
(:func:`serve_dirty`); the first build is a full one.

A dirty build leaves the search index holding only the pages it rendered;
:meth:`Rebuilds.finish` puts the other pages' entries back (kept in the
manifest) in the order a full build writes them, for mkdocs-material's search.
Pages of the last build that no longer exist are deleted from the site folder.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from ..engine.pagecache import (
    PageManifest,
    digest,
    fingerprint,
    group_search,
    merge_search,
    tree_stamp,
)
from ..engine.seal import cache_key
from ..render import APPEND, REPLACE, RenderedSite

_SEARCH_INDEX = ("search", "search_index.json")


class Rebuilds:
    """Which files of one build must be written again, and the manifest it leaves.

    Args:
        config: the MkDocs config of the build.
        files: every file of the build, okrsite's included.
        rendered: what okrsite generated.
        generated: docs-relative path -> content of every file okrsite added
            (pages, charts, okrs.json).
        cache_dir: okrsite's cache folder.
    """

    def __init__(
        self,
        config: MkDocsConfig,
        files: Files,
        rendered: RenderedSite,
        generated: dict[str, str | bytes],
        cache_dir: Path,
    ) -> None:
        self.site_dir = Path(config.site_dir)
        self.path = PageManifest.path_for(cache_dir, self.site_dir)
        self.key = cache_key(Path(config.config_file_path).parent)
        # Read only when MkDocs first asks (a dirty build): a full build has no use for it.
        self._previous: PageManifest | None = None
        self._read = False
        self._stash = self.path.with_name(f".{self.path.name}.last")
        # Until this build ends, the site folder proves nothing: the manifest is moved
        # aside (and one left aside by a build that failed is dropped).
        PageManifest.forget(self._stash)
        with contextlib.suppress(OSError):
            os.replace(self.path, self._stash)
        self.manifest = PageManifest(
            _fingerprint(config),
            listing=fingerprint(sorted(f"{f.src_uri}>{f.dest_uri}" for f in files)),
        )
        self._written_by_people: set[str] = set()
        self.skipped: set[str] = set()
        self.order: list[str] = []
        self._in_nav: set[str] = set()
        for src, content in generated.items():
            self.manifest.digests[src] = digest(content)
        for src, page in rendered.pages.items():
            if page.mode in (REPLACE, APPEND):  # the company's file is part of the page
                self.manifest.digests[src] = digest(f"{page.mode}\0{page.markdown}")
            if page.mode == APPEND:  # its own part is Markdown a person wrote
                self._written_by_people.add(src)
        for file in files:
            _answer(file, self._decider(file))

    @property
    def previous(self) -> PageManifest | None:
        """The manifest of the last build into this site folder, if it finished."""
        if not self._read:
            self._read = True
            self._previous = PageManifest.load(self._stash, self.key)
        return self._previous

    @property
    def same_site(self) -> bool:
        """Whether nothing every page depends on changed since the last build."""
        return self.previous is not None and self.previous.fingerprint == self.manifest.fingerprint

    def in_nav(self, nav: Navigation) -> None:
        """Pages in the menu without a title there are always rendered: the menu shows
        the title MkDocs reads from the page as it renders it."""
        self._in_nav = {page.file.src_uri for page in nav.pages if page.title is None}

    def _decider(self, file: File) -> Callable[[Callable[[], bool]], bool]:
        src = file.src_uri
        ours = self.manifest.digests.get(src)

        def modified(mkdocs_says: Callable[[], bool]) -> bool:
            changed = self._changed(file, ours, mkdocs_says)
            if not changed and file.is_documentation_page():
                self.skipped.add(_page_url(file))
            return changed

        return modified

    def _changed(self, file: File, ours: str | None, mkdocs_says: Callable[[], bool]) -> bool:
        if not self.same_site or file.src_uri in self._in_nav:
            return True
        if not os.path.isfile(file.abs_dest_path):
            return True
        assert self.previous is not None
        by_people = ours is None or file.src_uri in self._written_by_people
        if (
            by_people
            and file.is_documentation_page()
            and self.previous.listing != self.manifest.listing
        ):
            return True  # its Markdown links may point at a file added or removed
        if ours is None:  # the company's own file: MkDocs compares modification times
            return mkdocs_says()
        assert self.previous is not None
        if self.previous.digests.get(file.src_uri) != ours:
            return True
        # A goal page okrsite replaces also changes when its file does (front matter).
        return file.generated_by is None and mkdocs_says()

    def finish(self, config: MkDocsConfig, files: Files) -> None:
        """After the build: delete pages that are gone, complete the search index, save."""
        if self._read:  # a dirty build: pages of deleted files may linger
            self._remove_stale(files)
        self.order = [_page_url(f) for f in files.documentation_pages()]
        self._complete_search(config)
        self.manifest.save(self.path, self.key)
        PageManifest.forget(self._stash)

    def _remove_stale(self, files: Files) -> None:
        if self.previous is None:
            return
        current = {f.src_uri for f in files}
        for src in self.previous.digests:
            if src in current:
                continue
            # The page or chart of a deleted goal file would linger in a dirty site folder.
            gone = File(
                src, "", os.fspath(self.site_dir), use_directory_urls=_directory_urls(files)
            )
            with contextlib.suppress(OSError):
                os.remove(gone.abs_dest_path)

    def _complete_search(self, config: MkDocsConfig) -> None:
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is None or not type(search).__module__.startswith("material."):
            return  # another search plugin: its index format is not ours to rewrite
        path = self.site_dir.joinpath(*_SEARCH_INDEX)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            docs = data["docs"]
        except (OSError, ValueError, KeyError, TypeError):
            return
        rebuilt = group_search(docs)
        if self.skipped and self.previous is not None:
            merged = merge_search(self.order, rebuilt, self.previous.search, self.skipped)
            data["docs"] = merged
            # As mkdocs-material writes it, so a dirty build's index equals a full build's.
            text = json.dumps(data, separators=(",", ":"), default=str)
            with contextlib.suppress(OSError):
                path.write_text(text, encoding="utf-8")
            rebuilt = group_search(merged)
        self.manifest.search = rebuilt


def _answer(file: File, decide: Callable[[Callable[[], bool]], bool]) -> None:
    """Let ``decide`` answer the file's ``is_modified()``, once per build (MkDocs asks twice)."""
    asked = file.is_modified
    answer: list[bool] = []

    def is_modified() -> bool:
        if not answer:
            answer.append(decide(asked))
        return answer[0]

    file.is_modified = is_modified  # type: ignore[method-assign]


def _page_url(file: File) -> str:
    """The URL as a page (and the search index) gives it: the home page's is ``""``."""
    return "" if file.url in (".", "./") else file.url


def _directory_urls(files: Files) -> bool:
    for file in files.documentation_pages():
        return file.use_directory_urls
    return True


def _fingerprint(config: MkDocsConfig) -> str:
    """Everything a page's HTML depends on besides its own content and the list of files."""
    try:
        config_text = Path(config.config_file_path).read_text(encoding="utf-8")
    except (OSError, TypeError):
        config_text = ""
    versions = []
    for package in ("okrsite", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{package}={metadata.version(package)}")
    settings = {
        key: repr(config.get(key))
        for key in (
            "site_url",
            "use_directory_urls",
            "nav",
            "extra_css",
            "extra_javascript",
            "markdown_extensions",
            "mdx_configs",
            "docs_dir",
            "site_dir",
        )
    }
    theme = [config.theme.name or "", repr(sorted(config.theme.items(), key=str))]
    theme += [f"{folder}\n{tree_stamp(Path(folder))}" for folder in config.theme.dirs]
    return fingerprint([*versions, config_text, repr(sorted(settings.items())), *theme])


def serve_dirty(builder: Any) -> bool:
    """Make ``mkdocs serve``'s rebuilds dirty builds; False when that cannot be done.

    MkDocs 1.6's ``serve`` passes ``dirty=is_dirty`` from its closure to every
    rebuild and offers no other switch; the closure's cell is set after the first
    (full) build. Any other shape of ``builder`` leaves full rebuilds in place.
    """
    code = getattr(builder, "__code__", None)
    cells = getattr(builder, "__closure__", None)
    if code is None or cells is None or "is_dirty" not in code.co_freevars:
        return False
    cell = cells[code.co_freevars.index("is_dirty")]
    if not isinstance(cell.cell_contents, bool):
        return False
    cell.cell_contents = True
    # MkDocs warns that a dirty build may hold stale menus and links; these rebuilds do
    # not (see Rebuilds), and --strict would count the warning as a failure.
    logging.getLogger("mkdocs.commands.build").addFilter(_not_dirty_warning)
    return True


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")
