"""What okrsite publishes from its cache folder is what this machine made.

The cache (``.cache/okrsite``) sits in the project, where a pull request can
commit files: chart SVGs, the texts already rendered, the manifest of
incremental builds with its search entries, the search entries kept for the
next build. Each test plants a forgery aimed at exactly what the next build
reads (the names and keys a real build wrote), builds with a real ``mkdocs
build`` and reads every file of the site. A forgery without the build's key
changes nothing; the same forgery sealed with the build's key shows up, which
proves the forgery was aimed right.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import CACHE_SECRET
from helpers import build_as_new_process as _build

from okrsite.adapter.searchmemo import FILE as SEARCH
from okrsite.charts.cache import MANIFEST
from okrsite.engine import draftstore
from okrsite.engine.pagecache import PageManifest
from okrsite.engine.seal import mac, opened, sealed
from okrsite.engine.textstore import FILE as TEXTS

BUILD_KEY = CACHE_SECRET
EVIL = "<script>alert('from the cache')</script>"
OBJECTIVE = "goals/objectives/2026-Q4/emea-deals.md"


def _key(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def _evil_in(files: dict[str, bytes]) -> list[str]:
    return [name for name, data in files.items() if b"alert('from the cache')" in data]


def _seal_with(secret: str | None, payload: bytes) -> bytes:
    return payload if secret is None else sealed(_key(secret), payload)


@pytest.fixture()
def portal(keyed_portal: Path) -> Path:
    return keyed_portal


def _forge_store(
    portal: Path,
    name: str,
    forge: Callable[[dict[str, Any]], dict[str, Any]],
    forger: str | None,
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Build; rewrite the entries of the sealed store ``name`` (textstore's format) with
    ``forge``, sealed with ``forger``'s key (None: unsealed); build again.

    Returns:
        The files of the first build and of the one after the forgery.
    """
    first = _build(portal, "site")
    path = portal / ".cache/okrsite" / name
    data = json.loads(opened(_key(BUILD_KEY), path.read_bytes()) or b"")
    assert data["entries"]
    data["entries"] = forge(data["entries"])
    path.write_bytes(_seal_with(forger, json.dumps(data).encode()))
    return first, _build(portal, "again")


@pytest.mark.parametrize("forger", [None, "a key the attacker chose", BUILD_KEY])
def test_rendered_texts_are_taken_only_under_the_build_key(
    portal: Path, forger: str | None
) -> None:
    # Entries: statements, names, notes, bodies (memo key hash -> HTML).
    first, again = _forge_store(portal, TEXTS, lambda kept: dict.fromkeys(kept, EVIL), forger)
    if forger == BUILD_KEY:  # the control: sealed right, the store is believed
        assert _evil_in(again)
    else:
        assert _evil_in(again) == []
        assert again == first


@pytest.mark.parametrize("forger", ["a key the attacker chose", BUILD_KEY])
def test_chart_svgs_are_taken_only_under_the_build_key(portal: Path, forger: str) -> None:
    first = _build(portal, "site")
    cache = portal / ".cache/okrsite"
    manifest = json.loads((cache / MANIFEST).read_bytes())
    assert manifest["seals"]
    for key in manifest["seals"]:
        svg = (cache / f"{key}.svg").read_bytes().replace(b"</svg>", f"{EVIL}</svg>".encode())
        (cache / f"{key}.svg").write_bytes(svg)
        manifest["seals"][key] = mac(_key(forger), key.encode() + b"\0" + svg)
    (cache / MANIFEST).write_text(json.dumps(manifest))
    again = _build(portal, "again")
    if forger == BUILD_KEY:
        assert any(name.endswith(".svg") for name in _evil_in(again))
    else:
        assert _evil_in(again) == []
        assert again == first


@pytest.mark.parametrize("forger", [None, "a key the attacker chose", BUILD_KEY])
def test_search_entries_of_the_page_manifest_are_taken_only_under_the_build_key(
    portal: Path, forger: str | None
) -> None:
    _build(portal, "site")
    path = PageManifest.path_for(portal / ".cache/okrsite", portal / "site")
    data = json.loads(opened(_key(BUILD_KEY), path.read_bytes()) or b"")
    assert data["search"]
    for entries in data["search"].values():
        for entry in entries:
            entry["text"] = EVIL
    path.write_bytes(_seal_with(forger, json.dumps(data, separators=(",", ":")).encode()))
    # A check-in: a dirty build renders its pages and keeps the others' search entries.
    objective = portal / OBJECTIVE
    head, sep, body = objective.read_text(encoding="utf-8").partition("\n---\n")
    objective.write_text(
        head + "\n  - date: 2026-11-14\n    values: {deals: 3}" + sep + body, encoding="utf-8"
    )
    dirty = _build(portal, "site", dirty=True)
    if forger == BUILD_KEY:
        assert "search/search_index.json" in _evil_in(dirty)
    else:
        assert _evil_in(dirty) == []
        assert dirty == _build(portal, "clean")  # the forged manifest was no proof: all rendered


@pytest.mark.parametrize("forger", [None, "a key the attacker chose", BUILD_KEY])
def test_search_entries_kept_for_the_next_build_are_taken_only_under_the_build_key(
    portal: Path, forger: str | None
) -> None:

    def forge(kept: dict[str, Any]) -> dict[str, Any]:  # page key -> its entries, as JSON
        return {
            key: json.dumps([{**entry, "text": EVIL} for entry in json.loads(entries)])
            for key, entries in kept.items()
        }

    first, again = _forge_store(portal, SEARCH, forge, forger)
    if forger == BUILD_KEY:  # the control: the theme would show it as HTML
        assert _evil_in(again) == ["search/search_index.json"]
    else:
        assert _evil_in(again) == []
        assert again == first


class _RunsOnLoad:
    """Unpickling this writes a file: what a forged pickle could do, made visible."""

    def __init__(self, mark: Path) -> None:
        self.mark = mark

    def __reduce__(self) -> tuple[object, tuple[str]]:
        code = f"import pathlib; pathlib.Path({str(self.mark)!r}).write_text('unpickled')"
        return (exec, (code,))


@pytest.mark.parametrize("forger", [None, "a key the attacker chose", BUILD_KEY])
def test_kept_drafts_are_unpickled_only_under_the_build_key(
    portal: Path, forger: str | None
) -> None:
    import pickle

    first = _build(portal, "site")
    path = portal / ".cache/okrsite" / draftstore.FILE
    assert opened(_key(BUILD_KEY), path.read_bytes())  # the build kept its drafts
    mark = portal / "unpickled.txt"
    path.write_bytes(_seal_with(forger, pickle.dumps(_RunsOnLoad(mark))))
    again = _build(portal, "again")
    if forger == BUILD_KEY:  # the control: sealed right, the file is opened
        assert mark.read_text() == "unpickled"
    else:
        assert not mark.exists()
    assert again == first  # what is not a store of drafts is no store: all is parsed again
