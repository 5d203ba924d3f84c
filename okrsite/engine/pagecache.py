"""What okrsite generated for each page of the last build into a site folder.

An incremental rebuild (``mkdocs build --dirty``, or a rebuild under ``mkdocs
serve``) renders again only the pages whose generated content changed. The
proof that a page did not change is this manifest: for one site folder, a
digest of every file okrsite generated, and a fingerprint of everything else a
page's HTML depends on (the MkDocs config, the menu, the set of files, theme
templates, versions). A page whose digest and the fingerprint both match the
last build's, and whose HTML is still on disk, is left as it is.

The manifest is removed when a build starts and written when it ends, so a
build that fails half-way leaves none, and the next build renders everything.
It is sealed (:mod:`okrsite.engine.seal`): a manifest this machine did not
write (one committed to the project, say, with search entries of its own) is
no proof of anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .seal import read_sealed, write_sealed

#: Version of the manifest's format; another version is ignored (everything is rendered).
VERSION = 3
_FOLDER = "pages"


def digest(data: str | bytes) -> str:
    """A short content hash (hex) of a generated file."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def fingerprint(parts: Iterable[str]) -> str:
    """One hash of the things every page depends on, given as strings in a fixed order."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def tree_stamp(folder: Path, *, skip: Sequence[str] = (".icons",)) -> str:
    """Names, sizes and modification times of the files under ``folder``: a theme
    folder's state, cheap to take (no file is read). Folders named in ``skip``
    (the icon sets of an installed theme, thousands of files that change only
    with its version) are left out."""
    rows: list[str] = []
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in sorted(names):
            path = os.path.join(current, name)
            with contextlib.suppress(OSError):
                stat = os.stat(path)
                rows.append(f"{os.path.relpath(path, folder)}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(rows)


@dataclass(slots=True)
class PageManifest:
    """The digests of one build, and the fingerprint they were made under.

    Attributes:
        fingerprint: See :func:`fingerprint`.
        digests: docs-relative path of each generated file -> :func:`digest`.
        search: the search index's entries per page URL, when the site has one
            okrsite knows how to keep (mkdocs-material's), else empty.
        listing: a hash of the site's list of files. Pages okrsite generates
            link only to what okrsite knows exists (a change shows in their
            content), so only pages with Markdown a person wrote depend on it: a
            new person page after a check-in does not render every page again.
    """

    fingerprint: str
    digests: dict[str, str] = field(default_factory=dict)
    search: dict[str, list[Any]] = field(default_factory=dict)
    listing: str = ""

    @staticmethod
    def path_for(cache_dir: Path, site_dir: str | os.PathLike[str]) -> Path:
        """Where the manifest of the site folder ``site_dir`` lives (one per folder)."""
        name = hashlib.blake2b(
            os.fspath(Path(site_dir).resolve()).encode("utf-8", "surrogatepass"), digest_size=8
        ).hexdigest()
        return cache_dir / _FOLDER / f"{name}.json"

    @classmethod
    def load(cls, path: Path, key: bytes | None) -> PageManifest | None:
        """The manifest at ``path``; None when missing, unreadable, of another version or
        not sealed with ``key``."""
        payload = read_sealed(path, key)
        if payload is None:
            return None
        try:
            data = json.loads(payload)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return None
        digests, search = data.get("digests"), data.get("search")
        if not isinstance(digests, dict) or not isinstance(search, dict):
            return None
        return cls(str(data.get("fingerprint")), digests, search, str(data.get("listing", "")))

    def save(self, path: Path, key: bytes | None) -> None:
        """Write the manifest sealed with ``key``, atomically; a cache that cannot be
        written (or no key) is no error."""
        data = {
            "version": VERSION,
            "fingerprint": self.fingerprint,
            "digests": self.digests,
            "search": self.search,
            "listing": self.listing,
        }
        write_sealed(path, key, json.dumps(data, separators=(",", ":")).encode("utf-8"))

    @staticmethod
    def forget(path: Path) -> None:
        """Remove the manifest: a build is under way, its old pages are no proof any more."""
        with contextlib.suppress(OSError):
            path.unlink()

    def unchanged(self, src: str, current: str, previous: PageManifest | None) -> bool:
        """Whether ``src`` (digest ``current`` now) is as the ``previous`` build made it."""
        return (
            previous is not None
            and previous.fingerprint == self.fingerprint
            and previous.digests.get(src) == current
        )


def search_location(location: str) -> str:
    """The page URL a search entry belongs to (``a/b/#anchor`` -> ``a/b/``)."""
    return location.split("#", 1)[0]


def group_search(docs: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """Search entries grouped by page URL, in their order."""
    grouped: dict[str, list[Any]] = {}
    for entry in docs:
        grouped.setdefault(search_location(str(entry.get("location", ""))), []).append(entry)
    return grouped


def merge_search(
    order: Sequence[str],
    rebuilt: Mapping[str, list[Any]],
    kept: Mapping[str, list[Any]],
    skipped: set[str],
) -> list[Any]:
    """The search entries of a whole site after an incremental build.

    Args:
        order: page URLs in build order (the order a full build indexes them in).
        rebuilt: entries of the pages this build rendered, by URL.
        kept: entries of the last build, by URL.
        skipped: URLs of the pages this build left as they were.

    Returns:
        The entries a full build would have written, in its order.
    """
    docs: list[Any] = []
    for url in order:
        docs.extend(kept.get(url, []) if url in skipped else rebuilt.get(url, []))
    known = set(order)
    for url, entries in rebuilt.items():  # entries of no page (another plugin's) stay too
        if url not in known:
            docs.extend(entries)
    return docs
