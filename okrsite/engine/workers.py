"""Worker processes for the parallel parts of a build: loading pages, drawing charts.

Workers start with ``forkserver`` where the platform has it, ``spawn``
elsewhere; never plain ``fork``: ``mkdocs serve`` runs watcher and server
threads, and forking a process with threads can deadlock the child (Python
3.12 warns about it). (:mod:`.forked` forks once, for one job on data this
process holds, and bounds its wait: a child that hangs costs time, not the
build.) The fork server imports the modules of
:data:`PRELOAD` once, so every worker forked from it starts with them loaded,
and a ``mkdocs serve`` rebuild reuses the running server.

Nothing here is required for correctness: :func:`map_in_workers` returns
``None`` when workers would not pay or cannot start, and the caller then does
the work in-process, with the same result.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import multiprocessing.forkserver
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: Imported once in the fork server. The chart drawing module brings matplotlib (~0.5 s);
#: a command that draws no chart (``okrsite check``) asks for the pipeline only.
#: portal imports the engine; okrsite.text.warm loads the phrasing checks' lexicon once.
PRELOAD_PIPELINE = ("okrsite.portal", "okrsite.lint", "okrsite.text.warm")
PRELOAD = ("okrsite.charts.draw", *PRELOAD_PIPELINE)
#: More workers than this rarely help: the pipe and the start cost dominate.
MAX_WORKERS = 4

_server_started = False  # whether this process has started the fork server


def context(preload: Sequence[str] = PRELOAD) -> multiprocessing.context.BaseContext:
    """The multiprocessing context workers start from (see the module docstring).

    ``preload`` only counts before the fork server runs; once it runs, every
    worker inherits what it was started with.
    """
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        if not _server_started:
            ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context("spawn")


def forks() -> bool:
    """Whether workers are forked from a server (cheap) rather than spawned (slow)."""
    return context().get_start_method() == "forkserver"


def server_running() -> bool:
    """Whether this process has started the fork server, so workers start fast."""
    return _server_started


def start_server(preload: Sequence[str] = PRELOAD) -> None:
    """Start the fork server in the background (a no-op where workers are spawned).

    Called early in a build, it hides the server's start-up behind other work.
    """
    global _server_started
    ctx = context(preload)
    if ctx.get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()
        _server_started = True


def worker_count(workers: int | None = None) -> int:
    """``workers`` if given, else one per CPU this process may use, at most :data:`MAX_WORKERS`."""
    if workers is not None:
        return max(1, workers)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)


def map_in_workers(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    workers: int | None = None,
    chunksize: int | None = None,
    preload: Sequence[str] = PRELOAD,
    what: str = "work",
    meanwhile: Callable[[], object] | None = None,
    fewest: int = 2,
) -> list[R] | None:
    """``[func(item) for item in items]`` in worker processes, in order.

    ``func`` must be a module-level function and items and results picklable.
    ``chunksize`` items go to a worker at a time; by default a few chunks per
    worker: few round trips, yet balanced when items differ in cost.
    ``meanwhile``, if given, is called in this process once the items are sent,
    so that this process works too while the workers start and work; it is not
    called when no workers are used. ``fewest`` is the number of workers below which
    the work is left to the caller: one worker pays only when it starts with what this
    process would have to import (a worker forked from the running fork server).

    Returns:
        The results, or ``None`` when fewer than ``fewest`` workers are available or a
        worker failed: the caller then runs ``func`` in-process.
    """
    global _server_started
    count = min(worker_count(workers), len(items))
    if count < max(1, fewest):
        return None
    if chunksize is None:
        chunksize = max(1, math.ceil(len(items) / (count * 4)))
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=context(preload)) as pool:
            _server_started = True
            results = pool.map(func, items, chunksize=chunksize)  # sent at once
            if meanwhile is not None:
                meanwhile()
            return list(results)
    except (BrokenProcessPool, OSError) as error:
        # A worker died or could not start (e.g. a main script without the
        # ``if __name__ == "__main__"`` guard); the work is still done, in-process.
        log.warning("okrsite: worker processes failed (%s); doing the %s in-process", error, what)
        return None
