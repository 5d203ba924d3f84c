"""User text made safe, and the small pieces of HTML the generated pages are built from.

Goal pages hold user text (statements, titles, names, notes, units, missions)
that is Markdown, rendered *inline and safely* with markdown-it-py: raw HTML is
escaped, and markdown-it refuses ``javascript:``, ``vbscript:`` and ``data:``
(other than images) link targets. The resulting HTML is embedded in the
generated Markdown, which MkDocs renders a second time with Python-Markdown.
That second pass must not find anything to act on inside user text, or
``\\[x\\](javascript:...)`` escaped by the first pass would become a live link
in the second: every character that means something to Python-Markdown or its
usual extensions (``[`` ``*`` ``_`` ``{`` ``|`` ``:`` ``-`` ...) is written as
a numeric character reference, which browsers show as the character and
Python-Markdown leaves alone. ``|`` never reaches a table cell raw.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from ..escaping import bdi, isolate
from ..numbers import format_number
from .blocks import Html
from .links import resolve_href
from .textmemo import MEMO

#: Characters Python-Markdown, attr_list, pymdownx (snippets, emoji, critic, ...)
#: or a table could act on; written as ``&#NN;`` in embedded user text.
_SIGNIFICANT = "\\`*_{}[]()#+-!|~^=:$<>&\"'"
_ENCODE = {ord(c): f"&#{ord(c)};" for c in _SIGNIFICANT}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TAG = re.compile(r"<[^>]*>")


def encode(text: str) -> str:
    """Plain text for embedding in generated Markdown: HTML-escaped, Markdown-inert.

    Text with right-to-left letters or bidi controls comes inside ``<bdi>``.
    """
    return bdi(_inert(text), text)


def attribute(text: str) -> str:
    """Plain text for an HTML attribute value (``aria-label``, ``title``): escaped,
    Markdown-inert and bidi-isolated with FSI ... PDI (an attribute cannot hold ``<bdi>``)."""
    return _inert(isolate(text))


def _inert(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split("\n")).translate(_ENCODE)


# --- markdown-it ------------------------------------------------------------


def _text(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return _inert(tokens[idx].content)


def _code_inline(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return f"<code>{_inert(tokens[idx].content)}</code>"


def _code_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    # Newlines stay inside <pre>; the content is inert, so they cannot start Markdown blocks.
    body = tokens[idx].content.translate(_ENCODE)
    return f"<pre><code>{body}</code></pre>\n"


def _softbreak(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return "\n" if env.get("block") else " "


def _hardbreak(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return "<br />\n" if env.get("block") else "<br />"


def _rewrite(token: Token, name: str, env: Any) -> None:
    value = token.attrGet(name)
    src = env.get("src")
    if isinstance(value, str) and src:
        resolved = resolve_href(
            src, value, env.get("directory_urls", True), origin=env.get("origin") or src
        )
        token.attrSet(name, resolved)


def _link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    _rewrite(tokens[idx], "href", env)
    return self.renderToken(tokens, idx, options, env)


def _image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    _rewrite(token, "src", env)
    token.attrSet("alt", self.renderInlineAsText(token.children or [], options, env))
    return self.renderToken(tokens, idx, options, env)


def _parser(*, links: bool = True, tables: bool = False) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    if tables:
        md.enable("table")
    if not links:  # link text: a link inside a link is not HTML
        md.disable(["link", "autolink", "image"])
    md.add_render_rule("text", _text)
    md.add_render_rule("code_inline", _code_inline)
    md.add_render_rule("code_block", _code_block)
    md.add_render_rule("fence", _code_block)
    md.add_render_rule("softbreak", _softbreak)
    md.add_render_rule("hardbreak", _hardbreak)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("image", _image)
    return md


_INLINE = _parser()
_LABEL = _parser(links=False)
_BLOCK = _parser(tables=True)
_PLAIN = MarkdownIt("commonmark", {"html": False})


def inline(
    text: str | None, src: str = "", *, origin: str | None = None, directory_urls: bool = True
) -> str:
    """User Markdown rendered inline and safely, ready to embed in a generated page.

    Args:
        text: The user's text (a statement, a note, a name...).
        src: The docs-relative source of the page it is shown on.
        origin: The goal file the text was written in (relative links in it
            start from there); default: ``src``.
        directory_urls: MkDocs' ``use_directory_urls``.
    """
    if not text:
        return ""
    key = ("inline", str(text), src, origin, directory_urls)
    return MEMO.get(key) or MEMO.put(key, _inline(str(text), src, origin, directory_urls))


def _inline(text: str, src: str, origin: str | None, directory_urls: bool) -> str:
    env = {"src": src, "origin": origin, "directory_urls": directory_urls}
    # <bdi>: right-to-left text or bidi controls in it cannot reorder what stands around it.
    html: str = _INLINE.renderInline(text, env)
    return bdi(html.strip(), text)


@functools.lru_cache(maxsize=16384)
def label(text: str | None) -> str:
    """User Markdown for the text of a link: like :func:`inline`, without links or images."""
    if not text:
        return ""
    html: str = _LABEL.renderInline(str(text), {})
    return bdi(html.strip(), str(text))


def block(
    text: str | None, src: str = "", *, origin: str | None = None, directory_urls: bool = True
) -> str:
    """A page body (free Markdown, tables allowed) rendered safely to HTML (see :func:`inline`)."""
    if not text or not text.strip():
        return ""
    key = ("block", str(text), src, origin, directory_urls)
    return MEMO.get(key) or MEMO.put(key, _block(str(text), src, origin, directory_urls))


def _block(text: str, src: str, origin: str | None, directory_urls: bool) -> str:
    env = {"src": src, "origin": origin, "directory_urls": directory_urls, "block": True}
    html: str = _BLOCK.render(text, env)
    return html.strip()


def plain_text(text: str | None) -> str:
    """User Markdown reduced to plain text (chart titles): tags dropped, entities decoded."""
    if not text:
        return ""
    return " ".join(html.unescape(_TAG.sub("", _PLAIN.renderInline(str(text)))).split())


# --- numbers ------------------------------------------------------------------


def fmt_number(value: float | None) -> str:
    """A number for people (:func:`okrsite.numbers.format_number`); ``–`` when absent."""
    if value is None or not math.isfinite(value):
        return "–"
    return format_number(value)


def fmt_value(value: float | None, unit: str | None) -> str:
    """A value with its unit (safe HTML): ``2.25%``, ``41,200 USD``."""
    number = fmt_number(value)
    if value is None or not unit:
        return number
    shown = inline(unit)
    return f"{number}{shown}" if unit.strip() == "%" else f"{number}&#160;{shown}"


def fmt_score(score: float | None) -> str:
    """A score on Google's scale, two decimals: ``0.42``."""
    return "–" if score is None else f"{score:.2f}"


def fmt_percent(fraction: float | None) -> str:
    """An unclamped fraction as percent: ``0.42`` -> ``42%``, ``1.2`` -> ``120%``."""
    if fraction is None or not math.isfinite(fraction):
        return "–"
    return f"{round(fraction * 100):.0f}%"


# --- badges and bars ---------------------------------------------------------------

_STATUS_WORDS = {"none": "no target", "no-data": "no data"}
_STATUS_CLASS = {"green", "yellow", "amber", "red", "planned", "none", "no-data"}


def badge(status: str) -> str:
    """A status as a word on a coloured badge (never colour alone)."""
    word = _STATUS_WORDS.get(status, status)
    kind = status if status in _STATUS_CLASS else "none"
    return f'<span class="okr-status okr-status--{kind}">{encode(word)}</span>'


def bar(
    fraction: float | None,
    status: str = "none",
    *,
    label_text: str = "Progress",
    shown: str | None = None,
) -> str:
    """An accessible progress bar (inline HTML) and its number.

    The bar is clamped to 0-100 %, the number is not (``120%``); ``shown``
    replaces the number (a score: ``0.42``).
    """
    if fraction is None or not math.isfinite(fraction):
        return "–"
    width = max(0, min(100, round(fraction * 100)))
    kind = status if status in _STATUS_CLASS else "none"
    number = shown if shown is not None else fmt_percent(fraction)
    return (
        # aria-valuemin and aria-valuemax are left out: 0 and 100 are a progressbar's defaults.
        # One element: the stylesheet draws the filled part from --okr-fill.
        f'<span class="okr-bar okr-bar--{kind}" role="progressbar" '
        f'aria-valuenow="{width}" aria-label="{_inert(label_text)} {number}" '
        f'style="--okr-fill: {width}%"></span>&#160;{number}'
    )


def score_bar(score: float | None, status: str = "none", *, label_text: str = "Score") -> str:
    """A score (0.00-1.00) as a bar and its two-decimal number."""
    return bar(score, status, label_text=label_text, shown=fmt_score(score))


# --- tables -----------------------------------------------------------------------


def md_table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> Html:
    """A table from safe HTML cells, written as final HTML (``align``: ``l r c`` per column).

    Final HTML, not a Markdown table: Python-Markdown never parses okrsite's own
    tables (the adapter keeps :class:`~okrsite.render.blocks.Html` from it), and a
    right-aligned column is a class, not a style on every cell.
    """
    return _table(headers, rows, [_ALIGN.get(a, "") for a in align])


def labelled_table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> Html:
    """A listing table whose rows stack into cards on a narrow screen.

    Every cell but the first names its column in ``data-label``, which the
    stylesheet shows before the cell only when the table is stacked (where the
    header row is hidden, and a stacked table no longer tells assistive
    technology which column a cell is in). An attribute, not a hidden element
    in every cell: the page is lighter and the search index never sees it.
    """
    # The headers are HTML (escaped text): their text is decoded before it is escaped for
    # the attribute, or a reader would see "2026&#45;Q4" on a phone.
    names = [attribute(html.unescape(_TAG.sub("", h)).strip()) for h in headers]
    labels = ["", *(f' data-label="{n}"' for n in names[1:])]
    return _table(
        headers,
        rows,
        [_ALIGN.get(a, "") for a in align],
        labels=labels,
        cards=True,
    )


_ALIGN = {"r": ' class="okr-num"', "c": ' class="okr-center"'}


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    classes: Sequence[str],
    *,
    labels: Sequence[str] = (),
    cards: bool = False,
) -> Html:
    def cls(i: int) -> str:
        return classes[i] if i < len(classes) else ""

    # A line break between cells and rows: the search index reads the text of the cells
    # one after another, and "Score" and "Trend" must not run together into one word.
    head = "\n".join(f"<th{cls(i)}>{h}</th>" for i, h in enumerate(headers))
    # Each column's opening tag is written once per table, not once per cell.
    width = max(len(headers), len(classes), len(labels))
    opening = [f"<td{cls(i)}{labels[i] if i < len(labels) else ''}>" for i in range(width)]
    body = "\n".join(
        "<tr>"
        + "\n".join(
            [f"{opening[i] if i < width else '<td>'}{_cell(c)}</td>" for i, c in enumerate(row)]
        )
        + "</tr>"
        for row in rows
    )
    # An attribute, not a class: the theme styles only tables without a class.
    table = '<table data-okr="cards">' if cards else "<table>"
    return Html(f"{table}<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody></table>")


def _cell(content: str) -> str:
    # One line: a blank line inside would end the HTML block for other Markdown engines.
    return content.replace("\n", " ") if content else ""


def html_table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: str = "") -> Html:
    """An HTML table from safe cells; ``numeric`` marks right-aligned columns (``"0110"``)."""
    return _table(headers, rows, [_ALIGN["r"] if flag == "1" else "" for flag in numeric])


def facts(items: Iterable[tuple[str, str]]) -> Html:
    """A line of labelled facts (``Owner`` -> a link...) as one HTML paragraph.

    Inline ``<span>`` tags, not a table: they wrap on narrow screens.
    """
    spans = " ".join(
        f'<span class="okr-fact"><span class="okr-fact__label">{encode(name)}</span> {value}</span>'
        for name, value in items
    )
    return Html(f"<p>{spans}</p>")


def para(content: str, css: str = "") -> Html:
    """One paragraph of safe inline HTML (``css``: its class)."""
    if not content:
        return Html("")
    opening = f'<p class="{css}">' if css else "<p>"
    return Html(f"{opening}{content}</p>")


def bullets(items: Iterable[str], css: str = "") -> Html:
    """A bulleted list of safe inline HTML items (``css``: the list's class)."""
    shown = [f"<li>{item}</li>" for item in items if item]
    if not shown:
        return Html("")
    opening = f'<ul class="{css}">' if css else "<ul>"
    return Html(opening + "\n".join(shown) + "</ul>")


def nested_list(items: Sequence[tuple[int, str]]) -> Html:
    """A bulleted tree from (depth, safe inline HTML) in reading order.

    An item deeper than the one before by more than one level is nested one
    level deeper only, as a Markdown list would read it.
    """
    out: list[str] = []
    depth = -1
    for wanted, item in items:
        wanted = max(0, min(wanted, depth + 1))
        if wanted > depth:
            out.append("<ul>" if depth < 0 else "\n<ul>")
        else:
            out.append("</li>\n")
            while depth > wanted:
                out.append("</ul></li>")
                depth -= 1
        out.append(f"<li>{item}")
        depth = wanted
    if depth < 0:
        return Html("")
    out.append("</li>")
    out.extend(["</ul></li>"] * depth)
    out.append("</ul>")
    return Html("".join(out))


def external(url: str, text_html: str) -> str:
    """A link to a URL outside the site (an edit link): the URL escaped for its attribute."""
    href = html.escape(url.replace(" ", "%20"), quote=True).translate(_ENCODE_URL)
    return f'<a href="{href}">{text_html}</a>'


#: Characters of a URL that Markdown extensions could act on in ``okrsite render``'s output.
_ENCODE_URL = {ord(c): f"&#{ord(c)};" for c in "*_[]`~^{}|"}


def strong(content: str) -> str:
    """Safe inline HTML in bold."""
    return f"<strong>{content}</strong>"


def details(summary: str, content_html: str) -> Html:
    """A collapsible block (raw HTML, blank lines around it so Markdown leaves it alone)."""
    return Html(
        f'\n<details class="okr-data"><summary>{summary}</summary>\n{content_html}\n</details>\n'
    )
