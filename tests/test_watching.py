"""``mkdocs serve`` watches with the system's file events: edits seen, reads ignored."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from okrsite.adapter.plugin import OkrsitePlugin
from okrsite.adapter.watching import ChangeObserver, use_native_watcher

#: Long enough for a kernel event to reach the observer thread on a busy machine.
WAIT = 10.0


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[LiveReloadServer]:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        yield server
    finally:
        if server.observer.is_alive():
            server.observer.stop()
            server.observer.join()
        server.server_close()


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "goals"
    (docs / "objectives/2026-Q4").mkdir(parents=True)
    (docs / "objectives/2026-Q4/win.md").write_text("---\ntitle: Win\n---\n", encoding="utf-8")
    return docs


def _rebuild_wanted(server: LiveReloadServer, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server._want_rebuild:
            return True
        time.sleep(0.02)
    return bool(server._want_rebuild)


def test_the_swap_keeps_every_watch_and_its_count(server: LiveReloadServer, tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    server.watch(str(docs))
    server.watch(str(docs))  # MkDocs counts repeated watches of one path
    server.watch(str(config))

    assert use_native_watcher(server) is None

    assert isinstance(server.observer, ChangeObserver)
    assert server.observer.is_alive()
    assert server._watched_paths == {str(docs): 2, str(config): 1}
    assert sorted(server._watch_refs) == sorted([str(docs), str(config)])
    server.unwatch(str(docs))
    assert server._watched_paths[str(docs)] == 1  # one watch left: still scheduled
    assert str(docs) in server._watch_refs
    server.observer.start()  # what LiveReloadServer.serve() does next: harmless
    assert server.observer.is_alive()


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda d: (d / "objectives/2026-Q4/win.md").write_text("x"), id="write"),
        pytest.param(lambda d: (d / "objectives/2026-Q4/new.md").write_text("x"), id="create"),
        pytest.param(lambda d: (d / "objectives/2026-Q4/win.md").unlink(), id="delete"),
        pytest.param(
            lambda d: (d / "objectives/2026-Q4/win.md").rename(d / "objectives/won.md"),
            id="move",
        ),
        pytest.param(
            lambda d: (d / "kpis").mkdir() or (d / "kpis/mrr.csv").write_text("x"), id="new-folder"
        ),
    ],
)
def test_an_edit_asks_for_a_rebuild(
    server: LiveReloadServer, tmp_path: Path, edit: Callable[[Path], object]
) -> None:
    docs = _docs(tmp_path)
    server.watch(str(docs))
    assert use_native_watcher(server) is None
    assert not server._want_rebuild

    edit(docs)

    assert _rebuild_wanted(server, WAIT)


def test_reading_the_pages_asks_for_no_rebuild(server: LiveReloadServer, tmp_path: Path) -> None:
    """A build reads every page; were reads events, each rebuild would start the next."""
    docs = _docs(tmp_path)
    server.watch(str(docs))
    assert use_native_watcher(server) is None

    for _ in range(20):
        (docs / "objectives/2026-Q4/win.md").read_text(encoding="utf-8")
        list(docs.rglob("*"))

    assert not _rebuild_wanted(server, 1.5)
    (docs / "objectives/2026-Q4/win.md").write_text("edited", encoding="utf-8")
    assert _rebuild_wanted(server, WAIT)  # the same watch does see a write


def test_a_watch_the_kernel_refuses_keeps_polling(server: LiveReloadServer, tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    gone = tmp_path / "gone"
    gone.mkdir()
    server.watch(str(docs))
    server.watch(str(gone))
    polling, refs = server.observer, dict(server._watch_refs)
    gone.rmdir()  # inotify cannot watch a folder that no longer exists

    why = use_native_watcher(server)

    assert why is not None and why.startswith("FileNotFoundError")
    assert server.observer is polling and isinstance(polling, PollingObserver)
    assert server._watched_paths == {str(docs): 1, str(gone): 1}
    assert server._watch_refs == refs


def test_a_running_watcher_is_left_alone(server: LiveReloadServer, tmp_path: Path) -> None:
    server.watch(str(_docs(tmp_path)))
    server.observer.start()
    polling = server.observer

    assert use_native_watcher(server) == "the server's watcher is already running"
    assert server.observer is polling


@pytest.mark.parametrize(("choice", "native"), [("native", True), ("polling", False)])
def test_the_plugin_option_picks_the_watcher(
    server: LiveReloadServer, tmp_path: Path, choice: str, native: bool
) -> None:
    server.watch(str(_docs(tmp_path)))
    plugin = OkrsitePlugin()
    errors, warnings = plugin.load_config({"serve_watcher": choice})
    assert errors == [] and warnings == []
    plugin.options = object()  # type: ignore[assignment]  # on_config ran (any value)

    assert plugin.on_serve(server, config=None, builder=None) is server  # type: ignore[arg-type]

    assert isinstance(server.observer, ChangeObserver) is native


def test_the_plugin_option_takes_only_the_two_watchers() -> None:
    errors, _ = OkrsitePlugin().load_config({"serve_watcher": "inotify"})
    assert [key for key, _ in errors] == ["serve_watcher"]
