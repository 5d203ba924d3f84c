"""Placeholder text (check Q115): words that stand in for a statement still to be written.

Pure text functions, no I/O. A page written from a template, or a statement
copied from a guide, often keeps markers such as ``TODO``, ``TBD``, ``XX %``,
``???``, ``lorem ipsum`` or ``<first measurable outcome>``; such a page checks
clean otherwise, so nobody notices that the goal was never set.

Decisions (see the rules page): ``TODO`` and ``FIXME`` count in capitals, or
``todo`` in any case before a colon (``todo`` alone is a word in Spanish and
Portuguese); ``TBD``, ``TBC``, ``TBA`` in any
case; ``XX`` as a run of two or more X standing alone or before a unit letter
(``XX %``, ``$XXk``) but not inside a word (``XXL``); two or more question
marks; an angle-bracketed phrase that is not an HTML tag, a link or an e-mail
address (``<team name>``, ``<...>``).
"""

from __future__ import annotations

import re

_MARKERS = re.compile(
    r"""
    (?P<todo>\b(?:TODO|FIXME)\b|(?i:\btodo\b)(?=\s*:))
  | (?P<tbd>(?i:\bTB[DCA]\b))
  | (?P<xx>(?<![^\W_])[Xx]{2,}(?=[kKmMbB]?(?![^\W_]))(?:\s?%)?)
  | (?P<question>\?{2,})
  | (?P<lorem>(?i:\blorem\s+ipsum\b))
  | (?P<angle><[^<>\n]{1,80}>)
    """,
    re.VERBOSE,
)

#: Tags a statement may carry as (escaped) HTML; ``<b>`` is markup, not a placeholder.
_HTML_TAGS = frozenset(
    [
        "a",
        "abbr",
        "audio",
        "b",
        "big",
        "body",
        "br",
        "button",
        "code",
        "del",
        "details",
        "dfn",
        "div",
        "em",
        "embed",
        "font",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "li",
        "link",
        "mark",
        "math",
        "meta",
        "object",
        "ol",
        "option",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "script",
        "select",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    ]
)
_TAG = re.compile(r"^/?([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?/?$")
_LINK = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|@")


def _is_markup(inner: str) -> bool:
    """Whether the text between ``<`` and ``>`` is an HTML tag, a link or an address."""
    inner = inner.strip()
    if _LINK.search(inner):
        return True
    tag = _TAG.match(inner)
    if tag is None:
        return False
    # A tag with attributes (``<img src=x>``) or a known tag name is markup; a bare
    # word that is no tag (``<name>``) or a phrase (``<first outcome>``) is a blank.
    return "=" in inner or tag.group(1).lower() in _HTML_TAGS


def _plain_angle(inner: str) -> bool:
    """An angle phrase that could be a comparison (``< 5 ms and > 2``), not a blank."""
    return inner[:1].isspace() or inner[-1:].isspace()


def _may_hold_marker(text: str) -> bool:
    """Whether ``text`` holds the letters every marker needs: a cheap test that lets
    almost every statement skip the pattern (it tries six alternatives at each
    character). None of the marker letters has another case form in Python's
    case-insensitive matching, so ``lower()`` misses none."""
    low = text.lower()
    return (
        "<" in text
        or "??" in text
        or "todo" in low
        or "tb" in low
        or "xx" in low
        or "FIXME" in text
        or "lorem" in low
    )


def find_placeholder(text: str | None) -> str | None:
    """The first placeholder marker in ``text``, as written there, or None.

    Args:
        text: a statement, key-result title, KPI definition or source.

    Returns:
        The marker (``"TODO"``, ``"XX"``, ``"<team>"``, ...) or None when the text
        holds none.
    """
    if not text or not _may_hold_marker(text):
        return None
    for match in _MARKERS.finditer(text):
        found = match.group(0)
        if match.lastgroup == "angle":
            inner = found[1:-1]
            if not inner.strip() or _plain_angle(inner) or _is_markup(inner):
                continue
        return found
    return None
