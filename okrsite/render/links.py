"""Where every page lives and how pages point at each other.

Everything about paths and URLs is here, so the rest of the renderer never
builds a path by hand. Generated pages are final HTML, so their links are the
built site's relative URLs (:func:`rel_url`), the way MkDocs would write them,
and the site works under any sub-path (GitHub Pages project sites). Links in
text people wrote (notes, bodies) are turned into page URLs here too
(:func:`resolve_href`). :func:`rel_link` gives the relative link to a source
file, for Markdown written by hand.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import unicodedata
from urllib.parse import urlsplit

from ..sitemap import SiteMap, bounded, page_url

#: Letters that Unicode does not decompose into a base letter plus an accent.
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "ı": "i",
    }
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

__all__ = ["SiteMap", "page_url", "person_slug", "rel_link", "rel_url", "resolve_href"]


@functools.lru_cache(maxsize=65536)
def person_slug(name: str) -> str:
    """The slug of a person's page (SPEC 8): ``"José Núñez"`` -> ``jose-nunez``.

    The name is lowercased, accents are folded (NFKD, combining marks dropped,
    plus a few letters Unicode does not decompose: ``ø`` -> ``o``, ``ß`` ->
    ``ss``), and every run of other characters than ``a-z0-9`` becomes ``-``.
    A name that leaves nothing (e.g. written in CJK) gets ``person-`` and a
    short hash of the name. Two names with the same slug share one page. A
    slug longer than :data:`~okrsite.sitemap.MAX_NAME` is cut and ends in a
    hash (:func:`~okrsite.sitemap.bounded`).
    """
    folded = unicodedata.normalize("NFKD", name.lower().translate(_FOLD))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    slug = _NOT_SLUG.sub("-", folded).strip("-")
    if slug:
        return bounded(slug)
    digest = hashlib.sha1(" ".join(name.split()).encode("utf-8", "surrogatepass"))
    return "person-" + digest.hexdigest()[:10]


def _split_fragment(target: str) -> tuple[str, str]:
    path, sep, fragment = target.partition("#")
    return path, sep + fragment


def _relative(path: str, start: str) -> str:
    """``posixpath.relpath`` for clean docs-relative paths, without its filesystem calls."""
    to = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    parts = [".."] * (len(base) - common) + to[common:]
    return "/".join(parts) or "."


@functools.lru_cache(maxsize=65536)
def rel_link(from_src: str, to_src: str) -> str:
    """A relative Markdown link from one docs file to another (``#anchor`` kept).

    Both are paths relative to docs_dir, e.g. ``rel_link("objectives/2026-Q4/a.md",
    "teams/sales.md") == "../../teams/sales.md"``.
    """
    path, fragment = _split_fragment(to_src)
    if not path:
        return fragment
    if path == from_src:
        return posixpath.basename(path) + fragment
    return _relative(path, posixpath.dirname(from_src)) + fragment


@functools.lru_cache(maxsize=65536)
def rel_url(from_src: str, to_src: str, directory_urls: bool = True) -> str:
    """The relative URL from the page built from ``from_src`` to the one built from ``to_src``."""
    path, fragment = _split_fragment(to_src)
    here = page_url(from_src, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    target = page_url(path, directory_urls) if path else here
    rel = _relative(target, base)
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel + fragment


def resolve_href(
    from_src: str, href: str, directory_urls: bool = True, *, origin: str | None = None
) -> str:
    """A link written in a goal file, made to work from the page it is shown on.

    URLs with a scheme, absolute paths and bare ``#anchors`` stay as they are;
    a relative path is resolved against the folder of ``origin`` (the goal
    file the text was written in; default: the page itself), ``.md`` files
    become page URLs, other files keep their path, and the result is made
    relative to the built URL of ``from_src``.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "#", "?")) or not parts.path:
        return href
    folder = posixpath.dirname(origin if origin is not None else from_src)
    joined = posixpath.normpath(posixpath.join(folder, parts.path))
    if joined.startswith("../") or joined == "..":
        return href  # outside docs_dir: nothing MkDocs would build either
    suffix = ("?" + parts.query if parts.query else "") + (
        "#" + parts.fragment if parts.fragment else ""
    )
    return rel_url(from_src, joined, directory_urls) + suffix
