"""The generated pages of a portal, as Markdown: no MkDocs needed.

The pipeline reads left to right: :mod:`.catalog` indexes the portal's links
both ways, :mod:`.specs` turns data into chart specs, one module per page
family writes the pages (:mod:`.dashboard`, :mod:`.objective`, :mod:`.team`,
:mod:`.kpi`, :mod:`.person`, :mod:`.period`, :mod:`.alignment`,
:mod:`.changes`, :mod:`.health`), all through :mod:`.page` (with
:mod:`.markup` for safe user text, :mod:`.links` for every path and URL,
:mod:`.trend` and :mod:`.alignmap` for the SVG drawn inline, and
:mod:`.paging` to split long listings into numbered sub-pages so that no page
grows with the portal), and :mod:`.site` gathers the result in a
:class:`RenderedSite` that the MkDocs plugin serves or :func:`write_tree` writes to a folder.
"""

from __future__ import annotations

from .links import SiteMap, person_slug, rel_link
from .page import APPEND, NEW, REPLACE, RenderedPage
from .paging import PageSizes
from .site import STYLESHEET, RenderedSite, render_site, stylesheet, write_tree

__all__ = [
    "APPEND",
    "NEW",
    "PageSizes",
    "REPLACE",
    "STYLESHEET",
    "RenderedPage",
    "RenderedSite",
    "SiteMap",
    "person_slug",
    "rel_link",
    "render_site",
    "stylesheet",
    "write_tree",
]
