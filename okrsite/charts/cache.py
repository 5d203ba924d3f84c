"""The chart cache: SVGs named by content hash, a manifest, parallel rendering.

A chart's file is ``<cache_dir>/<chart_key>.svg``, so a chart whose data did
not change since the last build is read back instead of drawn. The manifest
(``manifest.json``: chart name -> key) records what the last build used; SVGs it
does not name are deleted, so the directory does not grow without bound.

Charts that need drawing are drawn in worker processes (:mod:`okrsite.engine.workers`)
when there are enough of them to pay for starting the workers (matplotlib is
not thread-safe, so processes, not threads). The fork server imports
:mod:`okrsite.charts` once, so each worker forked from it starts with
matplotlib loaded, and a ``mkdocs serve`` rebuild reuses the running server.

The cache never makes a build fail: a missing, truncated or foreign file, a
corrupt manifest or an unwritable directory only means more drawing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from okrsite.engine import workers as procs

from .data import chart_key, matplotlib_version
from .kinds import RENDERER_VERSION, Chart

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
STATS = "stats.json"
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

_SVG_NAME = re.compile(r"[0-9a-f]{64}\.svg")
_TMP_MAX_AGE = 600.0  # seconds


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
                (at most :data:`okrsite.engine.workers.MAX_WORKERS`), ``1`` draws
                in-process. Workers are used only when more than
                :data:`PARALLEL_THRESHOLD` charts need drawing.

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
        if writable:
            self._write_stats(len(keys))
        return {name: svgs[key] for name, key in keys.items()}

    def _write_stats(self, charts: int) -> None:
        """``stats.json``: what the last build drew, for ``make bench`` and the curious.

        Only this file holds timings; the charts and the manifest stay deterministic.
        """
        stats = {
            "charts": charts,
            "rendered": self.stats.rendered,
            "reused": self.stats.reused,
            "chart_seconds": round(self.stats.seconds, 4),
            "workers": self.stats.workers,
        }
        self._write(STATS, (json.dumps(stats, indent=1) + "\n").encode())

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
        # The name is chosen before the file exists, so that an interrupt at any point
        # (even right after the file is created) knows what to remove.
        tmp = self.cache_dir / f".tmp-{secrets.token_hex(8)}.part"
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self.cache_dir / name)
        except OSError as error:
            log.warning("chart cache: cannot write %s: %s", self.cache_dir / name, error)
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return False
        except BaseException:  # Ctrl-C mid-write: leave no temporary file behind
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise
        return True

    def _finish(self, keys: Mapping[str, str]) -> None:
        """Rewrite the manifest (if it changed) and delete SVGs no chart uses."""
        assert self.cache_dir is not None
        manifest = {
            "version": MANIFEST_VERSION,
            "renderer": RENDERER_VERSION,
            "matplotlib": matplotlib_version(),
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
    procs.start_server()


def _render_many(charts: Sequence[Chart], count: int | None) -> tuple[list[bytes], int]:
    """Draw charts in order; in worker processes when there are enough of them.

    Returns:
        The SVGs, and the number of worker processes used (0: in-process).
    """
    from .draw import render_svg  # matplotlib: imported only when a chart is drawn

    used = min(procs.worker_count(count), len(charts))
    if used >= 2 and len(charts) > _parallel_threshold():
        drawn = procs.map_in_workers(render_svg, charts, workers=used, what="chart drawing")
        if drawn is not None:
            return drawn, used
    return [render_svg(chart) for chart in charts], 0


def _parallel_threshold() -> int:
    if not procs.forks():
        return SPAWN_PARALLEL_THRESHOLD
    return PARALLEL_THRESHOLD if procs.server_running() else COLD_PARALLEL_THRESHOLD
