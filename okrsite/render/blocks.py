"""Generated HTML blocks kept away from Python-Markdown, and put back after it.

okrsite writes its tables, data blocks and the like as final HTML (:class:`Html`).
Python-Markdown passes an HTML block through, but only after parsing every tag
of it with the standard library's HTML parser to find where it ends: on a
portal's pages that parsing was most of the Markdown conversion. The MkDocs
adapter therefore hands Python-Markdown a one-line comment in each block's
place (:func:`stash`) and swaps the blocks back into the HTML it returns
(:func:`unstash`). Headings stay Markdown, so the table of contents, anchors and
search sections are MkDocs' own; the page's HTML is the same as if the blocks had
been parsed (Python-Markdown copies HTML blocks unchanged).

``okrsite render`` writes the Markdown with the blocks in place: any
MkDocs-compatible engine passes HTML blocks through.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence


class Html(str):
    """A chunk of a page that is one complete HTML block, no Markdown in it."""

    __slots__ = ()


class Markdown(str):
    """A chunk of a page written in Markdown on purpose, for MkDocs to render.

    Headings are Markdown (MkDocs makes their anchors, the table of contents and
    the search sections); so is the rules page's prose with its code samples,
    which the site's code highlighting should render. Everything else okrsite
    writes is :class:`Html`.
    """

    __slots__ = ()


def stash(
    markdown: str, blocks: Sequence[tuple[int, int]], *, offset: int = 0
) -> tuple[str, dict[str, str]]:
    """Replace each block (in page order) by a comment Python-Markdown leaves as it is.

    Args:
        markdown: the page's Markdown.
        blocks: where its HTML blocks are: (start, end) offsets in page order,
            counted from ``offset`` (where okrsite's part of the page begins: the
            company's own index.md may come first).
        offset: added to every offset.

    Returns:
        The Markdown with placeholders, and placeholder -> block.
    """
    if not blocks:
        return markdown, {}
    # A token from the page itself: no one writes it into a goal file by chance.
    token = hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    parts: list[str] = []
    stashed: dict[str, str] = {}
    at = 0
    for start, end in blocks:
        start, end = start + offset, end + offset
        if start < at or end <= start or end > len(markdown):
            continue  # not a block of this text: left in place, for Python-Markdown
        key = f"<!--okrsite:{token}:{len(stashed)}-->"
        parts.append(markdown[at:start])
        parts.append(key)
        stashed[key] = markdown[start:end]
        at = end
    parts.append(markdown[at:])
    return "".join(parts), stashed


_PLACEHOLDER = re.compile(r"(?:<p>)?(<!--okrsite:[0-9a-f]{16}:\d+-->)(?:</p>)?")


def unstash(html: str, stashed: Mapping[str, str]) -> str:
    """Put the blocks back in the HTML Python-Markdown made of :func:`stash`'s Markdown."""
    if not stashed:
        return html
    return _PLACEHOLDER.sub(lambda m: stashed.get(m.group(1), m.group(0)), html)


#: A chart's data table (:func:`okrsite.render.markup.details`) in one of okrsite's blocks.
_DATA_TABLE = re.compile(r'<details class="okr-data">.*?</details>', re.S)
_TOKEN = re.compile(r"<!--okrsite:([0-9a-f]{16}):")


def set_aside(stashed: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """okrsite's blocks without the charts' data tables, and the tables by placeholder.

    A data table repeats a chart's numbers for those who cannot see the chart: it is
    no search content (a search for a date would list every chart of that week), and
    it is the larger part of a KPI page's HTML, which the search plugin parses tag by
    tag. The adapter takes the tables out before MkDocs and its plugins see the page's
    content and puts them back into the finished page (:func:`put_back`).

    Returns:
        The blocks with a comment in place of each table, and comment -> table.
    """
    aside: dict[str, str] = {}
    blocks: dict[str, str] = {}
    for key, block in stashed.items():
        found = _TOKEN.match(key)
        token = found.group(1) if found else ""

        def keep(match: re.Match[str], token: str = token) -> str:
            mark = f"<!--okrsite-aside:{token}:{len(aside)}-->"
            aside[mark] = match.group(0)
            return mark

        blocks[key] = _DATA_TABLE.sub(keep, block) if "okr-data" in block else block
    return blocks, aside


def put_back(html: str, aside: Mapping[str, str]) -> str:
    """The finished page with the tables :func:`set_aside` took out back in place."""
    for mark, table in aside.items():
        html = html.replace(mark, table, 1)
    return html
