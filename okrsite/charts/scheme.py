"""The dark scheme of a chart: a ``<style>`` that swaps each light colour for its twin.

matplotlib writes every colour into an element's ``style`` attribute
(``style="font-size: 8px; fill: #5c6370"``). The stylesheet added here holds,
inside ``@media (prefers-color-scheme: dark)``, one rule per colour and
property: ``[style*="fill: #5c6370"]{fill:#9aa3b0!important}``. The attribute
selector picks the elements drawn in that colour and ``!important`` wins over
their inline style; without the media query (light scheme, or a viewer that
ignores CSS) the inline light colours stay. The drawing itself is made once.

Why ``prefers-color-scheme`` follows the site's toggle and not only the OS: in
an SVG shown through ``<img>`` it reflects the ``color-scheme`` of the ``<img>``
element (Media Queries 5, "Secure Animated" embedding), and mkdocs-material
sets ``color-scheme: dark`` on its slate scheme and ``light`` on the default
one. The browser tests check this with the scheme toggled against the OS.
"""

from __future__ import annotations

from collections.abc import Mapping

from .kinds import DARK

#: The SVG properties matplotlib writes colours into.
_PROPERTIES = ("fill", "stroke")


def dark_rules(twins: Mapping[str, str] = DARK) -> str:
    """The CSS that recolours a chart for a dark background.

    Args:
        twins: Light colour (as matplotlib writes it: ``#rrggbb``) -> dark colour.

    Returns:
        One ``@media (prefers-color-scheme: dark)`` block, in a fixed order.
    """
    rules = "".join(
        f'[style*="{prop}: {light}"]{{{prop}:{dark}!important}}'
        for light, dark in sorted(twins.items())
        for prop in _PROPERTIES
    )
    return f"@media (prefers-color-scheme: dark){{{rules}}}"


def with_dark_scheme(svg: bytes) -> bytes:
    """Add :func:`dark_rules` to an SVG drawn in the light scheme's colours.

    The rules go into a ``<style>`` element of their own, right after the
    ``<svg>`` start tag, so they do not depend on what matplotlib puts in its
    own ``<defs>``.

    Args:
        svg: A whole SVG document, as matplotlib writes it.

    Returns:
        The same document with the stylesheet; unchanged when it has no ``<svg>`` element.
    """
    return after_root(svg, f'\n <style type="text/css">{dark_rules()}</style>'.encode())


def after_root(svg: bytes, element: bytes) -> bytes:
    """``element`` put right after the opening ``<svg ...>`` tag; unchanged without one."""
    root = svg.find(b"<svg ")
    close = svg.find(b">", root)
    if root < 0 or close < 0:
        return svg
    return svg[: close + 1] + element + svg[close + 1 :]
