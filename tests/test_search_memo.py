"""Search entries kept between builds (``adapter.searchmemo``): mkdocs-material's
parser reads only the pages that changed, and every file of the site, the
search index included, is what a build that parses every page writes.

Each test counts the pages mkdocs-material's parser reads, by counting its
``feed`` calls, in real ``mkdocs build`` runs of the tiny portal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import build_as_new_process as _build
from material.plugins.search import plugin as material_search

OBJECTIVE = "goals/objectives/2026-Q4/emea-deals.md"
INDEX = "search/search_index.json"


@pytest.fixture()
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The start of each page's HTML that mkdocs-material's search parser was fed."""
    fed: list[str] = []
    feed = material_search.Parser.feed

    def counting(self: material_search.Parser, data: str) -> None:
        fed.append(data[:200])
        feed(self, data)

    monkeypatch.setattr(material_search.Parser, "feed", counting)
    return fed


def _pages(files: dict[str, bytes]) -> int:
    return sum(name.endswith(".html") for name in files)


def _check_in(root: Path) -> None:
    path = root / OBJECTIVE
    head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(
        head + "\n  - date: 2026-11-14\n    values: {deals: 3}" + sep + body, encoding="utf-8"
    )


def _parse_everything(root: Path, monkeypatch: pytest.MonkeyPatch, tmp: Path) -> None:
    """Builds from here on hold another key: nothing kept under the first one is read."""
    monkeypatch.delenv("OKRSITE_CACHE_KEY")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp))


def test_a_second_build_parses_no_page_and_writes_the_same_site(
    keyed_portal: Path, parsed: list[str]
) -> None:
    first = _build(keyed_portal, "site")
    assert len(parsed) >= _pages(first) - 1  # every page but MkDocs' 404 page
    parsed.clear()
    again = _build(keyed_portal, "again")
    assert parsed == []
    assert again == first


def test_after_a_check_in_only_changed_pages_are_parsed(
    keyed_portal: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = _build(keyed_portal, "site")
    _check_in(keyed_portal)
    parsed.clear()
    after = _build(keyed_portal, "after")
    changed = [
        name
        for name, data in after.items()
        if name.endswith(".html") and first.get(name) != data and name != "404.html"
    ]
    assert 0 < len(parsed) <= len(changed) < _pages(after) // 2
    # The same files as a build that parses every page.
    _parse_everything(keyed_portal, monkeypatch, tmp_path / "other-home")
    parsed.clear()
    assert _build(keyed_portal, "clean") == after
    assert len(parsed) >= _pages(after) - 1


def test_front_matter_the_index_shows_is_part_of_what_is_kept(
    keyed_portal: Path, parsed: list[str]
) -> None:
    _build(keyed_portal, "site")
    about = keyed_portal / "goals/about.md"
    about.write_text("---\ntags: [harbour]\n---\n" + about.read_text(encoding="utf-8"))
    parsed.clear()
    files = _build(keyed_portal, "tagged")
    docs = json.loads(files[INDEX])["docs"]
    assert [d.get("tags") for d in docs if d["location"] == "about/"] == [["harbour"]]
    assert len(parsed) >= 1


def test_a_dirty_build_leaves_the_kept_entries_to_the_next_full_build(
    keyed_portal: Path, parsed: list[str]
) -> None:
    first = _build(keyed_portal, "site")
    kept = keyed_portal / ".cache/okrsite/search.json"
    before = kept.read_bytes()
    _check_in(keyed_portal)
    parsed.clear()
    dirty = _build(keyed_portal, "site", dirty=True)
    changed = [n for n, data in dirty.items() if n.endswith(".html") and first.get(n) != data]
    assert 0 < len(parsed) < _pages(dirty) // 2  # the pages it renders, no others
    assert kept.read_bytes() == before
    parsed.clear()
    full = _build(keyed_portal, "full")  # what the check-in changed is parsed again
    assert 0 < len(parsed) <= len(changed)
    assert full[INDEX] == dirty[INDEX]


def test_without_a_key_nothing_is_kept(
    tiny_portal: Callable[..., Path],
    parsed: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    root = tiny_portal(tmp_path)
    monkeypatch.delenv("OKRSITE_CACHE_KEY")
    # The only key file would be inside the project, where a pull request could put one.
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / ".keys"))
    first = _build(root, "site")
    parsed.clear()
    assert _build(root, "again") == first
    assert len(parsed) >= _pages(first) - 1
    assert not (root / ".cache/okrsite/search.json").exists()


def test_the_stamp_follows_the_plugin_settings_and_python(monkeypatch: pytest.MonkeyPatch) -> None:
    from okrsite.adapter.searchmemo import stamp

    settings = {"lang": None, "separator": None}
    same = stamp(dict(settings))
    assert stamp(settings) == same
    assert stamp({**settings, "separator": "[\\s\\-]+"}) != same
    # html.parser is the standard library's: another Python may cut pages otherwise.
    monkeypatch.setattr("sys.version", "3.99.0 (elsewhere)")
    assert stamp(settings) != same
