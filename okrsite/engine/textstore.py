"""User text already rendered, kept between processes in one sealed file.

Rendering what people wrote (statements, notes, goal-page bodies through the
site's Markdown and the sanitizer) is the largest part of rendering the pages,
and between two builds almost none of it changes. ``render.textmemo.MEMO`` keeps
it within a process; this file keeps it for the next one (``mkdocs build
--dirty`` after a check-in, the next warm build): ``<cache_dir>/texts.json``,
memo key hash -> HTML.

That HTML is published as it is, so the file is sealed (:mod:`.seal`): a file
this machine did not write, or one written by another version of the code
that renders (the :func:`stamp`), is ignored and every text is rendered.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import sys
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from .seal import read_sealed, write_sealed

FILE = "texts.json"
#: Version of the file's format.
VERSION = 2
#: okrsite's modules whose code decides how user text is rendered.
_RENDERERS = (
    "okrsite.render.markup",
    "okrsite.render.body",
    "okrsite.render.links",
    "okrsite.escaping",
    "okrsite.markdown_config",
    "okrsite.sitemap",
)
#: Libraries that render user text, whatever the site's extensions.
_LIBRARIES = ("markdown-it-py", "markdown", "nh3", "pymdown-extensions", "mkdocs-material")


def stamp(extensions: Iterable[object]) -> str | None:
    """What the rendering code is: okrsite's renderers' source, the libraries' versions
    and, for each Markdown extension, its module's file.

    Returns:
        A hash, or None when an extension's code cannot be pinned down (then
        nothing is kept: a change to it would not show).
    """
    codes = []
    for extension in extensions:
        module = extension if isinstance(extension, str) else type(extension).__module__
        where = _extension_code(module)
        if where is None:
            return None
        codes.append(where)
    return source_stamp(_RENDERERS, (), *(version(name) for name in _LIBRARIES), *codes)


def load(
    cache_dir: Path, key: bytes | None, current: str | None, *, name: str = FILE
) -> dict[str, Any]:
    """The entries kept by the last build with the same stamp (``current``); {} otherwise."""
    if current is None:
        return {}
    return sealed_entries(cache_dir / name, key, json.loads, VERSION, current)


def sealed_entries(
    path: Path,
    key: bytes | None,
    decode: Callable[[bytes], object],
    version: int,
    current: str,
) -> dict[str, Any]:
    """The entries of the sealed store at ``path``: {} unless its seal is ``key``'s, it
    decodes (``decode`` runs only then: pickle and marshal can run code) and it has this
    format ``version`` and the ``current`` stamp."""
    payload = read_sealed(path, key)
    if payload is None:
        return {}
    try:
        data = decode(payload)
    except Exception:  # a file that does not decode is no store
        return {}
    return entries_of(data, version, current)


def entries_of(data: object, version: int, current: str) -> dict[str, Any]:
    """The entries of a store's decoded file, if it has this format ``version`` and the
    ``current`` stamp; {} otherwise."""
    if not isinstance(data, dict) or data.get("version") != version:
        return {}
    entries = data.get("entries")
    if data.get("stamp") != current or not isinstance(entries, dict):
        return {}
    return entries


def load_texts(cache_dir: Path, key: bytes | None, current: str | None) -> dict[str, str]:
    """The rendered texts kept by the last build with the same :func:`stamp`."""
    entries = load(cache_dir, key, current)
    return {k: v for k, v in entries.items() if isinstance(v, str)}


def save(
    cache_dir: Path,
    key: bytes | None,
    current: str | None,
    entries: dict[str, Any],
    *,
    name: str = FILE,
) -> bool:
    """Keep ``entries`` for the next build; False when not kept (no key or stamp, no disk)."""
    if current is None:
        return False
    data = {"version": VERSION, "stamp": current, "entries": entries}
    payload = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return write_sealed(cache_dir / name, key, payload)


def source_stamp(modules: Iterable[str], files: Iterable[Path] = (), *extra: str) -> str:
    """A hash of the source of ``modules``, of ``files``, of ``extra`` strings and of
    Python's version (the standard library's ``html.parser``, ``re`` ... are code too)."""
    parts = [sys.version, *(_source_hash(name) for name in modules)]
    for path in files:
        try:
            parts.append(hashlib.blake2b(path.read_bytes()).hexdigest())
        except OSError:
            parts.append(f"{path}:?")
    return hashlib.blake2b("\0".join([*parts, *extra]).encode("utf-8", "surrogatepass")).hexdigest()


@functools.cache
def _source_hash(module: str) -> str:
    spec = importlib.util.find_spec(module)
    origin = spec.origin if spec is not None else None
    try:
        return hashlib.blake2b(Path(origin or "").read_bytes()).hexdigest()
    except OSError:
        return f"{module}:?"


@functools.cache
def version(distribution: str) -> str:
    try:
        return f"{distribution}={metadata.version(distribution)}"
    except metadata.PackageNotFoundError:
        return f"{distribution}=-"


@functools.cache
def _extension_code(module: str) -> str | None:
    """A hash of an extension module's file (a short name is one of Markdown's own), or None.

    With the versions of :data:`_LIBRARIES` this pins the code of the usual
    extensions; a site's own extension module is pinned by its file.
    """
    for name in (module, f"markdown.extensions.{module}"):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is not None and spec.origin:
            return _source_hash(name)
    return None
