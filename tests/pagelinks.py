"""Links of generated pages, read back as the ``.md`` sources they point at.

Generated pages link with final URLs (``<a href="../grow/">``); tests name the
target the way an author would, as a relative link to its source
(``grow.md``). :func:`source_links` turns every link of a page back into that
form, so a test reads "this page links to that one" whatever the URL scheme.
"""

from __future__ import annotations

import html
import posixpath
import re

from okrsite.sitemap import page_url

_HREF = re.compile(r'<a href="([^"]*)"')
_MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def source_links(
    markdown: str, src: str, *, known: set[str] | None = None, directory_urls: bool = True
) -> set[str]:
    """Every link of the page built from ``src``, as a relative link to a source.

    A URL that is a page of the site becomes ``path/to/page.md`` relative to
    ``src``'s folder (``#anchors`` kept); anything else (an external URL, a
    file such as a CSV) is kept, made relative the same way when it is a path.
    Markdown links (in text a person wrote) are taken as they are. A URL such as
    ``teams/`` can be built from ``teams.md`` or ``teams/index.md``: the one in
    ``known`` (the site's sources) is taken, else the first.
    """
    found = set(_MARKDOWN_LINK.findall(markdown))
    found.update(_source_link(h, src, known, directory_urls) for h in _HREF.findall(markdown))
    return found


def ordered_links(fragment: str, src: str, *, known: set[str] | None = None) -> list[str]:
    """The links of a piece of a page, in order, as in :func:`source_links`."""
    return [_source_link(href, src, known, True) for href in _HREF.findall(fragment)]


def _source_link(href: str, src: str, known: set[str] | None, directory_urls: bool) -> str:
    """One ``href`` of the page built from ``src`` as a relative link to its source."""
    href = html.unescape(href)
    if "://" in href or href.startswith(("mailto:", "/")):
        return href
    here = page_url(src, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(base, path)) if path else here.rstrip("/")
    if path.endswith("/") or (not path and here.endswith("/")) or path in ("", "."):
        sources = _sources_of(target.rstrip("/"), directory_urls)
    elif not directory_urls and target.endswith(".html"):
        sources = _sources_of(target, directory_urls)
    else:
        sources = [target]
    source = next((s for s in sources if known is None or s in known), sources[0])
    rel = posixpath.relpath(source, posixpath.dirname(src) or ".")
    return rel + (f"#{fragment}" if fragment else "")


def _sources_of(url_path: str, directory_urls: bool) -> list[str]:
    """The sources a page URL can be built from: ``teams`` -> ``teams.md``, ``teams/index.md``."""
    stem = url_path.removesuffix(".html") if not directory_urls else url_path
    if stem in ("", ".", "index"):
        return ["index.md"]
    if stem.endswith("/index"):
        return [stem + ".md"]
    return [stem + ".md", stem + "/index.md"]
