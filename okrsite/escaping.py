"""One rule for user text: an encoder for each context it can land in.

Every string from front matter and CSV reaches the output through one of
these (or through :mod:`okrsite.render.markup`, which renders user Markdown
inline and safely for the generated pages):

- :func:`theme_title`: a page title handed to the theme (``<title>``, the
  navigation, the search index, the header). MkDocs themes render titles
  without Jinja autoescape, so the title must be text the theme cannot take
  for markup: plain text, HTML-escaped once, bidi-isolated.
- :func:`plain_from_html`: HTML text (tags, entities) back to plain text.
- :func:`isolate`: plain text wrapped in FSI ... PDI when it carries
  right-to-left letters or bidi controls, so that it cannot reorder the text
  around it (SVG text, alt text, titles).
- :func:`bdi`: the same for HTML, with ``<bdi>``.
- :func:`json_text`: JSON that is also safe to inline in HTML (``<``, ``>``,
  ``&``, U+2028 and U+2029 as ``\\uXXXX``).

The module has no dependencies beyond the standard library, so the CLI, the
renderer, the charts and the MkDocs adapter can all use it.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any

#: Explicit bidi formatting characters (embeddings, overrides, isolates, marks).
_BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_INITIATORS = frozenset("\u2066\u2067\u2068")
_PDI = "\u2069"
_FSI = "\u2068"
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
#: Characters that are never wanted in a plain-text title: C0/C1 controls but tab/newline.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def needs_isolation(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter or a bidi control character."""
    if text.isascii():  # most text, at once: neither can be ASCII
        return False
    for char in text:
        if char in _BIDI_CONTROLS:
            return True
        if ord(char) >= 0x0590 and unicodedata.bidirectional(char) in ("R", "AL"):
            return True
    return False


def _balanced(text: str) -> str:
    """``text`` without the isolate terminators (PDI) that would close an isolate opened outside.

    A PDI with no isolate initiator before it inside ``text`` would end the
    isolate we wrap the text in, and let the overrides after it reorder the
    page: such PDIs are dropped. Initiators left open are closed at the end.
    """
    depth = 0
    out: list[str] = []
    for char in text:
        if char in _INITIATORS:
            depth += 1
        elif char == _PDI:
            if depth == 0:
                continue
            depth -= 1
        out.append(char)
    return "".join(out) + _PDI * depth


def isolate(text: str) -> str:
    """Plain text isolated from its surroundings (FSI ... PDI) when its direction could leak."""
    if not text or not needs_isolation(text):
        return text
    return _FSI + _balanced(text) + _PDI


def bdi(html_text: str, source: str | None = None) -> str:
    """Safe HTML wrapped in ``<bdi>`` when its text (``source``, default the HTML) needs it."""
    if not html_text or not needs_isolation(source if source is not None else html_text):
        return html_text
    return f"<bdi>{html_text}</bdi>"


def plain_from_html(text: str) -> str:
    """HTML text (tags, comments, entities) reduced to plain text on one line."""
    stripped = _TAG.sub("", text)
    # Whatever looks like a tag after unescaping was text, and stays text.
    return " ".join(_CONTROLS.sub(" ", html.unescape(stripped)).split())


def theme_title(title_html: str | None) -> str | None:
    """A page title for an MkDocs theme: plain text, escaped once, bidi-isolated.

    MkDocs derives a page title from its first heading as HTML text (tags
    removed, entities kept) and themes put it into ``<title>``, the menu, the
    table of contents and the search index with autoescape off; some pipe it
    through ``striptags``, which decodes entities again. Given as the page's
    ``meta.title`` (which mkdocs-material prints as it is) this value is the
    same text, with every ``<``, ``>``, ``&`` and quote written as an entity.

    Args:
        title_html: The title as MkDocs computed it (``page.title``).

    Returns:
        The escaped title, or ``None`` when there is none.
    """
    if title_html is None:
        return None
    plain = plain_from_html(title_html)
    return html.escape(isolate(plain), quote=True) if plain else None


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """Deterministic JSON that stays inert when a page inlines it.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` ... (same data for every
    JSON reader), so a statement holding ``</script>`` cannot close a script
    element that embeds the file, and U+2028/U+2029 cannot end a JavaScript
    string.
    """
    text = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
