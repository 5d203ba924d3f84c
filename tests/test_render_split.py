"""The objectives' pages rendered by a worker (``render.kept``) give the very site, and
the very texts kept for the next build, that rendering everything in one process gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CACHE_SECRET

from okrsite.engine import workers
from okrsite.engine.seal import cache_key
from okrsite.engine.textstore import load_texts, stamp
from okrsite.options import options_from_mapping
from okrsite.portal import build_portal
from okrsite.render import SiteMap, site
from okrsite.render.kept import render_kept
from okrsite.render.markup import MEMO

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKRSITE_CACHE_KEY", CACHE_SECRET)


def _render(cache: Path, *, split: bool) -> tuple[object, dict[str, str]]:
    """The example portal rendered as a new process would (nothing in the memo), and the
    texts the render kept in ``cache``."""
    options = options_from_mapping({"company": "Tidewright", "as_of": "2026-11-15"})
    portal = build_portal(ROOT / "goals", options, root=ROOT)
    sitemap = SiteMap.from_options(options)
    MEMO.clear()
    rendered = render_kept(
        portal, options, sitemap, cache_dir=cache, project=ROOT, split_from=1 if split else 10**9
    )
    texts = load_texts(cache, cache_key(ROOT), stamp(sitemap.markdown.extensions))
    return rendered, texts


def test_a_worker_renders_the_objectives_as_this_process_would(tmp_path: Path) -> None:
    if not workers.forks():
        pytest.skip("no fork server on this platform: everything is rendered in-process")
    workers.start_server()
    serial, serial_texts = _render(tmp_path / "serial", split=False)
    split, split_texts = _render(tmp_path / "split", split=True)
    assert split == serial  # pages (their Markdown and HTML blocks), charts, okrs.json
    assert serial_texts and split_texts == serial_texts
    # A second build of the same process (mkdocs serve) takes every text from the memo,
    # the worker's too, and renders none again.
    options = options_from_mapping({"company": "Tidewright", "as_of": "2026-11-15"})
    portal = build_portal(ROOT / "goals", options, root=ROOT)
    again = render_kept(
        portal,
        options,
        SiteMap.from_options(options),
        cache_dir=tmp_path / "split",
        project=ROOT,
        split_from=1,
    )
    assert again == serial
    assert MEMO.rendered == 0


def test_the_objectives_do_come_from_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not workers.forks():
        pytest.skip("no fork server on this platform: everything is rendered in-process")
    workers.start_server()

    def refused(*args: object) -> None:
        raise AssertionError("objective pages rendered in this process")

    # Patched here only: the worker, forked from the fork server, has the real one.
    monkeypatch.setattr(site, "_objectives", refused)
    rendered, _ = _render(tmp_path, split=True)
    assert any(src.startswith("objectives/") for src in rendered.pages)  # type: ignore[attr-defined]
    with pytest.raises(AssertionError, match="in this process"):
        _render(tmp_path, split=False)
