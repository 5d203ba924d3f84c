"""Search entries kept between builds: mkdocs-material's parser reads only pages that changed.

mkdocs-material's search plugin cuts every page's HTML into sections with
Python's ``html.parser``, in pure Python, tag by tag: the largest single part
of a warm build of a big portal, whose pages are mostly tables. Between two
builds almost no page changes, and a page's entries depend only on what the
plugin reads (see :func:`page_key`): the page's HTML, URL and title, its table
of contents, its ``tags`` and ``search`` front matter, and the plugin's code
and settings (the :func:`stamp`). :class:`SearchMemo` keeps each page's entries
under a hash of those in ``<cache_dir>/search.json``; a page whose hash is kept
gets its entries from there, any other page is parsed by the plugin as before.
The index is the same, byte for byte. A dirty build (``mkdocs build --dirty``,
the rebuilds of ``mkdocs serve``) renders few pages, mostly changed ones, and
finds the entries of the others in the page manifest
(:mod:`okrsite.adapter.rebuilds`): it neither reads nor writes the file.

The theme shows an entry's text as HTML, so the file is sealed like every cache
okrsite keeps (:mod:`okrsite.engine.seal`): a file this machine did not write
is ignored. Pages in Chinese are left to the plugin: their entries also depend
on jieba's dictionaries.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..engine import textstore

FILE = "search.json"
#: The code the entries come from: the plugin's and the key's.
_CODE = ("material.plugins.search.plugin", __name__)


class SearchMemo:
    """The kept entries of one build, and those it makes for the next.

    Args:
        index: mkdocs-material's ``SearchIndex`` of this build.
        cache_dir: okrsite's cache folder.
        key: the cache key (:func:`okrsite.engine.seal.cache_key`); None keeps nothing.
        current: the :func:`stamp` of the plugin.
        dirty: tells, once pages are being indexed, whether this build leaves pages out.
    """

    def __init__(
        self,
        index: Any,
        cache_dir: Path,
        key: bytes | None,
        current: str,
        dirty: Callable[[], bool],
    ) -> None:
        self.index = index
        self.cache_dir = cache_dir
        self.key = key
        self.stamp = current
        self.dirty = dirty
        self._kept: dict[str, Any] | None = None  # read when the first page is indexed
        #: page key -> the page's entries as JSON, of this build's pages.
        self.used: dict[str, str] = {}
        self.active: bool | None = None  # decided when the first page is indexed

    @classmethod
    def attach(
        cls,
        config: MkDocsConfig,
        cache_dir: Path,
        key: bytes | None,
        dirty: Callable[[], bool],
    ) -> SearchMemo | None:
        """Put a memo between mkdocs-material's search plugin and its parser; None when
        there is no such plugin (or no key to seal with, or pages in Chinese)."""
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        if key is None or plugin is None or not type(plugin).__module__.startswith("material."):
            return None
        index: Any = getattr(plugin, "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        if add is None or not isinstance(getattr(index, "entries", None), list):
            return None
        if getattr(add, "__self__", None) is None:  # not the plugin's own method: ours already
            return None
        if getattr(sys.modules[type(plugin).__module__], "jieba", None) is not None:
            return None
        memo = cls(index, cache_dir, key, stamp(plugin.config), dirty)
        index.add_entry_from_context = memo._wrap(add)
        return memo

    def _wrap(self, add: Callable[[Page], None]) -> Callable[[Page], None]:
        entries: list[dict[str, Any]] = self.index.entries

        def add_entry_from_context(page: Page) -> None:
            if self.active is None:
                self.active = not self.dirty()
            if not self.active:
                add(page)
                return
            key = page_key(page)
            kept = self.kept.get(key)
            if isinstance(kept, str):
                try:
                    entries.extend(json.loads(kept))
                except ValueError:  # sealed by this machine, so never; but no reason to fail
                    pass
                else:
                    self.used[key] = kept
                    return
            start = len(entries)
            add(page)
            self.used[key] = json.dumps(entries[start:], ensure_ascii=False, default=str)

        return add_entry_from_context

    @property
    def kept(self) -> dict[str, Any]:
        """What the last build kept, under today's stamp."""
        if self._kept is None:
            self._kept = textstore.load(self.cache_dir, self.key, self.stamp, name=FILE)
        return self._kept

    def save(self) -> bool:
        """Keep the entries of this build's pages (only theirs) for the next build.

        Returns:
            Whether the file was written (not after a dirty build, nor when nothing changed).
        """
        if not self.active or self.used.keys() == self.kept.keys():
            return False
        return textstore.save(self.cache_dir, self.key, self.stamp, self.used, name=FILE)


def page_key(page: Page) -> str:
    """A hash of everything mkdocs-material's search reads from ``page``."""
    meta = page.meta or {}
    head = repr(
        (
            page.url,
            page.title,
            meta.get("title"),
            meta.get("tags"),
            meta.get("search"),
            _toc(page.toc),
        )
    )
    digest = hashlib.blake2b(head.encode("utf-8", "surrogatepass"), digest_size=24)
    digest.update(b"\0")
    digest.update((page.content or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def stamp(settings: Any) -> str:
    """The search plugin's code, version and settings."""
    listed = repr(sorted(dict(settings).items(), key=lambda item: str(item[0])))
    return textstore.source_stamp(_CODE, (), textstore.version("mkdocs-material"), listed)


def _toc(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple((item.id, item.url, _toc(item.children)) for item in items)
