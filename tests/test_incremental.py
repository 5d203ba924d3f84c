"""Incremental rebuilds: ``mkdocs build --dirty`` renders only the pages whose content
changed, and the site it leaves equals a clean build of the same files, byte for byte."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from okrsite.adapter.rebuilds import serve_dirty
from okrsite.engine.pagecache import PageManifest, merge_search
from okrsite.engine.seal import opened, sealed

OBJECTIVE = "goals/objectives/2026-Q4/emea-deals.md"


def _build(root: Path, site: str, *, dirty: bool = False) -> Path:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / site))
    build(config, dirty=dirty)
    return root / site


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _stamps(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def _check_in(root: Path, note: str) -> None:
    path = root / OBJECTIVE
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    checkin = f"\n  - date: 2026-11-14\n    values: {{deals: 3}}\n    note: {note}"
    if "\ncheckins:" not in head:
        checkin = "\ncheckins:" + checkin
    path.write_text(head + checkin + sep + body, encoding="utf-8")


def _same_as_clean(root: Path, site: Path) -> None:
    clean = _files(_build(root, "clean"))
    dirty = _files(site)
    assert sorted(dirty) == sorted(clean)
    differ = [name for name in clean if dirty[name] != clean[name]]
    assert differ == [], differ  # sitemap and search index included: they match too


@pytest.fixture()
def portal(tmp_path: Path, tiny_portal: Callable[..., Path]) -> Path:
    root = tiny_portal(tmp_path)
    # The check-in below joins the objective's list, its last key.
    assert (root / OBJECTIVE).read_text(encoding="utf-8").split("\n---\n")[0].endswith("Ann Lee")
    return root


def test_a_check_in_renders_only_the_pages_it_changes(portal: Path) -> None:
    site = _build(portal, "site")
    before = _stamps(site)
    _check_in(portal, "Signed with the harbour group.")
    _build(portal, "site", dirty=True)
    after = _stamps(site)
    rendered = {name for name in after if after[name] != before.get(name)}
    assert "objectives/2026-Q4/emea-deals/index.html" in rendered
    assert "Signed with the harbour group." in (
        site / "objectives/2026-Q4/emea-deals/index.html"
    ).read_text(encoding="utf-8")
    # Pages the check-in does not touch are left as they were.
    for untouched in ("kpis/mrr/index.html", "teams/sales/index.html", "people/ann-lee/index.html"):
        assert untouched not in rendered
    assert len(rendered) < len(after) // 2, sorted(rendered)
    _same_as_clean(portal, site)


def test_a_check_in_by_someone_new_adds_their_page_and_renders_little(portal: Path) -> None:
    site = _build(portal, "site")
    before = _stamps(site)
    path = portal / OBJECTIVE
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "\n---\n",
            "\n  - date: 2026-11-14\n    values: {deals: 3}\n    by: Newcomer Person\n---\n",
            1,
        ),
        encoding="utf-8",
    )
    _build(portal, "site", dirty=True)
    after = _stamps(site)
    assert "people/newcomer-person/index.html" in after
    rendered = {name for name in after if after[name] != before.get(name)}
    assert "kpis/mrr/index.html" not in rendered and "teams/sales/index.html" not in rendered
    assert "index.html" in rendered  # the home page holds the company's own Markdown
    _same_as_clean(portal, site)


def test_a_dirty_build_without_changes_renders_nothing_generated(portal: Path) -> None:
    site = _build(portal, "site")
    before = _stamps(site)
    _build(portal, "site", dirty=True)
    after = _stamps(site)
    # MkDocs' 404 page is always written; a menu entry without a title takes the
    # page's own, which only rendering it gives.
    assert {name for name in after if after[name] != before[name]} == {
        "404.html",
        "about/index.html",
    }
    _same_as_clean(portal, site)


def test_a_deleted_goal_page_is_removed_from_a_dirty_site(portal: Path) -> None:
    site = _build(portal, "site")
    page = site / "objectives/2026-Q3/groundwork/index.html"
    chart = site / "assets/okrsite/charts/progress-2026-Q3/groundwork.svg"
    assert page.is_file() and chart.is_file()
    (portal / "goals/objectives/2026-Q3/groundwork.md").unlink()
    _build(portal, "site", dirty=True)
    assert not page.exists() and not chart.exists()
    _same_as_clean(portal, site)


def test_a_change_to_mkdocs_yml_renders_every_page(portal: Path) -> None:
    site = _build(portal, "site")
    before = _stamps(site)
    config = portal / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Acme goals", "Acme objectives"),
        encoding="utf-8",
    )
    _build(portal, "site", dirty=True)
    after = _stamps(site)
    assert all(after[name] != before[name] for name in before)
    assert "Acme objectives" in (site / "kpis/mrr/index.html").read_text(encoding="utf-8")
    _same_as_clean(portal, site)


def test_an_edited_theme_override_renders_every_page(portal: Path) -> None:
    overrides = portal / "overrides"
    overrides.mkdir()
    config = portal / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        ),
        encoding="utf-8",
    )
    site = _build(portal, "site")
    (overrides / "main.html").write_text(
        textwrap.dedent(
            """\
            {% extends "base.html" %}
            {% block announce %}Quarter review on Friday{% endblock %}
            """
        ),
        encoding="utf-8",
    )
    _build(portal, "site", dirty=True)
    assert "Quarter review on Friday" in (site / "kpis/mrr/index.html").read_text(encoding="utf-8")
    _same_as_clean(portal, site)


HOOK = """\
import os

def on_post_page(output, page, config):
    if os.environ.get("OKRSITE_TEST_FAIL") == page.file.src_uri:
        raise RuntimeError("failed half-way")
    return output
"""


def test_a_build_that_failed_half_way_leaves_no_proof(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (portal / "hooks.py").write_text(HOOK, encoding="utf-8")
    config = portal / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n", encoding="utf-8"
    )
    site = _build(portal, "site")
    manifest = PageManifest.path_for(portal / ".cache/okrsite", site)
    assert manifest.is_file()
    _check_in(portal, "Signed with the harbour group.")
    monkeypatch.setenv("OKRSITE_TEST_FAIL", "objectives/2026-Q4/emea-deals.md")
    with pytest.raises(RuntimeError):
        _build(portal, "site", dirty=True)  # some pages written, the rest not
    assert not manifest.exists()
    monkeypatch.delenv("OKRSITE_TEST_FAIL")
    before = _stamps(site)
    _build(portal, "site", dirty=True)
    after = _stamps(site)
    assert all(after[name] != before[name] for name in before)  # no proof: all rendered
    _same_as_clean(portal, site)


def test_an_error_in_the_goal_files_stops_before_the_site_is_touched(portal: Path) -> None:
    site = _build(portal, "site")
    before = _files(site)
    path = portal / OBJECTIVE
    path.write_text(
        path.read_text(encoding="utf-8").replace("period: 2026-Q4", "period: 2026-Q9"),
        encoding="utf-8",
    )
    with pytest.raises(Exception):  # noqa: B017 - MkDocs' Abort or PluginError, either ends it
        _build(portal, "site", dirty=True)
    assert _files(site) == before


def test_incremental_off_renders_every_generated_page(
    tmp_path: Path, tiny_portal: Callable[..., Path]
) -> None:
    root = tiny_portal(tmp_path, extra="incremental: false")
    site = _build(root, "site")
    before = _stamps(site)
    _build(root, "site", dirty=True)
    after = _stamps(site)
    assert after["people/ann-lee/index.html"] != before["people/ann-lee/index.html"]


def test_search_entries_of_left_pages_are_kept_in_full_build_order() -> None:
    order = ["", "a/", "b/", "c/"]
    rebuilt = {"": [{"location": ""}], "b/": [{"location": "b/"}, {"location": "b/#x"}]}
    kept = {"a/": [{"location": "a/"}], "b/": [{"location": "b/#old"}], "c/": [{"location": "c/"}]}
    docs = merge_search(order, rebuilt, kept, {"a/", "c/"})
    assert [d["location"] for d in docs] == ["", "a/", "b/", "b/#x", "c/"]


def test_serve_rebuilds_become_dirty_only_for_mkdocs_builder() -> None:
    def serve() -> Callable[[], bool]:
        is_dirty = False

        def builder() -> bool:
            return is_dirty

        return builder

    builder = serve()
    assert builder() is False
    assert serve_dirty(builder) is True
    assert builder() is True
    assert serve_dirty(lambda: None) is False


def test_manifest_of_another_version_or_not_sealed_here_is_ignored(tmp_path: Path) -> None:
    path, key = tmp_path / "m.json", b"k" * 32
    PageManifest("f", {"a.md": "1"}).save(path, key)
    assert PageManifest.load(path, key) == PageManifest("f", {"a.md": "1"})
    assert PageManifest.load(path, b"x" * 32) is None  # another machine's
    assert PageManifest.load(path, None) is None  # no key: nothing is trusted
    data = json.loads(opened(key, path.read_bytes()) or b"")
    path.write_bytes(json.dumps(data).encode())  # the same manifest, committed unsealed
    assert PageManifest.load(path, key) is None
    data["version"] = 0
    path.write_bytes(sealed(key, json.dumps(data).encode()))
    assert PageManifest.load(path, key) is None
    path.write_bytes(sealed(key, b"{"))
    assert PageManifest.load(path, key) is None
