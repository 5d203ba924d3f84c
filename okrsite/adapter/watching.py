"""``mkdocs serve`` sees edits through the system's file events instead of polling.

MkDocs 1.6 watches the docs folder with watchdog's ``PollingObserver``: every
half second a thread lists every folder and stats every file. A portal of a
thousand objectives has hundreds of folders, so each look costs CPU the
rebuild needs (the same interpreter lock), and an edit waits up to half a
second before it is seen. :func:`use_native_watcher` swaps that observer for
watchdog's native one (inotify on Linux, FSEvents on macOS,
ReadDirectoryChangesW on Windows) before the server starts it: the kernel
reports a change as it happens and nothing runs while nothing changes.

Only events that mean a file changed are asked for. inotify also reports a
file being opened or read, and a build reads every page: watched with every
event, each rebuild would start the next one.

This is part of the MkDocs adapter (it touches ``LiveReloadServer``'s
attributes), kept apart so that the plugin stays readable. Anything
unexpected (another server class, no native watcher, the kernel's watch limit
reached) leaves MkDocs' polling in place; the plugin option
``serve_watcher: polling`` keeps it on purpose, for folders whose changes the
kernel does not see (network drives, some container mounts).
"""

from __future__ import annotations

from typing import Any

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)
from watchdog.observers import Observer

#: Events that mean a watched file's content may differ: what a rebuild is for.
CHANGES: tuple[type[FileSystemEvent], ...] = (
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileClosedEvent,
)


class ChangeObserver(Observer):  # type: ignore[misc,valid-type]
    """watchdog's native observer, scheduling every watch for :data:`CHANGES` only."""

    def schedule(self, event_handler: Any, path: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("event_filter", list(CHANGES))
        return super().schedule(event_handler, path, **kwargs)

    def start(self) -> None:
        """Start watching; a second call (the server's, after ours) does nothing."""
        if not self.is_alive():
            super().start()


def use_native_watcher(server: Any) -> str | None:
    """Swap a MkDocs server's polling observer for a :class:`ChangeObserver`.

    Must run before the server starts its observer (``on_serve`` does). Every
    path already watched is watched again, as often, by the new observer, which
    is started here: the kernel's watches are added now, so that a refusal
    (too many folders for ``fs.inotify.max_user_watches``) falls back to polling
    instead of stopping the server.

    Returns:
        ``None`` once swapped, else why the server keeps polling.
    """
    old = getattr(server, "observer", None)
    counts = getattr(server, "_watched_paths", None)
    refs = getattr(server, "_watch_refs", None)
    if old is None or not isinstance(counts, dict) or not isinstance(refs, dict):
        return "the server is not MkDocs' LiveReloadServer"
    if old.is_alive():
        return "the server's watcher is already running"
    new = ChangeObserver()
    server.observer, server._watched_paths, server._watch_refs = new, {}, {}
    try:
        for path in counts:
            server.watch(path)
        new.start()
    except Exception as exc:  # the kernel's watch limit, a path gone, a changed server
        _stop(new)
        server.observer, server._watched_paths, server._watch_refs = old, counts, refs
        return f"{type(exc).__name__}: {exc}"
    server._watched_paths = dict(counts)  # the same unwatch() bookkeeping as before
    old.unschedule_all()
    return None


def _stop(observer: Any) -> None:
    """Stop an observer, started or not (inotify reads from its first watch on)."""
    if observer.is_alive():
        observer.stop()
        observer.join()
    else:
        observer.on_thread_stop()  # what the thread would do on its way out
