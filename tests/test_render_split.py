"""Most objectives' pages rendered by a forked child (``render.kept``) give the very
site, and the very texts kept for the next build, that rendering everything in one
process gives; a child that fails or hangs costs time, never a page."""

from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import CACHE_SECRET
from helpers import build_as_new_process as _build

from okrsite.engine import forked
from okrsite.engine.seal import cache_key
from okrsite.engine.textstore import load_texts, stamp
from okrsite.options import options_from_mapping
from okrsite.portal import build_portal
from okrsite.render import RenderedPage, SiteMap, kept, site
from okrsite.render.kept import render_kept
from okrsite.render.textmemo import MEMO

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = {"company": "Tidewright", "as_of": "2026-11-15"}

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="this platform cannot fork")


@pytest.fixture(autouse=True)
def _keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKRSITE_CACHE_KEY", CACHE_SECRET)


def _render(cache: Path, *, split: bool, fresh: bool = True) -> tuple[object, dict[str, str]]:
    """The example portal rendered (as a new process would when ``fresh``: nothing in
    the memo), and the texts the render kept in ``cache``."""
    options = options_from_mapping(OPTIONS)
    portal = build_portal(ROOT / "goals", options, root=ROOT)
    sitemap = SiteMap.from_options(options)
    if fresh:
        MEMO.clear()
    rendered = render_kept(
        portal, options, sitemap, cache_dir=cache, project=ROOT, split_from=1 if split else 10**9
    )
    texts = load_texts(cache, cache_key(ROOT), stamp(sitemap.markdown.extensions))
    return rendered, texts


@needs_fork
def test_a_child_renders_the_objectives_as_this_process_would(tmp_path: Path) -> None:
    serial, serial_texts = _render(tmp_path / "serial", split=False)
    split, split_texts = _render(tmp_path / "split", split=True)
    assert split == serial  # pages (their Markdown and HTML blocks), charts, okrs.json
    assert serial_texts and split_texts == serial_texts
    # A second build of the same process (mkdocs serve) takes every text from the memo,
    # the child's too, and renders none again.
    again, _ = _render(tmp_path / "split", split=True, fresh=False)
    assert again == serial
    assert MEMO.rendered == 0


@needs_fork
def test_the_objectives_do_come_from_the_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = site.objective_page

    def signed(*args: object) -> RenderedPage:
        page = real(*args)  # type: ignore[arg-type]
        return replace(page, markdown=f"{page.markdown}<!-- {os.getpid()} -->")

    monkeypatch.setattr(site, "objective_page", signed)
    rendered, _ = _render(tmp_path, split=True)
    by = {
        src: page.markdown.rsplit("<!-- ", 1)[1]
        for src, page in rendered.pages.items()  # type: ignore[attr-defined]
        if page.markdown.endswith(" -->")
    }
    here = f"{os.getpid()} -->"
    assert any(pid != here for pid in by.values())  # the child did its part
    ids = sorted(build_portal(ROOT / "goals", options_from_mapping(OPTIONS), root=ROOT).objectives)
    assert len(by) == len(ids)  # and every objective's page is there, once


@needs_fork
def test_a_failing_child_leaves_the_work_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial, serial_texts = _render(tmp_path / "serial", split=False)

    def broken(*args: object) -> None:
        raise RuntimeError("the child fails")

    monkeypatch.setattr(kept, "_share", broken)
    split, split_texts = _render(tmp_path / "split", split=True)
    assert split == serial
    assert split_texts == serial_texts


@needs_fork
def test_a_split_from_another_thread_while_threads_run(tmp_path: Path) -> None:
    """As under ``mkdocs serve``: the build runs in a thread beside the server's."""
    serial, _ = _render(tmp_path / "serial", split=False)
    stop = threading.Event()
    busy = threading.Thread(target=lambda: stop.wait(30), daemon=True)
    busy.start()
    out: list[object] = []
    builder = threading.Thread(target=lambda: out.append(_render(tmp_path / "split", split=True)))
    builder.start()
    builder.join(60)
    stop.set()
    assert out and out[0][0] == serial  # type: ignore[index]


@needs_fork
def test_forked_returns_a_result_bigger_than_a_pipe_holds() -> None:
    child = forked.start(lambda: ("x" * 5_000_000, os.getpid()))
    assert child is not None
    got = child.result(patience=30)
    assert got is not None
    text, pid = got
    assert text == "x" * 5_000_000 and pid == child.pid != os.getpid()


@needs_fork
@pytest.mark.parametrize("how", ["raises", "exits"])
def test_forked_gives_none_for_a_child_that_fails(how: str) -> None:
    def job() -> int:
        if how == "raises":
            raise ValueError("no")
        os._exit(3)

    child = forked.start(job)
    assert child is not None
    assert child.result(patience=30) is None
    with pytest.raises(ChildProcessError):  # reaped: no zombie is left
        os.waitpid(child.pid, os.WNOHANG)


@needs_fork
def test_forked_gives_up_on_a_child_that_hangs() -> None:
    child = forked.start(lambda: time.sleep(60))
    assert child is not None
    started = time.monotonic()
    assert child.result(patience=0.5) is None
    assert time.monotonic() - started < 30  # a bound far from the 60 s it would hang
    with pytest.raises(ChildProcessError):  # killed and reaped
        os.waitpid(child.pid, os.WNOHANG)


@needs_fork
def test_real_builds_with_the_split_write_the_sites_they_write_without(
    keyed_portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file of real ``mkdocs build`` runs, full and dirty after a check-in."""
    whole = _build(keyed_portal, "serial")
    forks: list[int] = []
    start = forked.start

    def counted(job):  # type: ignore[no-untyped-def]
        forks.append(1)
        return start(job)

    monkeypatch.setattr(forked, "start", counted)
    monkeypatch.setattr(kept, "SPLIT_FROM", 1)
    assert _build(keyed_portal, "split") == whole
    assert forks == [1]
    objective = keyed_portal / "goals/objectives/2026-Q4/emea-deals.md"
    head, sep, body = objective.read_text(encoding="utf-8").partition("\n---\n")
    objective.write_text(
        head + "\n  - date: 2026-11-14\n    values: {deals: 3}" + sep + body, encoding="utf-8"
    )
    dirty = _build(keyed_portal, "split", dirty=True)
    monkeypatch.setattr(kept, "SPLIT_FROM", 10**9)
    clean = _build(keyed_portal, "clean")
    assert forks == [1, 1]
    assert dirty != whole and dirty == clean


def _render_copy(project: Path, cache: Path) -> tuple[object, bytes | None]:
    """A copy of the example rendered as a new process would; the texts file after."""
    options = options_from_mapping(OPTIONS)
    portal = build_portal(project / "goals", options, root=project)
    MEMO.clear()
    rendered = render_kept(
        portal, options, SiteMap.from_options(options), cache_dir=cache, project=project
    )
    file = cache / "texts.json"
    return rendered, file.read_bytes() if file.exists() else None


def test_a_build_that_renders_a_few_texts_anew_leaves_the_kept_texts_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "goals", tmp_path / "goals")
    cache = tmp_path / "cache"
    _, stored_first = _render_copy(tmp_path, cache)
    assert stored_first is not None  # everything was rendered anew: kept
    page = tmp_path / "goals/objectives/2026-Q4/aisling-help-centre.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("on their own", "on their *own*", 1), encoding="utf-8")
    edited, stored = _render_copy(tmp_path, cache)
    assert stored == stored_first  # one text of hundreds: the file is not written again
    assert MEMO.rendered == 1
    fresh, _ = _render_copy(tmp_path, tmp_path / "nothing-kept")
    assert edited == fresh
    # Past the share, the file is written, with the new text in it.
    monkeypatch.setattr(kept, "RESAVE_SHARE", 0.0)
    again, stored = _render_copy(tmp_path, cache)
    assert again == fresh
    assert stored is not None and stored != stored_first and b"<em>own</em>" in stored


@needs_fork
def test_two_processes_taking_from_both_ends_do_every_position() -> None:
    ends = forked.Ends(500)

    def front() -> list[int]:
        taken = []
        for at in ends.front():
            taken.append(at)
            time.sleep(0.002)  # slower than this process: it takes fewer
        return taken

    child = forked.start(front)
    assert child is not None
    back = []
    for at in ends.back():
        back.append(at)
        time.sleep(0.001)
    theirs = child.result(patience=60)
    assert theirs is not None
    assert back == sorted(back, reverse=True) and theirs == sorted(theirs)
    assert set(back) | set(theirs) == set(range(500))
    assert len(set(back) & set(theirs)) <= 1  # at most the one where they met
    assert len(back) > len(theirs) > 0


def test_when_no_child_takes_the_front_this_process_takes_everything() -> None:
    assert list(forked.Ends(3).back()) == [2, 1, 0]
    assert list(forked.Ends(3).front()) == [0, 1, 2]
    assert list(forked.Ends(0).back()) == []
