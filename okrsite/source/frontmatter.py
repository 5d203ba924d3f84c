"""Where a page's front matter is: the one splitter, for reading and for rewriting.

:mod:`okrsite.source.load` reads the YAML it finds; the authoring commands
(``okrsite checkin``, ``okrsite new --from``) rewrite the page around the same
offsets, so both agree on what is front matter and what is body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")
_END_STARTS = ("---", "...")
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Where the front matter sits in a page's text.

    Attributes:
        start: index of the first character after the opening ``---`` line.
        end: index of the first character of the closing ``---``/``...`` line.
        body: index of the first character after the closing line.
        text: ``page[start:end]``, the YAML itself.
        body_line: the 1-based line number the body starts on.
    """

    start: int
    end: int
    body: int
    text: str
    body_line: int


def find_front_matter(text: str) -> FrontMatter | Literal["missing", "unclosed"]:
    """Locate the ``---``-fenced front matter at the start of a page (a BOM is skipped).

    Returns:
        Its position, or why there is none: ``"missing"`` (the first line is not
        ``---``) or ``"unclosed"`` (no later line is ``---`` or ``...``).
    """
    offset = 1 if text.startswith(_BOM) else 0
    lines = text[offset:].splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        return "missing"
    start = offset + len(lines[0])
    for index in range(1, len(lines)):
        line = lines[index]
        # Every closing line starts so; the pattern is asked about those only.
        if line.startswith(_END_STARTS) and _END.match(line.rstrip("\r\n")):
            position = start + sum(map(len, lines[1:index]))
            return FrontMatter(
                start=start,
                end=position,
                body=position + len(line),
                text=text[start:position],
                body_line=index + 2,
            )
    return "unclosed"
