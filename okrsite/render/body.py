"""Goal-page bodies: the site's own Markdown, then a sanitizer, then made inert for MkDocs.

The free Markdown under a goal page's front matter should read like any other
page of the site, so it is rendered with Python-Markdown and the extensions
``mkdocs.yml`` enables (admonitions, tabs, footnotes, attribute lists, ...),
passed in as plain data (:class:`SiteMarkdown`): the core never imports MkDocs.

What that gives is untrusted HTML (raw HTML is Markdown too), so it goes
through nh3, the Python binding of the Rust sanitizer ammonia, with an
allowlist (:data:`TAGS`, :data:`ATTRIBUTES`): no script, no event handler, no
``javascript:``/``vbscript:``/``data:`` URL (raster images aside), no iframe,
object, embed, form, meta, base, ``<style>`` or ``style`` attribute. The
allowlist keeps what Markdown and its usual extensions write. Ids beginning
with ``__`` (but the tabs' own) and classes or data attributes in the theme's
``md-`` namespace are dropped: the theme's scripts look such elements up, and
a body must not stand in for them.

Last, the clean HTML is re-serialised with every character that means
something to Markdown written as a character reference (:func:`inert`), since
the generated page it is embedded in goes through MkDocs' Markdown once more.
The generated parts of a page never pass through the sanitizer.
"""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from ..markdown_config import SiteMarkdown
from .links import resolve_href
from .textmemo import MEMO

#: Elements a body may keep: what Markdown and its common extensions write.
TAGS = frozenset(
    [
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "del",
        "ins",
        "mark",
        "sub",
        "sup",
        "small",
        "code",
        "pre",
        "kbd",
        "samp",
        "var",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "colgroup",
        "col",
        "a",
        "img",
        "abbr",
        "span",
        "div",
        "details",
        "summary",
        "figure",
        "figcaption",
        "input",
        "label",
        "cite",
        "q",
        "time",
        "bdi",
        "ruby",
        "rt",
        "rp",
        "wbr",
        "dfn",
    ]
)
#: Attributes per element (``*``: on any element).
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "input": {"type", "checked", "disabled", "name"},
    "label": {"for"},
    "time": {"datetime"},
    "abbr": {"title"},
    "div": {"data-tabs"},
    "span": {"data-linenos"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
#: Schemes a link may use; relative URLs pass. ``data`` only survives on images (see below).
SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})
_RASTER = re.compile(r"^data:image/(png|gif|jpe?g|webp|avif);", re.IGNORECASE)
_TABS_ID = re.compile(r"^__tabbed_\d+_\d+$")
_INPUT_TYPES = frozenset({"checkbox", "radio"})


def _attribute(tag: str, name: str, value: str) -> str | None:
    """The last word on one attribute nh3 allowed (it must never raise: see nh3's docs)."""
    if name in ("href", "src", "cite") and value.strip().lower().startswith("data:"):
        return value if tag == "img" and name == "src" and _RASTER.match(value.strip()) else None
    if name in ("id", "for", "name") and value.startswith("__"):
        return value if _TABS_ID.match(value) or value.startswith("__tabbed_") else None
    if name == "class":
        kept = [c for c in value.split() if not c.startswith("md-")]
        return " ".join(kept) if kept else None
    if tag == "input" and name == "type":
        return value if value.lower() in _INPUT_TYPES else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=_attribute,
    url_schemes=set(SCHEMES),
    strip_comments=True,
    link_rel="noopener noreferrer nofollow",
)


def sanitize(html: str) -> str:
    """Untrusted HTML reduced to the allowlist of this module."""
    return _CLEANER.clean(html)


# --- Python-Markdown with the site's extensions ------------------------------------


class _Links(Treeprocessor):  # type: ignore[misc]  # Python-Markdown ships no type hints
    """Links and images written in a goal file, made to work from the page that shows them."""

    src = ""
    origin: str | None = None
    directory_urls = True

    def run(self, root: Element) -> None:
        for el in root.iter():
            for name in ("href", "src"):
                value = el.get(name)
                if value is not None and self.src:
                    el.set(
                        name,
                        resolve_href(
                            self.src, value, self.directory_urls, origin=self.origin or self.src
                        ),
                    )


class _Renderer:
    """One Python-Markdown instance for a site's settings (reset between bodies)."""

    def __init__(self, site: SiteMarkdown) -> None:
        configs = {k: dict(v) for k, v in site.configs.items()}
        # Tables align cells with a style attribute by default; the sanitizer drops
        # style attributes, so ask for the align attribute instead (same look).
        if any(e in ("tables", "markdown.extensions.tables") for e in site.extensions):
            for name in ("tables", "markdown.extensions.tables"):
                configs.setdefault(name, {})["use_align_attribute"] = True
        self.md = markdown.Markdown(extensions=list(site.extensions), extension_configs=configs)
        self.links = _Links(self.md)
        self.md.treeprocessors.register(self.links, "okrsite_links", 1)
        self.lock = threading.Lock()

    def convert(self, text: str, src: str, origin: str | None, directory_urls: bool) -> str:
        with self.lock:
            self.md.reset()
            self.links.src, self.links.origin = src, origin
            self.links.directory_urls = directory_urls
            html: str = self.md.convert(text)
            return html


_RENDERERS: dict[str, _Renderer] = {}


def body_html(
    text: str,
    site: SiteMarkdown,
    *,
    src: str = "",
    origin: str | None = None,
    directory_urls: bool = True,
) -> str:
    """:func:`render_body`, remembered for the rest of a build and the next (``textmemo.MEMO``)."""
    if not text or not text.strip():
        return ""
    key = ("body", text, src, origin, directory_urls, site.key)
    return MEMO.get(key) or MEMO.put(
        key, render_body(text, site, src=src, origin=origin, directory_urls=directory_urls)
    )


def render_body(
    text: str,
    site: SiteMarkdown,
    *,
    src: str = "",
    origin: str | None = None,
    directory_urls: bool = True,
) -> str:
    """A goal page's body: the site's Markdown, sanitized, inert for a second Markdown pass.

    Args:
        text: the body as written under the front matter.
        site: the site's Markdown extensions and their options.
        src: the docs-relative source of the page it is shown on.
        origin: the goal file it was written in (its relative links start there).
        directory_urls: MkDocs' ``use_directory_urls``.

    Returns:
        HTML to embed in generated Markdown; ``""`` for an empty body.
    """
    if not text.strip():
        return ""
    key = site.key
    renderer = _RENDERERS.get(key)
    if renderer is None:
        if len(_RENDERERS) > 8:  # a long `mkdocs serve` whose settings keep changing
            _RENDERERS.clear()
        renderer = _RENDERERS.setdefault(key, _Renderer(site))
    return inert(sanitize(renderer.convert(text, src, origin, directory_urls)))


# --- inert HTML -----------------------------------------------------------------------

#: Characters Python-Markdown or its extensions act on even inside raw HTML
#: (snippets, critic and other preprocessors see the page's text before it is parsed).
_SIGNIFICANT = "\\`*_{}[]()#+-!|~^=:$<>&\"'"
_ENCODE = {ord(c): f"&#{ord(c)};" for c in _SIGNIFICANT}
_VOID = frozenset(["br", "hr", "img", "input", "col", "wbr"])


class _Inert(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data.translate(_ENCODE))

    @staticmethod
    def _tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
        parts = [tag]
        for name, value in attrs:
            parts.append(name if value is None else f'{name}="{value.translate(_ENCODE)}"')
        return "<" + " ".join(parts) + ">"


def inert(html: str) -> str:
    """Clean HTML re-written so that Markdown finds nothing to act on in it.

    Text and attribute values get every Markdown-significant character as a
    numeric character reference (the browser shows the same characters); the
    tags stay. Blank lines are kept out, so the HTML stays one raw block.
    """
    parser = _Inert()
    parser.feed(html)
    parser.close()
    return "".join(parser.out).replace("\n\n", "\n&#10;")
