"""The alignment page: ``/alignment/``, the current period's tree of objectives.

The company's objectives, each followed by the objectives that align to it,
as a list and as a map drawn at build time (:mod:`.alignmap`). A tree of
more than ``sizes.rows`` objectives is cut into sub-pages (see :mod:`.paging`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .alignmap import alignment_map
from .catalog import Catalog
from .markup import bullets, encode, nested_list, plain_text, strong
from .page import Page, RenderedPage, objectives_folder
from .paging import PageSizes, SubPages, chunked, continued, first_of, runs

_ALIGNMENT_INTRO = (
    "The objectives of {period}, each under the objective it supports. Objectives that "
    "support none in this period start a tree of their own under their level."
)
_LEVEL_SECTIONS = (
    ("company", "Company objectives"),
    ("team", "Team objectives that support no company objective"),
    ("individual", "Individual objectives that support no other objective"),
)
_CYCLE_SECTION = "Objectives that support each other in a circle"


@dataclass(frozen=True, slots=True)
class _TreeEntry:
    """One objective of the alignment tree: its section, depth and the objectives above it."""

    section: str
    oid: str
    ancestors: tuple[str, ...] = ()
    in_cycle: bool = False

    @property
    def depth(self) -> int:
        return len(self.ancestors)

    @property
    def root(self) -> str:
        return self.ancestors[0] if self.ancestors else self.oid


def alignment(cat: Catalog, sizes: PageSizes) -> list[RenderedPage]:
    """``/alignment/``: company -> team -> individual objectives of the current period.

    A tree of more than ``sizes.rows`` objectives is cut, in its reading order,
    into sub-pages (``/alignment/page/<n>/``); a sub-page that starts inside a
    subtree first repeats the objectives above it, marked "continued". The
    entry page shows the map, the company objectives with the size of their
    trees and lists the sub-pages.
    """
    site = cat.site
    key = cat.current
    p = Page(cat, site.alignment)
    p.add("# Alignment")
    p.add(_ALIGNMENT_INTRO.format(period=p.period(key)))
    ids = set(cat.by_period.get(key, []))
    entries = _tree_entries(cat, ids)
    feed = objectives_folder(cat, sorted(ids))
    p.add(
        alignment_map(
            cat.portal,
            [(e.oid, e.depth, e.ancestors[-1] if e.ancestors else None) for e in entries],
            lambda oid: p.href(site.objective(oid)),
            title=f"Alignment map of {plain_text(key)}: each objective under the one it supports",
        )
    )
    if len(entries) <= sizes.rows:
        _tree_sections(p, entries, first_continued=False)
        if not ids:
            p.add("No objectives in this period.")
        return [p.done(feed=feed)]

    chunks = chunked(entries, sizes.rows)
    sub = SubPages(site, site.alignment, "Alignment", len(chunks))
    p.add(
        f"{len(entries)} objectives in {p.period(key)}, on {len(chunks)} pages of up to "
        f"{sizes.rows}, in the order of the tree."
    )
    pages_of: dict[str, list[int]] = defaultdict(list)
    for number, chunk in enumerate(chunks, start=1):
        for entry in chunk:
            if not pages_of[entry.root] or pages_of[entry.root][-1] != number:
                pages_of[entry.root].append(number)
    tree_size = Counter(entry.root for entry in entries)
    company = [e for e in entries if e.depth == 0 and e.section == _LEVEL_SECTIONS[0][1]]
    if company:
        p.add("## Company objectives")
        lines = []
        listed, cut = first_of(
            company, sizes.dashboard, " company objectives; the pages below hold all of them."
        )
        for entry in listed:
            below = tree_size[entry.oid] - 1
            numbers = pages_of[entry.oid]
            pages_text = (
                f"pages {numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else f"page {numbers[0]}"
            )
            lines.append(
                f"{_tree_line(p, entry)} · {below} objective{'s' if below != 1 else ''} "
                f"below it, {p.link(sub.src(numbers[0]), pages_text)}"
            )
        p.add(bullets(lines), cut)
    p.add("## Pages")
    rows = []
    for chunk in chunks:
        first = chunk[0]
        start = p.objective(first.root) + (" (continued)" if first.depth else "")
        rows.append([encode(first.section), start, str(len(chunk))])
    p.add(sub.index(p, ["Section", "Starts with", "Objectives"], rows))
    return [
        p.done(feed=feed),
        *sub.write(
            p,
            chunks,
            lambda q, chunk, again: _tree_sections(q, chunk, first_continued=again),
            feed=lambda chunk: objectives_folder(cat, sorted(e.oid for e in chunk)),
            group=lambda entry: entry.section,
        ),
    ]


def _tree_entries(cat: Catalog, ids: set[str]) -> list[_TreeEntry]:
    """The tree in reading order: each section's roots, each followed by its subtree."""
    portal = cat.portal
    roots = [
        oid
        for oid in ids
        if not portal.objectives[oid].parent or portal.objectives[oid].parent not in ids
    ]
    entries: list[_TreeEntry] = []
    placed: set[str] = set()

    def visit(section: str, oid: str, ancestors: tuple[str, ...]) -> None:
        if oid in placed:
            return
        placed.add(oid)
        entries.append(_TreeEntry(section, oid, ancestors))
        for child in sorted(cat.children.get(oid, []), key=cat.objective_sort_key):
            if child in ids:
                visit(section, child, (*ancestors, oid))

    for level, title in _LEVEL_SECTIONS:
        level_roots = sorted(
            (o for o in roots if portal.objectives[o].level == level), key=cat.objective_sort_key
        )
        for oid in level_roots:
            visit(title, oid, ())
    rest = sorted(ids - placed, key=cat.objective_sort_key)  # parent cycles (E008)
    entries.extend(_TreeEntry(_CYCLE_SECTION, oid, in_cycle=True) for oid in rest)
    return entries


def _tree_sections(p: Page, entries: Sequence[_TreeEntry], *, first_continued: bool) -> None:
    for index, (section, group) in enumerate(runs(entries, key=lambda e: e.section)):
        p.add(f"## {continued(section, first_continued and index == 0)}")
        # A page that starts inside a subtree repeats the objectives above, so the
        # nesting still reads from the top.
        context = [
            (depth, f"{p.objective(oid)} <em>(continued)</em>")
            for depth, oid in enumerate(group[0].ancestors if index == 0 else ())
        ]
        lines = [(0 if e.in_cycle else e.depth, _tree_line(p, e)) for e in group]
        p.add(nested_list(context + lines))


def _tree_line(p: Page, entry: _TreeEntry) -> str:
    if entry.in_cycle:
        return p.objective(entry.oid)
    obj = p.portal.objectives[entry.oid]
    parent = p.portal.objectives.get(obj.parent or "")
    outside = ""
    if entry.depth == 0 and parent is not None:
        when = p.period(parent.period.key) if parent.period else ""
        outside = f" (supports {p.objective(parent.id)} of {when})"
    who = p.team(obj.team) if obj.team else "company"
    return (
        f"{p.objective(entry.oid)}{outside} — {who}, {p.person(obj.owner)}: "
        + _score(p, entry.oid)
        + p.objective_status(entry.oid, with_type=True)
    )


def _score(p: Page, oid: str) -> str:
    result = p.portal.objective_results[oid]
    return "" if result.status == "planned" else f"{strong(f'{result.score:.2f}')} "
