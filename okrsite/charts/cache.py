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

An SVG is published as it is, so the cache trusts only the files this machine
drew: the manifest holds each SVG's seal (an HMAC of its key and bytes, with
the key of :mod:`okrsite.engine.seal`, which the project folder does not hold).
An SVG without a matching seal (one a pull request committed, say) is drawn
again; without a key nothing is kept.
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
from okrsite.engine.seal import cache_key, mac, matches

from .data import chart_key, matplotlib_version
from .kinds import RENDERER_VERSION, Chart

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
STATS = "stats.json"
#: Version of the manifest's format; a manifest of another version is ignored.
MANIFEST_VERSION = 2
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
        project: The project folder (of ``mkdocs.yml``), where no key file may
            lie; by default ``cache_dir``.
    """

    def __init__(self, cache_dir: Path | str | None, *, project: Path | None = None) -> None:
        directory = Path(cache_dir) if cache_dir is not None else None
        self.key = cache_key(project or directory) if directory is not None else None
        # Without a key nothing read back could be trusted, so nothing is kept.
        self.cache_dir = directory if self.key is not None else None
        self.stats = CacheStats()
        self._seals: dict[str, str] = {}

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
        self._seals = self._read_seals()
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
            self._finish(keys, dict(zip(todo, drawn, strict=True)))
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

    def _read_seals(self) -> dict[str, str]:
        """The seals the manifest of the last build holds (chart key -> seal)."""
        if self.cache_dir is None:
            return {}
        try:
            manifest = json.loads((self.cache_dir / MANIFEST).read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION:
            return {}
        seals = manifest.get("seals")
        return dict(seals) if isinstance(seals, dict) else {}

    def _read(self, key: str) -> bytes | None:
        if self.cache_dir is None or self.key is None:
            return None
        try:
            svg = (self.cache_dir / f"{key}.svg").read_bytes()
        except OSError:
            return None
        # Only what this machine drew for this very chart is published as it is.
        if not matches(self.key, _sealed_part(key, svg), self._seals.get(key)):
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

    def _finish(self, keys: Mapping[str, str], drawn: Mapping[str, bytes]) -> None:
        """Rewrite the manifest (if it changed) and delete SVGs no chart uses.

        Args:
            keys: chart name -> key, every chart of the build.
            drawn: key -> SVG of the charts drawn now (the others' seals were checked).
        """
        assert self.cache_dir is not None and self.key is not None
        used = set(keys.values())
        seals = {
            k: mac(self.key, _sealed_part(k, drawn[k])) if k in drawn else self._seals[k]
            for k in used
        }
        manifest = {
            "version": MANIFEST_VERSION,
            "renderer": RENDERER_VERSION,
            "matplotlib": matplotlib_version(),
            "charts": dict(keys),
            "seals": seals,
        }
        data = (json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()
        path = self.cache_dir / MANIFEST
        try:
            unchanged = path.read_bytes() == data
        except OSError:
            unchanged = False
        if unchanged or self._write(MANIFEST, data):
            _prune(self.cache_dir, used)


def _sealed_part(key: str, svg: bytes) -> bytes:
    """What a seal covers: the chart's key and its SVG (an SVG under another key's name fails)."""
    return key.encode("ascii", "replace") + b"\0" + svg


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
    """Draw charts in order; in worker processes when that is cheaper than drawing here.

    With the fork server running (a build starts it early), even one chart goes to a
    worker forked from it: the worker starts with matplotlib loaded, which this process
    would take most of a second to import (the one chart of a check-in's dirty build).

    Returns:
        The SVGs, and the number of worker processes used (0: in-process).
    """
    if not charts:
        return [], 0
    used = min(procs.worker_count(count), len(charts))
    warm = count != 1 and procs.forks() and procs.server_running()
    if (used >= 2 and len(charts) > _parallel_threshold()) or warm:
        drawn = procs.map_in_workers(
            draw, charts, workers=used, fewest=1 if warm else 2, what="chart drawing"
        )
        if drawn is not None:
            return drawn, used
    return [draw(chart) for chart in charts], 0


def draw(chart: Chart) -> bytes:
    """:func:`~okrsite.charts.draw.render_svg`, importing matplotlib on the first call only.

    Workers get this function by name: in a worker forked from the fork server the
    import is already done, and the process that sends the work never pays for it.
    """
    from .draw import render_svg

    return render_svg(chart)


def _parallel_threshold() -> int:
    if not procs.forks():
        return SPAWN_PARALLEL_THRESHOLD
    return PARALLEL_THRESHOLD if procs.server_running() else COLD_PARALLEL_THRESHOLD
