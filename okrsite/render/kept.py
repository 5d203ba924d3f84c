"""Rendering a site with the user text an earlier process rendered (a sealed file),
the objectives' pages in a second process.

The plugin and ``okrsite render`` render through :func:`render_kept`: the
texts of the last build on this machine (:mod:`okrsite.engine.textstore`) are
offered to ``markup.MEMO`` before the pages are written, and this build's are
kept after, when it rendered any text anew.

A portal of :data:`SPLIT_FROM` objectives or more has most of its objectives'
pages and progress charts (:data:`CHILD_SHARE` of them, about half of the
work) rendered by a child forked from this process
(:mod:`okrsite.engine.forked`), while this process renders the rest. The
child starts with the portal and the memo as they are here, and hands back
its pages, charts and the texts it used; the site and the texts kept are
those of one process, byte for byte. Where no child can be had, or it fails,
this process renders those objectives too.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..engine import forked, textstore
from ..engine.seal import cache_key
from ..model import Portal
from ..options import Options
from .links import SiteMap
from .markup import MEMO
from .site import RenderedSite, Share, objective_share, render_site

#: Objectives from which their pages are rendered in a second process; below, the
#: fork and the pickled pages cost about what they save.
SPLIT_FROM = 400
#: The part of the objectives the child renders: the rest of the site and the unpickling
#: of the child's pages are this process's part (balanced on the benchmark's portals).
CHILD_SHARE = 1.0


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
        rendered = _render(portal, options, site, split_from or SPLIT_FROM)
    finally:
        MEMO.restore({})  # what this build did not ask for is of no use any more
    if MEMO.rendered:
        textstore.save(cache_dir, key, stamp, MEMO.stored())
    return rendered


def _render(portal: Portal, options: Options, site: SiteMap, split_from: int) -> RenderedSite:
    if len(portal.objectives) < split_from:
        return render_site(portal, options, site)
    ids = sorted(portal.objectives)
    cut = round(len(ids) * (1 - CHILD_SHARE))
    ours, theirs = ids[:cut], ids[cut:]
    child = forked.start(lambda: _share(portal, site, theirs))
    if child is None:
        return render_site(portal, options, site)
    started = time.monotonic()
    rest = render_site(portal, options, site, objectives=ours)
    # The child does about as much as this process did: waiting much longer means it hangs.
    got = child.result(patience=60 + 4 * (time.monotonic() - started))
    if got is None:
        share = objective_share(portal, site, theirs)  # the memo is this process's own
    else:
        share, taken = got
        MEMO.absorb(taken)
    return RenderedSite(
        pages=dict(sorted({**rest.pages, **share.pages}.items())),
        charts=dict(sorted({**rest.charts, **share.charts}.items())),
        files=rest.files,
        site=rest.site,
    )


def _share(
    portal: Portal, site: SiteMap, objectives: list[str]
) -> tuple[Share, tuple[dict[tuple[object, ...], str], int]]:
    """In the child: the objectives' pages and charts, and the texts they took."""
    MEMO.new_build()  # as render_site does in the parent
    return objective_share(portal, site, objectives), MEMO.taken()
