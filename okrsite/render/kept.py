"""Rendering a site with the user text an earlier process rendered (a sealed file),
the objectives' pages in a second process.

The plugin and ``okrsite render`` render through :func:`render_kept`: the
texts of the last build on this machine (:mod:`okrsite.engine.textstore`) are
offered to ``textmemo.MEMO`` before the pages are written, and this build's are
kept after, when it rendered enough texts anew (:data:`RESAVE_SHARE`).

A portal of :data:`SPLIT_FROM` objectives or more has its objectives' pages
and progress charts (about half of the work) rendered by two processes: a
child forked from this one takes objectives one at a time from the start of
the list, while this process renders the rest of the site and then takes
objectives from the end, until the two meet (:class:`okrsite.engine.forked.Ends`):
whichever is faster renders more. The child starts with the portal and the
memo as they are here, and hands back its pages, charts, the texts it used
and which objectives it did; the site and the texts kept are those of one
process, byte for byte. Where no child can be had, or it fails, this process
renders its objectives too.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from ..engine import forked, textstore
from ..engine.seal import cache_key
from ..model import Portal
from ..options import Options
from .links import SiteMap
from .site import RenderedSite, Share, objective_share, render_site
from .textmemo import MEMO

#: The texts kept are written again when a build rendered at least this share of the
#: texts it used anew. A check-in's build renders a handful: rewriting the whole file
#: (megabytes) would cost more than rendering those again in each build until then.
RESAVE_SHARE = 0.01
#: Objectives from which their pages are rendered in a second process; below, the
#: fork and the pickled pages cost about what they save.
SPLIT_FROM = 400


def render_kept(
    portal: Portal,
    options: Options,
    site: SiteMap,
    *,
    cache_dir: Path,
    project: Path,
    split_from: int | None = None,
) -> RenderedSite:
    """:func:`~okrsite.render.site.render_site`, reusing the texts kept in ``cache_dir``.

    Args:
        portal: the output of :func:`okrsite.portal.build_portal`.
        options: the run options.
        site: where pages live and the site's Markdown.
        cache_dir: okrsite's cache folder.
        project: the folder of ``mkdocs.yml`` (no cache key may lie there).
        split_from: objectives from which a forked child renders their pages
            (default: :data:`SPLIT_FROM`).

    Returns:
        What :func:`render_site` returns: the same pages, byte for byte.
    """
    key = cache_key(project)
    stamp = textstore.stamp(site.markdown.extensions)
    if not len(MEMO):  # the first build of this process (a server keeps its own memo)
        MEMO.restore(textstore.load_texts(cache_dir, key, stamp))
    try:
        rendered = _render(portal, options, site, SPLIT_FROM if split_from is None else split_from)
    finally:
        MEMO.restore({})  # what this build did not ask for is of no use any more
    if MEMO.rendered and MEMO.rendered >= MEMO.used() * RESAVE_SHARE:
        textstore.save(cache_dir, key, stamp, MEMO.stored())
    return rendered


def _render(portal: Portal, options: Options, site: SiteMap, split_from: int) -> RenderedSite:
    ids = sorted(portal.objectives)
    if len(ids) < split_from:
        return render_site(portal, options, site)
    ends = forked.Ends(len(ids))
    child = forked.start(lambda: _share(portal, site, ids, ends))
    if child is None:
        return render_site(portal, options, site)
    started = time.monotonic()
    mine: list[str] = []
    rest = render_site(portal, options, site, objectives=_taken(ends.back(), ids, mine))
    # The child has one objective to finish, then its pages to send: waiting much longer
    # than this process took means it hangs.
    got = child.result(patience=60 + 4 * (time.monotonic() - started))
    share, theirs = Share({}, {}), list[str]()
    if got is not None:
        share, taken, theirs = got
        MEMO.absorb(taken)
    left = sorted(set(ids).difference(mine, theirs))
    if left:  # the child failed, or an objective fell between the two (a torn read)
        more = objective_share(portal, site, left)  # the memo is this process's own
        share = Share({**share.pages, **more.pages}, {**share.charts, **more.charts})
    return RenderedSite(
        pages=dict(sorted({**rest.pages, **share.pages}.items())),
        charts=dict(sorted({**rest.charts, **share.charts}.items())),
        files=rest.files,
        site=rest.site,
    )


def _share(
    portal: Portal, site: SiteMap, ids: list[str], ends: forked.Ends
) -> tuple[Share, tuple[dict[tuple[object, ...], str], int], list[str]]:
    """In the child: objectives taken from the front, their pages and charts, the texts
    they used, and which objectives they are."""
    MEMO.new_build()  # as render_site does in the parent
    done: list[str] = []
    return objective_share(portal, site, _taken(ends.front(), ids, done)), MEMO.taken(), done


def _taken(positions: Iterator[int], ids: list[str], record: list[str]) -> Iterator[str]:
    """The objectives at ``positions``, as they are taken; each is added to ``record``."""
    for at in positions:
        record.append(ids[at])
        yield ids[at]
