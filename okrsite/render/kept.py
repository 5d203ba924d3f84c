"""Rendering a site with the user text an earlier process rendered (a sealed file),
the objectives' pages in a second process.

The plugin and ``okrsite render`` render through :func:`render_kept`: the
texts of the last build on this machine (:mod:`okrsite.engine.textstore`) are
offered to ``textmemo.MEMO`` before the pages are written, and this build's are
kept after, when it rendered any text anew.

A portal of :data:`SPLIT_FROM` objectives or more, with the fork server running
(a build starts it early, see :mod:`okrsite.engine.workers`), has its
objectives' pages and progress charts rendered by a worker forked from it
(:func:`~okrsite.render.site.objective_share`), while this process renders the
rest: they are about half of the work. The worker gets the portal, the site
and the texts this process's memo could offer, and gives back the pages,
charts and texts it used; the site is the same, byte for byte, and so are the
texts kept. Where no worker can be had, everything is rendered here.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path
from typing import Any

from ..engine import textstore
from ..engine import workers as procs
from ..engine.seal import cache_key
from ..model import Portal
from ..options import Options
from .links import SiteMap
from .markup import MEMO
from .site import RenderedSite, Share, objective_share, render_site

log = logging.getLogger(__name__)

#: Objectives from which their pages are rendered in a second process; below, the
#: pickling and the worker's start cost more than they save.
SPLIT_FROM = 400


def render_kept(
    portal: Portal,
    options: Options,
    site: SiteMap,
    *,
    cache_dir: Path,
    project: Path,
    split_from: int = SPLIT_FROM,
) -> RenderedSite:
    """:func:`~okrsite.render.site.render_site`, reusing the texts kept in ``cache_dir``.

    Args:
        portal: the output of :func:`okrsite.portal.build_portal`.
        options: the run options.
        site: where pages live and the site's Markdown.
        cache_dir: okrsite's cache folder.
        project: the folder of ``mkdocs.yml`` (no cache key may lie there).
        split_from: objectives from which a worker renders their pages.

    Returns:
        What :func:`render_site` returns: the same pages, byte for byte.
    """
    key = cache_key(project)
    stamp = textstore.stamp(site.markdown.extensions)
    if not len(MEMO):  # the first build of this process (a server keeps its own memo)
        MEMO.restore(textstore.load_texts(cache_dir, key, stamp))
    try:
        rendered = _render(portal, options, site, split_from)
    finally:
        MEMO.restore({})  # what this build did not ask for is of no use any more
    if MEMO.rendered:
        textstore.save(cache_dir, key, stamp, MEMO.stored())
    return rendered


def _render(portal: Portal, options: Options, site: SiteMap, split_from: int) -> RenderedSite:
    if len(portal.objectives) < split_from or not (procs.forks() and procs.server_running()):
        return render_site(portal, options, site)
    try:
        job = pickle.dumps((portal, site, MEMO.snapshot()), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # a site setting that cannot be pickled: render it all here
        log.debug("okrsite: rendering in one process (%s)", error)
        return render_site(portal, options, site)
    rest: list[RenderedSite] = []
    shares = procs.map_in_workers(
        render_share,
        [job],
        workers=1,
        fewest=1,
        what="page rendering",
        meanwhile=lambda: rest.append(render_site(portal, options, site, objectives=_LATER)),
    )
    if shares is None:  # no worker: the objectives here too
        if not rest:
            return render_site(portal, options, site)
        share = objective_share(portal, site)
    else:
        share, taken = shares[0]
        MEMO.absorb(taken)
    done = rest[0]
    return RenderedSite(
        pages=dict(sorted({**done.pages, **share.pages}.items())),
        charts=dict(sorted({**done.charts, **share.charts}.items())),
        files=done.files,
        site=done.site,
    )


#: ``render_site(objectives=_LATER)`` leaves the objectives out (they come from the worker).
_LATER = Share({}, {})


def render_share(job: bytes) -> tuple[Share, Any]:
    """In a worker: the objectives' pages and charts, and the texts they took."""
    portal, site, snapshot = pickle.loads(job)
    MEMO.clear()
    MEMO.seed(snapshot)
    share = objective_share(portal, site)
    return share, MEMO.taken()
