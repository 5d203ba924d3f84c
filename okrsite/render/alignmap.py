"""The alignment map: the current period's tree of objectives as an SVG drawn at build time.

An indented tree, one row per objective in the reading order of the list
beside it: each objective is a box (its statement, cut to fit, its score and
status in words) linked to its page, joined to the objective it aligns to.
Colours come from the stylesheet (``okr-map`` classes), so the map follows
the light and dark schemes; each link carries the whole statement, score and
status in its <title> (its name and a tooltip). Coordinates are integers: the same tree gives
the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from ..escaping import isolate
from ..model import Portal
from .blocks import Html
from .markup import plain_text

#: Box and grid sizes in SVG units (CSS pixels at scale 1).
BOX_W, BOX_H, INDENT, ROW_H, MARGIN = 260, 44, 34, 54, 8
#: Characters of a statement shown in its box (the rest is in its <title>).
TEXT_CHARS = 38
#: Objectives drawn at most; a larger tree is drawn to the depth that fits.
MAP_LIMIT = 60


def _clip(text: str, limit: int = TEXT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def alignment_map(
    portal: Portal,
    rows: Sequence[tuple[str, int, str | None]],
    href: Callable[[str], str],
    *,
    title: str,
) -> Html:
    """The map of ``rows`` as one ``<div>`` of inline SVG (safe HTML), or ``""`` for none.

    Args:
        portal: the portal (statements, scores and statuses).
        rows: (objective id, depth, parent id drawn above it or None), in reading order.
        href: the relative URL of an objective's page from the page the map is on.
        title: what the map shows (plain text), its accessible name.
    """
    if not rows:
        return Html("")
    drawn = list(rows)
    max_depth = max(depth for _, depth, _ in drawn)
    while len(drawn) > MAP_LIMIT and max_depth > 0:
        max_depth -= 1
        drawn = [row for row in drawn if row[1] <= max_depth]
    drawn = drawn[:MAP_LIMIT]
    place = {oid: index for index, (oid, _, _) in enumerate(drawn)}
    width = MARGIN * 2 + BOX_W + INDENT * max(depth for _, depth, _ in drawn)
    height = MARGIN * 2 + ROW_H * len(drawn) - (ROW_H - BOX_H)
    edges: list[str] = []
    nodes: list[str] = []
    for index, (oid, depth, parent) in enumerate(drawn):
        x, y = MARGIN + INDENT * depth, MARGIN + ROW_H * index
        if parent is not None and parent in place:
            above = place[parent]
            px = MARGIN + INDENT * (depth - 1) + INDENT // 2
            py = MARGIN + ROW_H * above + BOX_H
            edges.append(f'<path class="okr-map__edge" d="M{px} {py}V{y + BOX_H // 2}H{x}"/>')
        obj = portal.objectives[oid]
        result = portal.objective_results[oid]
        statement = plain_text(obj.objective) or oid
        status = result.status
        score = "no score yet" if status == "planned" else f"{result.score:.2f}"
        name = f"{statement}: score {score}, {status}"
        # The whole statement is the link's <title> (its name, and a tooltip); no
        # aria-label, which would hide the shown (cut) text from the name.
        nodes.append(
            f'<a href="{html.escape(href(oid), quote=True)}">'
            f"<title>{html.escape(isolate(name))}</title>"
            f'<rect class="okr-map__box okr-map__box--{status}" x="{x}" y="{y}" '
            f'width="{BOX_W}" height="{BOX_H}" rx="6"/>'
            f'<text class="okr-map__text" x="{x + 10}" y="{y + 18}">'
            f"{html.escape(isolate(_clip(statement)))}</text>"
            f'<text class="okr-map__meta" x="{x + 10}" y="{y + 35}">{score} · {status}</text>'
            "</a>"
        )
    left_out = len(rows) - len(drawn)
    caption = (
        f'<p class="okr-map__note">The map shows the top {max_depth + 1} levels '
        f"({len(drawn)} of {len(rows)} objectives); the list has all of them.</p>"
        if left_out
        else ""
    )
    return Html(
        f'<div class="okr-map"><svg class="okr-map__svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="group" aria-label="{html.escape(title)}">'
        + "".join(edges)
        + "".join(nodes)
        + f"</svg>{caption}</div>"
    )
