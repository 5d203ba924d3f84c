"""The chart cache: SVGs named by content hash, a manifest, parallel rendering.

A chart's file is ``<cache_dir>/<chart_key>.svg``, so a chart whose data did
not change since the last build is read back instead of drawn. The manifest
(``manifest.json``: chart name -> key) records what the last build used; SVGs it
does not name are deleted, so the directory does not grow without bound.

Charts that need drawing are drawn in worker processes when there are enough of
them to pay for starting the workers (matplotlib is not thread-safe, so
processes, not threads). Workers start with ``forkserver`` where the platform
has it, ``spawn`` elsewhere; never plain ``fork``: ``mkdocs serve`` runs watcher
and server threads, and forking a process with threads can deadlock the child
(Python 3.12 warns about it). The fork server imports :mod:`okrsite.charts`
once, so each worker forked from it starts with matplotlib loaded, and a
``mkdocs serve`` rebuild reuses the running server.

The cache never makes a build fail: a missing, truncated or foreign file, a
corrupt manifest or an unwritable directory only means more drawing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import multiprocessing
import multiprocessing.forkserver
import os
import re
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import matplotlib

from okrsite.charts import RENDERER_VERSION, Chart, chart_key, render_svg

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
#: Version of the manifest's format; a manifest of another version is ignored.
MANIFEST_VERSION = 1
#: Draw in worker processes only above this many charts, once the fork server
#: runs (:func:`start_workers`, or an earlier parallel render): forking two
#: workers from it then costs about as much as drawing four charts in-process.
PARALLEL_THRESHOLD = 8
#: The same before the fork server runs: starting it (it imports matplotlib)
#: takes about 0.5 s, which parallel drawing wins back only from ~48 charts on.
COLD_PARALLEL_THRESHOLD = 48
#: The same with ``spawn`` (Windows), where every worker imports matplotlib.
SPAWN_PARALLEL_THRESHOLD = 128
#: More workers than this rarely help: the pipe and the start cost dominate.
MAX_WORKERS = 4

_SVG_NAME = re.compile(r"[0-9a-f]{64}\.svg")
_TMP_MAX_AGE = 600.0  # seconds
_server_started = False  # whether this process has started the fork server


@dataclass(frozen=True, slots=True)
class CacheStats:
    """What the last :meth:`ChartCache.render_all` did.

    Attributes:
        rendered: Distinct charts drawn (charts with equal keys are drawn once).
        reused: Distinct charts read back from the cache directory.
        seconds: Wall time of the call.
        workers: Worker processes used; 0 when everything was drawn in-process.
    """

    rendered: int = 0
    reused: int = 0
    seconds: float = 0.0
    workers: int = 0


class ChartCache:
    """Turns named charts into SVG bytes, drawing only those not cached on disk.

    Args:
        cache_dir: Where SVGs and the manifest live (created when needed), or
            ``None`` to keep nothing on disk and draw every chart.
    """

    def __init__(self, cache_dir: Path | str | None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.stats = CacheStats()

    def render_all(
        self, charts: Mapping[str, Chart], *, workers: int | None = None
    ) -> dict[str, bytes]:
        """Render every chart, reusing cached SVGs.

        Args:
            charts: Chart name (e.g. the page it belongs to) -> chart.
            workers: Worker processes for drawing; ``None`` picks one per CPU
                (at most :data:`MAX_WORKERS`), ``1`` draws in-process. Workers
                are used only when more than :data:`PARALLEL_THRESHOLD` charts
                need drawing.

        Returns:
            Chart name -> SVG bytes, in name order. Equal charts give equal
            bytes whether drawn now, earlier, in-process or in a worker.
        """
        started = time.perf_counter()
        keys = {name: chart_key(charts[name]) for name in sorted(charts)}
        svgs: dict[str, bytes] = {}
        todo: dict[str, Chart] = {}
        for name, key in keys.items():
            if key in svgs or key in todo:
                continue
            cached = self._read(key)
            if cached is None:
                todo[key] = charts[name]
            else:
                svgs[key] = cached
        reused = len(svgs)
        drawn, used_workers = _render_many(list(todo.values()), workers)
        writable = self.cache_dir is not None
        for key, svg in zip(todo, drawn, strict=True):
            svgs[key] = svg
            # After one failed write, stop trying (and warning) for this build.
            writable = writable and self._write(f"{key}.svg", svg)
        if writable:
            self._finish(keys)
        self.stats = CacheStats(
            rendered=len(todo),
            reused=reused,
            seconds=time.perf_counter() - started,
            workers=used_workers,
        )
        return {name: svgs[key] for name, key in keys.items()}

    def _read(self, key: str) -> bytes | None:
        if self.cache_dir is None:
            return None
        try:
            svg = (self.cache_dir / f"{key}.svg").read_bytes()
        except OSError:
            return None
        # Files are written whole (atomically), but a disk may still fill up or
        # someone may edit the cache: anything that is not a whole SVG is redrawn.
        if not (svg.startswith(b"<?xml") and svg.rstrip().endswith(b"</svg>")):
            return None
        return svg

    def _write(self, name: str, data: bytes) -> bool:
        """Write a file atomically (temporary file + rename); False if that failed."""
        if self.cache_dir is None:
            return False
        tmp = None
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                dir=self.cache_dir, prefix=".tmp-", suffix=".part", delete=False
            ) as handle:
                tmp = Path(handle.name)
                handle.write(data)
            os.chmod(tmp, 0o644)  # NamedTemporaryFile makes 0600; others may read the cache
            os.replace(tmp, self.cache_dir / name)
        except OSError as error:
            log.warning("chart cache: cannot write %s: %s", self.cache_dir / name, error)
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            return False
        return True

    def _finish(self, keys: Mapping[str, str]) -> None:
        """Rewrite the manifest (if it changed) and delete SVGs no chart uses."""
        assert self.cache_dir is not None
        manifest = {
            "version": MANIFEST_VERSION,
            "renderer": RENDERER_VERSION,
            "matplotlib": matplotlib.__version__,
            "charts": dict(keys),
        }
        data = (json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()
        path = self.cache_dir / MANIFEST
        try:
            unchanged = path.read_bytes() == data
        except OSError:
            unchanged = False
        if unchanged or self._write(MANIFEST, data):
            _prune(self.cache_dir, set(keys.values()))


def _prune(directory: Path, keep: set[str]) -> None:
    """Delete the SVGs not in ``keep`` and abandoned temporary files; nothing else."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    # A temporary file younger than this may belong to a build running right now.
    abandoned = time.time() - _TMP_MAX_AGE
    for entry in entries:
        with contextlib.suppress(OSError):
            if _SVG_NAME.fullmatch(entry.name):
                stale = entry.name.removesuffix(".svg") not in keep
            else:
                stale = entry.name.startswith(".tmp-") and entry.stat().st_mtime < abandoned
            if stale:
                os.unlink(entry.path)


def start_workers() -> None:
    """Start the process that forks chart workers, in the background.

    Optional. Called early in a build (before the portal is loaded), it hides
    the fork server's start-up (~0.5 s, mostly importing matplotlib) behind
    other work, and lets :meth:`ChartCache.render_all` go parallel from
    :data:`PARALLEL_THRESHOLD` charts on. A no-op where workers are spawned.
    """
    global _server_started
    context = _context()
    if context.get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()
        _server_started = True


def _render_many(charts: Sequence[Chart], workers: int | None) -> tuple[list[bytes], int]:
    """Draw charts in order; in worker processes when there are enough of them.

    Returns:
        The SVGs, and the number of worker processes used (0: in-process).
    """
    global _server_started
    count = min(_worker_count(workers), len(charts))
    context = _context()
    if count < 2 or len(charts) <= _parallel_threshold(context):
        return [render_svg(chart) for chart in charts], 0
    # A few chunks per worker: few round trips, yet balanced when charts differ in cost.
    chunksize = max(1, math.ceil(len(charts) / (count * 4)))
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            _server_started = True
            return list(pool.map(render_svg, charts, chunksize=chunksize)), count
    except (BrokenProcessPool, OSError) as error:
        # A worker died or could not start (e.g. a main script without the
        # ``if __name__ == "__main__"`` guard); the charts still get drawn.
        log.warning("chart workers failed (%s); drawing in-process", error)
        return [render_svg(chart) for chart in charts], 0


def _worker_count(workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)


def _parallel_threshold(context: multiprocessing.context.BaseContext) -> int:
    if context.get_start_method() != "forkserver":
        return SPAWN_PARALLEL_THRESHOLD
    return PARALLEL_THRESHOLD if _server_started else COLD_PARALLEL_THRESHOLD


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Imported once in the fork server, inherited by every worker it forks.
        # Ignored if the server already runs (the preload is then in place anyway).
        context.set_forkserver_preload(["okrsite.charts"])
        return context
    return multiprocessing.get_context("spawn")
