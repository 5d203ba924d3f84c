"""The colours a chart SVG paints in the light and the dark scheme, read from the file.

A chart is drawn once in the light scheme's colours (inline ``style``
attributes) and carries a ``<style>`` whose ``@media (prefers-color-scheme:
dark)`` block recolours it. This module reads both the way a browser would:
the computed ``fill`` / ``stroke`` of every element, inherited down the tree
(``fill`` defaults to black), with the dark block's ``!important`` rules on
top in the dark scheme. It understands only the selectors the charts use
(``[style*="..."]``) and fails loudly on any other, so a change of format
cannot make the checks pass by being ignored. The browser tests confirm the
reading against Chromium's own computed styles.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

#: mkdocs-material's page backgrounds: white, and slate's hsla(225deg, 15%, 14%, 1).
BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2129"}
#: WCAG 2.1 AA: 4.5:1 for text (SC 1.4.3), 3:1 for graphics needed to understand content (1.4.11).
TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0

_DARK_MEDIA = "@media (prefers-color-scheme: dark)"
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SELECTOR = re.compile(r'\[style\*="([^"]+)"\]')
_NOT_PAINTED = ("defs", "clipPath", "mask", "symbol", "marker", "pattern", "style", "title")
_PAINTED = ("text", "path", "use", "line", "polyline", "polygon", "rect", "circle", "ellipse")


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours, 1.0 to 21.0."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class DarkRule:
    """``[style*="needle"]{prop: colour !important}`` inside the dark media block."""

    needle: str
    prop: str
    colour: str


@dataclass(frozen=True)
class Paint:
    """One colour an element paints: ``prop`` is ``fill`` or ``stroke``."""

    tag: str
    prop: str
    light: str
    dark: str
    opaque: bool
    text: str


def _declarations(text: str) -> dict[str, str]:
    style: dict[str, str] = {}
    for declaration in text.split(";"):
        key, _, value = declaration.partition(":")
        if key.strip():
            style[key.strip()] = value.strip()
    return style


def _media_block(css: str, start: int) -> str:
    """The text between the braces of the block whose ``{`` follows ``start``."""
    opening = css.index("{", start)
    depth = 0
    for index in range(opening, len(css)):
        depth += {"{": 1, "}": -1}.get(css[index], 0)
        if depth == 0:
            return css[opening + 1 : index]
    raise AssertionError(f"unbalanced braces in {css!r}")


def dark_rules(root: ET.Element) -> list[DarkRule]:
    """The rules of every ``@media (prefers-color-scheme: dark)`` block of the SVG's styles."""
    rules: list[DarkRule] = []
    for style in root.iter("{http://www.w3.org/2000/svg}style"):
        css = style.text or ""
        position = css.find(_DARK_MEDIA)
        while position >= 0:
            block = _media_block(css, position)
            for selector, body in _RULE.findall(block):
                match = _SELECTOR.fullmatch(selector.strip())
                assert match, f"a selector these checks do not understand: {selector!r}"
                for prop, value in _declarations(body).items():
                    colour = value.removesuffix("!important").strip()
                    assert value.endswith("!important"), (
                        f"{selector}: {value} loses to inline style"
                    )
                    rules.append(DarkRule(match.group(1), prop, colour))
            position = css.find(_DARK_MEDIA, position + len(block))
    return rules


def paints(svg: bytes | str) -> list[Paint]:
    """Every fill and stroke colour the SVG's elements paint, in each scheme.

    Like a renderer: ``<defs>`` and ``<clipPath>`` paint nothing themselves; a
    ``<use>`` paints the element it names, which inherits the ``<use>``'s style.
    """
    root = ET.fromstring(svg)
    rules = dark_rules(root)
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    found: list[Paint] = []

    def walk(element: ET.Element, inherited: dict[str, dict[str, str]], opaque: bool) -> None:
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in _NOT_PAINTED:
            return
        raw = element.get("style", "")
        own = _declarations(raw)
        computed = {scheme: dict(values) for scheme, values in inherited.items()}
        for prop in ("fill", "stroke"):
            if prop in own:
                computed["light"][prop] = own[prop]
                computed["dark"][prop] = own[prop]
            for rule in rules:
                if rule.prop == prop and rule.needle in raw:
                    computed["dark"][prop] = rule.colour
        solid = opaque and all(
            float(own.get(key, "1")) >= 1 for key in ("opacity", "stroke-opacity", "fill-opacity")
        )
        if tag == "use":
            href = element.get("{http://www.w3.org/1999/xlink}href") or element.get("href") or ""
            target = by_id.get(href.removeprefix("#"))
            assert target is not None, f"<use> of a missing element: {href!r}"
            walk(target, computed, solid)  # it sits in <defs>: painted here, with this style
            return
        if tag in _PAINTED:
            for prop in ("fill", "stroke"):
                light, dark = computed["light"][prop], computed["dark"][prop]
                if light.startswith("#"):
                    text = "".join(element.itertext()) if tag == "text" else ""
                    found.append(Paint(tag, prop, light, dark, solid, text))
        for child in element:
            walk(child, computed, solid)

    # SVG's initial values: black fill, no stroke.
    walk(root, {scheme: {"fill": "#000000", "stroke": "none"} for scheme in BACKGROUNDS}, True)
    return found


def shortfalls(svg: bytes | str, name: str) -> list[str]:
    """What in ``svg`` misses WCAG AA in a scheme: text under 4.5:1, opaque lines under 3:1.

    Text is judged by its fill; lines and markers by their stroke and fill, when
    drawn without transparency (tinted zones are background, not ink).
    """
    problems: list[str] = []
    for paint in paints(svg):
        if paint.tag == "text" and paint.prop == "fill":
            needed = TEXT_CONTRAST
        elif paint.tag != "text" and paint.opaque:
            needed = GRAPHIC_CONTRAST
        else:
            continue
        for scheme, background in BACKGROUNDS.items():
            colour = paint.light if scheme == "light" else paint.dark
            ratio = contrast(colour, background)
            if ratio < needed:
                what = (
                    f"text {paint.text!r}" if paint.tag == "text" else f"{paint.tag} {paint.prop}"
                )
                problems.append(
                    f"{name}: {what} {colour} on {scheme} {background}: {ratio:.2f}:1 < {needed}:1"
                )
    return problems
