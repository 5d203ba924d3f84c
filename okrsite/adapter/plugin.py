"""The MkDocs plugin: a thin adapter between MkDocs and the okrsite core.

Each hook translates: MkDocs config -> :class:`~okrsite.options.Options`,
docs_dir -> :func:`~okrsite.portal.build_portal`, portal ->
:func:`~okrsite.render.render_site`, rendered pages and charts -> MkDocs
files. Findings are logged through MkDocs' plugin logger (so ``mkdocs build
--strict`` counts the warnings) and errors end the build with a
:class:`~mkdocs.exceptions.PluginError`: a message, no traceback.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from ..charts.cache import ChartCache, start_workers
from ..engine.collector import hold_the_heap, release_the_heap, spare_the_last_pass
from ..engine.seal import cache_key
from ..escaping import theme_title
from ..markdown_config import SiteMarkdown
from ..model import Finding
from ..options import Options, OptionsError
from ..portal import build_portal
from ..render import (
    APPEND,
    NEW,
    REPLACE,
    STYLESHEET,
    RenderedPage,
    RenderedSite,
    SiteMap,
)
from ..render.blocks import put_back, set_aside, stash, unstash
from ..render.kept import render_kept
from ..render.nav import section_nav
from ..source.special import not_a_file_message, special_kind
from ..terminal import printable
from .config import OkrsiteConfig, to_options
from .rebuilds import Rebuilds, serve_dirty
from .searchmemo import SearchMemo
from .templatecache import SealedTemplates
from .watching import use_native_watcher

log = get_plugin_logger(__name__)

#: Package theme folder, searched after the site's custom_dir and the theme itself.
TEMPLATES = Path(__file__).parent.parent / "templates"


class OkrsitePlugin(BasePlugin[OkrsiteConfig]):
    """``plugins: - okrsite`` in mkdocs.yml."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.options: Options | None = None
        self.rendered: RenderedSite | None = None
        #: Generated pages whose text MkDocs has not asked for yet (on_page_markdown).
        self.texts: dict[str, RenderedPage] = {}
        self.rebuilds: Rebuilds | None = None
        self.files: Files | None = None
        self.stashed: dict[str, dict[str, str]] = {}
        #: Chart data tables kept out of the page's content until the page is finished.
        self.aside: dict[str, dict[str, str]] = {}
        #: The search entries kept by the last build (None: none are kept).
        self.search: SearchMemo | None = None
        #: The theme's templates as compiled by the last build.
        self.templates: SealedTemplates | None = None
        #: Whether the objects alive once the portal was loaded are held out of the
        #: collector's sight (:func:`~okrsite.engine.collector.hold_the_heap`) until the end.
        self.holding = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # MkDocs keeps this instance for every rebuild of ``mkdocs serve`` (it has on_shutdown).
        self.options = None
        self._let_go()
        if not self.config.enabled:
            return config
        try:
            self.options = to_options(self.config)
        except OptionsError as exc:
            raise PluginError(f"okrsite: {exc}") from None
        if os.fspath(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.append(os.fspath(TEMPLATES))
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        if config.nav is None:
            config.nav = section_nav(Path(config.docs_dir), SiteMap.from_options(self.options))
        start_workers()  # in the background, while the portal loads
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.options is None:
            return files
        started = time.perf_counter()
        _drop_special_files(files)
        root = Path(config.config_file_path).parent
        try:
            portal = build_portal(Path(config.docs_dir), self.options, root=root, cache=True)
        except OptionsError as exc:  # e.g. SOURCE_DATE_EPOCH out of range
            raise PluginError(f"okrsite: {exc}") from None
        _report(portal.findings, strict=self.options.strict)
        self.holding = hold_the_heap()  # the portal lives as long as the build
        cache_dir = root / self.options.cache_dir
        site = _site_map(config, self.options, files)
        self.rendered = render_kept(portal, self.options, site, cache_dir=cache_dir, project=root)
        cache = ChartCache(cache_dir, project=root)
        added = _publish(files, config, self.rendered, cache.render_all(self.rendered.charts))
        if self.config.incremental:
            self.files = files
            self.rebuilds = Rebuilds(config, files, self.rendered, added, cache_dir)
        self.search = SearchMemo.attach(config, cache_dir, cache_key(root), dirty=self._dirty)
        # Each page's generated text is handed to MkDocs once (on_page_markdown) and let go;
        # the rest of the build needs only what each page is. A big portal's generated text
        # is hundreds of megabytes, which MkDocs holds too.
        self.texts = dict(self.rendered.pages)
        self.rendered = replace(
            self.rendered,
            pages={
                src: replace(p, markdown="", blocks=()) for src, p in self.rendered.pages.items()
            },
        )
        log.info(
            f"{len(self.rendered.pages)} pages, {len(self.rendered.charts)} charts "
            f"({cache.stats.rendered} drawn, {cache.stats.reused} from the cache) "
            f"in {time.perf_counter() - started:.2f} s"
        )
        return files

    def _dirty(self) -> bool:
        """Whether this build leaves pages as they are (known once pages are rendered)."""
        return self.rebuilds is not None and bool(self.rebuilds.skipped)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        site = self.rendered
        # MkDocs holds the page's text from here on; okrsite's copy is let go (see on_files).
        rendered = self.texts.pop(page.file.src_uri, None)
        if site is None or rendered is None:
            return markdown
        if rendered.mode != APPEND:
            # A goal page's front matter is okrsite's data, not the theme's: keys such as
            # ``tags`` or ``title`` must not reach templates that print them unescaped.
            page.meta = {}
        offset, blocks = 0, rendered.blocks
        if rendered.mode == NEW:
            page.edit_url = site.edit_url(rendered.src)  # generated: edit the file that feeds it
            text = markdown
            if text != rendered.markdown:  # not as generated: no offset can be trusted
                blocks = ()
        elif rendered.mode == APPEND:
            own = markdown.rstrip() + "\n\n"
            text, offset = own + rendered.markdown, len(own)
        else:
            text = rendered.markdown
        # okrsite's own HTML blocks skip Python-Markdown; on_page_content puts them back.
        text, self.stashed[page.file.src_uri] = stash(text, blocks, offset=offset)
        return text

    @event_priority(100)  # the page's whole HTML before any other plugin sees it
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        # The charts' data tables skip the search index (and every plugin's page.content);
        # on_post_page puts them back into the finished page.
        blocks, aside = set_aside(self.stashed.pop(page.file.src_uri, {}))
        if aside:
            self.aside[page.file.src_uri] = aside
        html = unstash(html, blocks)
        site = self.rendered
        rendered = site.pages.get(page.file.src_uri) if site else None
        if rendered is not None and rendered.mode != APPEND:
            # Themes print page.title unescaped (mkdocs-material's <title> even decodes
            # entities first); meta.title is the escaped plain text they print as it is.
            title = theme_title(page.title)
            if title is not None:
                page.meta["title"] = title
            _retitle(page.toc)
        return html

    @event_priority(100)  # before any other plugin rewrites the finished page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        aside = self.aside.pop(page.file.src_uri, None)
        return put_back(output, aside) if aside else output

    @event_priority(-100)  # once every plugin has set up the environment
    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        if self.options is not None and env.bytecode_cache is None:
            root = Path(config.config_file_path).parent
            self.templates = SealedTemplates(env, root / self.options.cache_dir, cache_key(root))
            env.bytecode_cache = self.templates
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.rebuilds is not None:
            self.rebuilds.in_nav(nav)
        return nav

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.rebuilds is not None and self.files is not None:
            self.rebuilds.finish(config, self.files)
        if self.search is not None:
            self.search.save()
        if self.templates is not None:
            self.templates.save()
        self._release()

    def on_build_error(self, *, error: Exception) -> None:
        self._release()

    def _release(self) -> None:
        if self.holding:
            release_the_heap()
            self.holding = False

    def on_shutdown(self) -> None:
        # MkDocs' commands (build, serve, gh-deploy) call this right before the process ends.
        spare_the_last_pass()

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        if self.options is None:
            return server
        # MkDocs calls this once, after the first build: what the plugin holds of it is let go.
        self._let_go()
        # Rebuilds after an edit render only what changed (the first build was full).
        if self.config.incremental and serve_dirty(builder):
            log.debug("rebuilding only the pages whose content changed")
        if self.config.serve_watcher == "polling":
            return server
        why = use_native_watcher(server)
        if why is None:
            log.debug("watching for changes with the system's file events")
        else:
            log.info(f"watching for changes by polling ({why})")
        return server

    def _let_go(self) -> None:
        """Forget this build: the pages, files and caches it held."""
        self.rendered = self.rebuilds = self.files = self.search = self.templates = None
        self.texts, self.stashed, self.aside = {}, {}, {}


def _drop_special_files(files: Files) -> None:
    """FIFOs, sockets and link loops under docs_dir: MkDocs would hang or fail reading them.

    Those in the goal folders are also errors of the portal (E001, from discovery).
    """
    for file in list(files):
        kind = special_kind(file.abs_src_path) if file.abs_src_path else None
        if kind is not None:
            files.remove(file)
            log.warning(printable(f"{file.src_uri}: skipped: {not_a_file_message(kind)}"))


def _retitle(toc: Iterable[AnchorLink]) -> None:
    """Table-of-contents entries as plain, escaped, bidi-isolated text (see ``theme_title``)."""
    for item in toc:
        item.title = theme_title(item.title) or item.title
        _retitle(item.children)


def _report(findings: tuple[Finding, ...], *, strict: bool) -> None:
    """Log every finding as ``path:line:col: CODE message``; errors end the build."""
    errors = [f for f in findings if f.is_error]
    warnings = [f for f in findings if not f.is_error]
    for finding in findings:
        (log.error if finding.is_error else log.warning)(finding.format())
    if errors:
        raise PluginError(
            f"okrsite: {len(errors)} error{'s' if len(errors) != 1 else ''} in the goal files "
            "(listed above); the site was not built"
        )
    if warnings and strict:
        raise PluginError(
            f"okrsite: {len(warnings)} warning{'s' if len(warnings) != 1 else ''} "
            "(listed above) and the plugin option strict is on"
        )


def _site_map(config: MkDocsConfig, options: Options, files: Files) -> SiteMap:
    """Where pages live and how they are edited, from the MkDocs config."""
    docs_dir = Path(config.docs_dir)
    root = Path(config.config_file_path).parent
    prefix = Path(os.path.relpath(docs_dir, root)).as_posix()
    return SiteMap.from_options(
        options,
        docs_prefix="" if prefix == "." else prefix.rstrip("/") + "/",
        config_path=Path(os.path.relpath(config.config_file_path, docs_dir)).as_posix(),
        repo_url=config.repo_url,
        edit_uri=config.edit_uri,
        edit_uri_template=config.edit_uri_template,
        directory_urls=config.use_directory_urls,
        has_index=files.get_file_from_path("index.md") is not None,
        # Goal-page bodies are rendered with the site's own Markdown (as plain data).
        markdown=SiteMarkdown(
            extensions=tuple(config.markdown_extensions),
            configs=dict(config.mdx_configs or {}),
        ),
    )


def _publish(
    files: Files, config: MkDocsConfig, rendered: RenderedSite, svgs: dict[str, bytes]
) -> dict[str, str | bytes]:
    """Add the generated pages, charts and okrs.json; keep goal pages out of the menu.

    Returns:
        docs-relative path -> content of every file added.
    """
    added: dict[str, str | bytes] = {}
    for src, page in rendered.pages.items():
        if page.mode == NEW:
            added[src] = page.markdown
        elif page.mode == REPLACE and (file := files.get_file_from_path(src)) is not None:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    added.update(svgs)
    added.update(rendered.files)
    for path, content in added.items():
        _add(files, File.generated(config, path, content=content))
    return added


def _add(files: Files, file: File) -> None:
    """Add a generated file; one of the company's own at the same path gives way, with a warning."""
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        log.warning(
            printable(
                f"{existing.src_uri} is replaced by a page okrsite generates; move it elsewhere"
            )
        )
        files.remove(existing)
    if file.is_documentation_page():
        file.inclusion = InclusionLevel.NOT_IN_NAV
    files.append(file)
