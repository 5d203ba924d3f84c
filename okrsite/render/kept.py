"""Rendering a site with the user text an earlier process rendered (a sealed file).

The plugin and ``okrsite render`` render through :func:`render_kept`: the
texts of the last build on this machine (:mod:`okrsite.engine.textstore`) are
offered to ``markup.MEMO`` before the pages are written, and this build's are
kept after, when it rendered any text anew.
"""

from __future__ import annotations

from pathlib import Path

from ..engine import textstore
from ..engine.seal import cache_key
from ..model import Portal
from ..options import Options
from .links import SiteMap
from .markup import MEMO
from .site import RenderedSite, render_site


def render_kept(
    portal: Portal, options: Options, site: SiteMap, *, cache_dir: Path, project: Path
) -> RenderedSite:
    """:func:`~okrsite.render.site.render_site`, reusing the texts kept in ``cache_dir``.

    Args:
        portal: the output of :func:`okrsite.portal.build_portal`.
        options: the run options.
        site: where pages live and the site's Markdown.
        cache_dir: okrsite's cache folder.
        project: the folder of ``mkdocs.yml`` (no cache key may lie there).

    Returns:
        What :func:`render_site` returns: the same pages, byte for byte.
    """
    key = cache_key(project)
    stamp = textstore.stamp(site.markdown.extensions)
    if not len(MEMO):  # the first build of this process (a server keeps its own memo)
        MEMO.restore(textstore.load_texts(cache_dir, key, stamp))
    try:
        rendered = render_site(portal, options, site)
    finally:
        MEMO.restore({})  # what this build did not ask for is of no use any more
    if MEMO.rendered:
        textstore.save(cache_dir, key, stamp, MEMO.stored())
    return rendered
