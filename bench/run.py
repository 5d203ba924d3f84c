"""The build benchmark: okrsite against the floor a lean menu can reach, per portal size.

For each size the harness generates a synthetic portal (:mod:`bench.generate`)
and times, each as its own process: ``okrsite check``, a cold ``mkdocs build``
(empty chart cache), a warm one (same cache), ``mkdocs serve`` until one
objective gains a check-in and the rebuilt site is served (:mod:`bench.serve`)
and the floor, a plain mkdocs-material site with the same number of pages whose
menu lists only the home page.

Wall time is the whole process, start-up included. Peak memory is the
``ru_maxrss`` that :func:`os.wait4` reports for the build process (which
includes children it waited for; the chart worker processes are not always
among them). Chart counts come from ``<cache_dir>/stats.json`` when the plugin
writes one, else from the plugin's log line, else from the cache manifest.

Results go to ``bench/results.json`` and are printed as Markdown tables, with
the targets of the "build speed that stays linear" issue and whether they are met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, TypeGuard, TypeVar

from bench.generate import SIZES, SizeSpec, edit_objective, generate_floor, generate_portal
from bench.series import LONG_POINTS
from bench.serve import ServeMeasurement, measure_serve
from bench.steps import (
    DirtyResult,
    SeriesResult,
    SiteDiff,
    build_shared_floor,
    measure_dirty,
    measure_series,
)

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = BENCH_DIR / "out"
DEFAULT_RESULTS = BENCH_DIR / "results.json"
#: The chart cache of a generated portal, relative to its mkdocs.yml (see generate.py).
CACHE_DIR = Path(".cache/okrsite")

T = TypeVar("T")

#: Targets of the issue ("Build speed near the floor"); the floor is the shared one.
MAX_WARM_OVER_FLOOR = 2.0
#: ``mkdocs build --dirty`` after one check-in on M, over the warm build.
MAX_DIRTY_OVER_WARM = 0.25
#: Seconds a KPI of 100,000 points may add to a warm build.
MAX_SERIES_SECONDS = 2.0
MAX_PER_PAGE_GROWTH = 1.25
MAX_MS_PER_CHART = 20.0
MAX_CHECK_SECONDS_L = 5.0
MAX_PAGE_BYTES_L = 100 * 1024
MAX_RSS_BYTES_L = 1.5 * 1024**3
#: Under ``mkdocs serve`` an edit shows in a quarter of a warm build's time.
MAX_SERVE_OVER_WARM = 0.25

_PLUGIN_LINE = re.compile(
    r"okrsite: (?P<pages>\d+) pages, (?P<charts>\d+) charts \((?P<rendered>\d+) drawn, "
    r"(?P<reused>\d+) from the cache\) in (?P<seconds>[\d.]+) s"
)
_BUILT_LINE = re.compile(r"Documentation built in (?P<seconds>[\d.]+) seconds")
_SUMMARY_LINE = re.compile(r"Found (?P<errors>\d+) errors?.* and (?P<warnings>\d+) warnings?")


@dataclass(slots=True, kw_only=True)
class Measurement:
    """One timed process.

    Attributes:
        wall: Seconds from start to exit, the whole process.
        cpu: CPU seconds (user + system) of the process and the children it
            waited for; unlike wall time, hardly affected by other load.
        load: The 1-minute load average when the process started (another
            busy process on the machine shows here).
        max_rss: Peak resident memory in bytes (``ru_maxrss`` of the process).
        returncode: Exit status (negative: killed by that signal).
        log: File holding the process's stdout and stderr.
        built_seconds: What MkDocs reported as "Documentation built in".
        plugin_seconds: What okrsite's log line reported for its own work.
        charts: Charts in the site.
        rendered: Charts drawn in this build.
        reused: Charts read back from the cache.
        chart_seconds: Time spent producing charts (from ``stats.json``).
        chart_seconds_source: ``stats.json``, ``estimate`` or ``None``.
        plugin_stats: The whole ``stats.json`` the plugin wrote, if any.
        tail: The last lines of the log when the process failed.
    """

    wall: float
    max_rss: int
    returncode: int
    log: str
    cpu: float | None = None
    load: float | None = None
    built_seconds: float | None = None
    plugin_seconds: float | None = None
    charts: int | None = None
    rendered: int | None = None
    reused: int | None = None
    chart_seconds: float | None = None
    chart_seconds_source: str | None = None
    plugin_stats: dict[str, Any] | None = None
    tail: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the process exited with status 0."""
        return self.returncode == 0


@dataclass(slots=True, kw_only=True)
class SizeResult:
    """Everything measured for one portal size."""

    size: str
    spec: dict[str, Any]
    generated: dict[str, Any]
    site: SiteStats | None = None
    check: Measurement | None = None
    check_summary: str | None = None
    cold: Measurement | None = None
    warm: Measurement | None = None
    serve: ServeMeasurement | None = None
    floor: Measurement | None = None
    floor_site: SiteStats | None = None
    matched_floor: Measurement | None = None
    matched_floor_site: SiteStats | None = None
    dirty: DirtyResult | None = None
    series: SeriesResult | None = None
    phases: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def pages(self) -> int | None:
        """HTML pages of the okrsite build."""
        return self.site.pages if self.site else None

    # Derived figures, shared by the table, the targets and the JSON.

    def warm_over_floor(self) -> float | None:
        """Warm okrsite build time over floor build time."""
        warm, floor = self.warm, self.floor
        if _ok(warm) and _ok(floor) and floor.wall > 0:
            return warm.wall / floor.wall
        return None

    def warm_over_matched_floor(self) -> float | None:
        """Warm okrsite build time over the content-matched floor's."""
        warm, floor = self.warm, self.matched_floor
        if _ok(warm) and _ok(floor) and floor.wall > 0:
            return warm.wall / floor.wall
        return None

    def dirty_over_warm(self) -> float | None:
        """``mkdocs build --dirty`` after one check-in, over the warm build."""
        warm, dirty = self.warm, self.dirty
        if dirty is not None and _ok(dirty.dirty) and _ok(warm) and warm.wall > 0:
            return dirty.dirty.wall / warm.wall
        return None

    def series_added(self) -> float | None:
        """Seconds the long KPI adds to a warm build (measured side by side)."""
        series = self.series
        if series is not None and _ok(series.without) and _ok(series.with_series):
            return series.with_series.wall - series.without.wall
        return None

    def warm_over_floor_cpu(self) -> float | None:
        """The same ratio in CPU time: steadier than wall time on a busy machine."""
        warm, floor = self.warm, self.floor
        if _ok(warm) and _ok(floor) and warm.cpu and floor.cpu:
            return warm.cpu / floor.cpu
        return None

    def ms_per_page(self) -> float | None:
        """Warm build wall time per HTML page, in milliseconds."""
        warm, pages = self.warm, self.pages
        if _ok(warm) and pages:
            return 1000 * warm.wall / pages
        return None

    def ms_per_chart(self) -> tuple[float | None, str | None]:
        """Cold chart time per chart drawn (ms), and where the time came from."""
        cold = self.cold
        if not _ok(cold) or not cold.rendered or cold.chart_seconds is None:
            return None, None
        return 1000 * cold.chart_seconds / cold.rendered, cold.chart_seconds_source

    def peak_rss(self) -> int | None:
        """Highest peak memory of the okrsite builds (cold and warm)."""
        values = [m.max_rss for m in (self.cold, self.warm) if _ok(m)]
        return max(values) if values else None

    def serve_over_warm(self) -> float | None:
        """Time until an edit is served by ``mkdocs serve``, over the warm build's wall time."""
        serve, warm = self.serve, self.warm
        if serve is not None and serve.ok and serve.visible is not None and _ok(warm):
            return serve.visible / warm.wall
        return None

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready data, derived figures included."""
        data = asdict(self)
        data["pages"] = self.pages
        per_chart, source = self.ms_per_chart()
        data["derived"] = {
            "warm_over_floor": self.warm_over_floor(),
            "warm_over_floor_cpu": self.warm_over_floor_cpu(),
            "warm_over_matched_floor": self.warm_over_matched_floor(),
            "dirty_over_warm": self.dirty_over_warm(),
            "series_added_seconds": self.series_added(),
            "ms_per_page_warm": self.ms_per_page(),
            "ms_per_chart_cold": per_chart,
            "ms_per_chart_source": source,
            "peak_rss_bytes": self.peak_rss(),
            "serve_visible_over_warm": self.serve_over_warm(),
        }
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SizeResult:
        """A result read back from :meth:`to_json`'s data (derived figures are recomputed)."""

        def read(kind: Callable[..., T], key: str) -> T | None:
            value = data.get(key)
            return kind(**value) if value is not None else None

        return cls(
            size=data["size"],
            spec=dict(data.get("spec", {})),
            generated=dict(data.get("generated", {})),
            site=read(SiteStats, "site"),
            check=read(Measurement, "check"),
            check_summary=data.get("check_summary"),
            cold=read(Measurement, "cold"),
            warm=read(Measurement, "warm"),
            serve=read(ServeMeasurement, "serve"),
            floor=read(Measurement, "floor"),
            floor_site=read(SiteStats, "floor_site"),
            matched_floor=read(Measurement, "matched_floor"),
            matched_floor_site=read(SiteStats, "matched_floor_site"),
            dirty=_read_dirty(data.get("dirty")),
            series=_read_series(data.get("series")),
            phases=dict(data.get("phases", {})),
        )


def _read_dirty(data: Mapping[str, Any] | None) -> DirtyResult | None:
    if not data:
        return None
    return DirtyResult(
        dirty=Measurement(**data["dirty"]),
        clean=Measurement(**data["clean"]),
        diff=SiteDiff(**data["diff"]),
    )


def _read_series(data: Mapping[str, Any] | None) -> SeriesResult | None:
    if not data:
        return None
    return SeriesResult(
        points=data["points"],
        without=Measurement(**data["without"]),
        first=Measurement(**data["first"]),
        with_series=Measurement(**data["with_series"]),
    )


@dataclass(frozen=True, slots=True)
class Target:
    """One target of the issue and whether the measurements meet it."""

    name: str
    measured: str
    status: str  # "pass", "FAIL" or "n/a"


def _ok(measurement: Measurement | None) -> TypeGuard[Measurement]:
    return measurement is not None and measurement.ok


# --- Running processes ------------------------------------------------------------------


def run_measured(
    command: Sequence[str], *, cwd: Path, log: Path, env: Mapping[str, str] | None = None
) -> Measurement:
    """Run a command to completion; time it and read its own peak memory.

    Args:
        command: Program and arguments.
        cwd: Working folder.
        log: File that receives stdout and stderr (created or replaced).
        env: Environment; default: this process's, with MkDocs' banner silenced.

    Returns:
        The measurement (``tail`` holds the last 25 log lines on failure).
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    environment = dict(os.environ if env is None else env)
    environment.setdefault("NO_MKDOCS_2_WARNING", "1")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    with open(log, "wb") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=sink, stderr=subprocess.STDOUT, env=environment
        )
        # wait4 rather than Popen.wait: it also returns the child's resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    measurement = Measurement(
        wall=wall,
        max_rss=usage.ru_maxrss * 1024,  # kilobytes on Linux
        returncode=process.returncode,
        log=os.fspath(log),
        cpu=usage.ru_utime + usage.ru_stime,
        load=load,
    )
    if not measurement.ok:
        measurement.tail = text.splitlines()[-25:]
    if built := _BUILT_LINE.search(text):
        measurement.built_seconds = float(built["seconds"])
    if plugin := _PLUGIN_LINE.search(text):
        measurement.plugin_seconds = float(plugin["seconds"])
        measurement.charts = int(plugin["charts"])
        measurement.rendered = int(plugin["rendered"])
        measurement.reused = int(plugin["reused"])
    return measurement


def mkdocs_command() -> list[str]:
    """``mkdocs build`` with the interpreter running the benchmark."""
    return [sys.executable, "-m", "mkdocs", "build"]


def okrsite_command() -> list[str]:
    """``okrsite`` with the interpreter running the benchmark."""
    script = Path(sys.executable).with_name("okrsite")
    if script.is_file():
        return [os.fspath(script)]
    return [sys.executable, "-c", "from okrsite.cli import entry; entry()"]


def read_chart_stats(root: Path, measurement: Measurement) -> None:
    """Fill chart counts from ``stats.json`` (preferred) or the manifest.

    ``stats.json`` as the plugin should write it: ``{"charts": N, "rendered": R,
    "reused": U, "chart_seconds": S}``.
    """
    cache = root / CACHE_DIR
    stats = _read_json(cache / "stats.json")
    if isinstance(stats, dict):
        measurement.plugin_stats = stats
        for key in ("charts", "rendered", "reused"):
            if isinstance(stats.get(key), int):
                setattr(measurement, key, stats[key])
        if isinstance(stats.get("chart_seconds"), int | float):
            measurement.chart_seconds = float(stats["chart_seconds"])
            measurement.chart_seconds_source = "stats.json"
    if measurement.charts is None:
        manifest = _read_json(cache / "manifest.json")
        if isinstance(manifest, dict) and isinstance(manifest.get("charts"), dict):
            measurement.charts = len(manifest["charts"])


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteStats:
    """The HTML pages of a built site.

    Attributes:
        pages: HTML pages (the top-level 404 page excluded).
        largest_path: The biggest page, relative to the site folder.
        largest_bytes: Its size.
        total_bytes: All pages together.
        article_bytes: Average size of a page's content (mkdocs-material's
            ``<article>`` element), i.e. the page without the theme around it.
    """

    pages: int
    largest_path: str
    largest_bytes: int
    total_bytes: int
    article_bytes: int


def site_stats(site: Path) -> SiteStats | None:
    """Count and size the HTML pages of a built site; ``None`` if it has none."""
    count = total = articles = largest = 0
    largest_path = ""
    for path in site.rglob("*.html"):
        if path.name == "404.html" and path.parent == site:
            continue
        data = path.read_bytes()
        count += 1
        total += len(data)
        start, end = data.find(b"<article"), data.find(b"</article>")
        if 0 <= start < end:
            articles += end - start
        if len(data) > largest:
            largest, largest_path = len(data), path.relative_to(site).as_posix()
    if not count:
        return None
    return SiteStats(
        pages=count,
        largest_path=largest_path,
        largest_bytes=largest,
        total_bytes=total,
        article_bytes=articles // count,
    )


# --- One size ---------------------------------------------------------------------------


def measure_size(
    spec: SizeSpec,
    out: Path,
    *,
    seed: int,
    repeat: int = 1,
    phases: bool = False,
    series_points: int = 0,
    say: Callable[[str], None] = print,
) -> SizeResult:
    """Generate a portal of one size and run every measurement on it.

    Args:
        spec: The size.
        out: Work folder for this size (``okr/`` and ``floor/`` inside).
        seed: Generator seed.
        repeat: Runs of each build; the fastest counts.
        phases: Also run one more warm build of each site with a timer per
            phase (:mod:`bench.phases`).
        series_points: When not 0, also measure what a KPI of that many points
            adds to a warm build (:mod:`bench.steps`).
        say: Progress messages.

    Returns:
        The measurements; failed steps are recorded, not raised.
    """
    root, floor_root = out / "okr", out / "floor"
    started = time.perf_counter()
    portal = generate_portal(spec, root, seed=seed)
    # Written files reach the disk before anything is timed: a flush in the middle
    # of a measurement would be charged to it.
    os.sync()
    generated = {
        "teams": portal.teams,
        "objectives": portal.objectives,
        "kpis": portal.kpis,
        "people": portal.people,
        "files": portal.files,
        "seconds": round(time.perf_counter() - started, 3),
    }
    result = SizeResult(size=spec.name, spec=asdict(spec), generated=generated)
    say(f"[{spec.name}] generated {portal.files} files in {generated['seconds']} s")
    logs = out / "logs"

    # At least twice: cheap next to the builds, and the first run reads the files
    # from the disk while the next ones find them in the page cache.
    result.check = _best(
        max(2, repeat),
        lambda: run_measured([*okrsite_command(), "check"], cwd=root, log=logs / "check.log"),
    )
    summary = _SUMMARY_LINE.search(Path(result.check.log).read_text(encoding="utf-8"))
    result.check_summary = summary.group(0) if summary else None
    say(f"[{spec.name}] okrsite check: {result.check.wall:.2f} s, {result.check_summary}")

    def cold() -> Measurement:
        shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
        return _build(root, logs / "cold.log")

    result.cold = _best(repeat, cold)
    say(f"[{spec.name}] cold build: {_describe(result.cold)}")
    result.warm = _best(repeat, lambda: _build(root, logs / "warm.log"))
    say(f"[{spec.name}] warm build: {_describe(result.warm)}")
    if _ok(result.warm):
        result.site = site_stats(root / "site")
    _estimate_chart_seconds(result.cold, result.warm)
    if phases:
        result.phases["okrsite"] = measure_phases(root, logs / "phases-okrsite")

    if _ok(result.warm):
        result.dirty = measure_dirty(root, logs, _build)
        say(f"[{spec.name}] dirty build after one check-in: {_describe_dirty(result.dirty)}")

    result.serve = measure_serve(root, logs / "serve.log", edit=edit_objective)
    say(f"[{spec.name}] mkdocs serve: {_describe_serve(result.serve)}")

    if series_points:
        result.series = measure_series(root, logs, _build, series_points)
        say(f"[{spec.name}] KPI of {series_points:,} points: {_describe_series(result.series)}")

    floor_pages = result.pages or _expected_pages(portal.teams, portal.objectives, portal.kpis)
    build_shared_floor(floor_root, floor_pages)
    result.floor = _best(repeat, lambda: _build(floor_root, logs / "floor.log"))
    if _ok(result.floor):
        result.floor_site = site_stats(floor_root / "site")
    if phases:
        result.phases["floor"] = measure_phases(floor_root, logs / "phases-floor")
    say(f"[{spec.name}] shared floor ({floor_pages} pages): {_describe(result.floor)}")

    matched_root = out / "floor-matched"
    article = result.site.article_bytes if result.site else None
    generate_floor(matched_root, floor_pages, article_bytes=article, seed=seed)
    result.matched_floor = _best(repeat, lambda: _build(matched_root, logs / "floor-matched.log"))
    if _ok(result.matched_floor):
        result.matched_floor_site = site_stats(matched_root / "site")
    say(f"[{spec.name}] content-matched floor: {_describe(result.matched_floor)}")
    return result


def _describe_dirty(dirty: DirtyResult) -> str:
    differ = ", ".join(dirty.diff.differ[:5]) or "none"
    volatile = ", ".join(dirty.diff.volatile_differ) or "none"
    return (
        f"{_describe(dirty.dirty)}; clean build {_describe(dirty.clean)}; "
        f"{len(dirty.diff.differ)} of {dirty.diff.pages} pages differ ({differ}); "
        f"sitemap/search index differing: {volatile}"
    )


def _describe_series(series: SeriesResult) -> str:
    return (
        f"warm without {_describe(series.without)}; first build with it "
        f"{_describe(series.first)}; warm with it {_describe(series.with_series)}"
    )


def measure_phases(root: Path, stem: Path) -> dict[str, Any]:
    """One more build of a site, with a timer per phase; the timers and the process wall."""
    report = stem.with_suffix(".json")
    report.unlink(missing_ok=True)
    command = [sys.executable, os.fspath(BENCH_DIR / "phases.py"), os.fspath(report)]
    measurement = run_measured(command, cwd=root, log=stem.with_suffix(".log"))
    data = _read_json(report)
    if not isinstance(data, dict):
        return {"wall": measurement.wall, "status": measurement.returncode, "seconds": {}}
    data["wall"] = measurement.wall
    return data


def _build(root: Path, log: Path, *extra: str) -> Measurement:
    (root / CACHE_DIR / "stats.json").unlink(missing_ok=True)
    measurement = run_measured([*mkdocs_command(), *extra], cwd=root, log=log)
    read_chart_stats(root, measurement)
    return measurement


def _best(repeat: int, run: Callable[[], Measurement]) -> Measurement:
    runs = [run() for _ in range(max(1, repeat))]
    failed = [m for m in runs if not m.ok]
    return failed[0] if failed else min(runs, key=lambda m: m.wall)


def _estimate_chart_seconds(cold: Measurement | None, warm: Measurement | None) -> None:
    """Without ``stats.json``: drawing time ~ the plugin's cold time minus its warm time."""
    if cold is None or cold.chart_seconds is not None or not (_ok(cold) and _ok(warm)):
        return
    assert warm is not None
    if cold.plugin_seconds is not None and warm.plugin_seconds is not None:
        cold.chart_seconds = max(0.0, cold.plugin_seconds - warm.plugin_seconds)
        cold.chart_seconds_source = "estimate"


def _expected_pages(teams: int, objectives: int, kpis: int) -> int:
    """A guess at the page count, used for the floor only when the okrsite build failed."""
    return teams + objectives + kpis + teams * 5 + 20


def _describe(measurement: Measurement) -> str:
    if not measurement.ok:
        return f"FAILED (exit {measurement.returncode}), see {measurement.log}"
    charts = ""
    if measurement.charts is not None:
        charts = f", {measurement.charts} charts ({measurement.rendered} drawn)"
    cpu = f" ({measurement.cpu:.2f} s CPU)" if measurement.cpu is not None else ""
    load = f", load {measurement.load:.1f}" if measurement.load is not None else ""
    return f"{measurement.wall:.2f} s{cpu}, {measurement.max_rss / 2**20:.0f} MB{charts}{load}"


# --- Targets and tables -----------------------------------------------------------------


def evaluate_targets(results: Sequence[SizeResult]) -> list[Target]:
    """Check the issue's targets against the measured sizes ("n/a" when not measured).

    Only sizes S, M and L count; XS is for tests.
    """
    results = [r for r in results if r.size in ("S", "M", "L")]
    by_size = {r.size: r for r in results}
    targets: list[Target] = []
    for size in ("M", "L"):
        ratio = by_size[size].warm_over_floor() if size in by_size else None
        targets.append(
            _target(
                f"warm {size} <= {MAX_WARM_OVER_FLOOR}x floor",
                ratio,
                ratio is not None and ratio <= MAX_WARM_OVER_FLOOR,
                lambda v: f"{v:.2f}x",
            )
        )
    flat = [r for r in results if r.ms_per_page() is not None]
    growth = None
    if len(flat) >= 2:
        first, last = flat[0].ms_per_page(), flat[-1].ms_per_page()
        growth = (last / first) if first and last else None
        label = f"per-page time flat ({flat[0].size} -> {flat[-1].size})"
    else:
        label = "per-page time flat (S -> L)"
    targets.append(
        _target(
            f"{label} <= {MAX_PER_PAGE_GROWTH}x",
            growth,
            growth is not None and growth <= MAX_PER_PAGE_GROWTH,
            lambda v: f"{v:.2f}x",
        )
    )
    per_chart = [r.ms_per_chart()[0] for r in results]
    worst = max((v for v in per_chart if v is not None), default=None)
    targets.append(
        _target(
            f"cold charts <= {MAX_MS_PER_CHART:.0f} ms per chart",
            worst,
            worst is not None and worst <= MAX_MS_PER_CHART,
            lambda v: f"{v:.1f} ms (worst size)",
        )
    )
    warm_drawn = [
        m.rendered for m in (r.warm for r in results) if _ok(m) and m.rendered is not None
    ]
    drawn = max(warm_drawn) if warm_drawn else None
    targets.append(
        _target("warm build draws 0 charts", drawn, drawn == 0, lambda v: f"{v:.0f} drawn")
    )
    large = by_size.get("L")
    check = large.check if large else None
    check_seconds = check.wall if _ok(check) else None
    targets.append(
        _target(
            f"okrsite check L < {MAX_CHECK_SECONDS_L:.0f} s",
            check_seconds,
            check_seconds is not None and check_seconds < MAX_CHECK_SECONDS_L,
            lambda v: f"{v:.3f} s",  # 4.995 s passes; "5.00 s" would not read so
        )
    )
    for size in ("M", "L"):
        if size == "L" and size not in by_size:
            continue
        ratio = by_size[size].dirty_over_warm() if size in by_size else None
        targets.append(
            _target(
                f"dirty build after a check-in on {size} <= {MAX_DIRTY_OVER_WARM}x warm",
                ratio,
                ratio is not None and ratio <= MAX_DIRTY_OVER_WARM,
                lambda v: f"{v:.2f}x",
            )
        )
    diffs = [r.dirty.diff for r in results if r.dirty is not None]
    differing = sum(len(d.differ) for d in diffs) if diffs else None
    targets.append(
        _target(
            "dirty build: pages differing from a clean build = 0",
            differing,
            differing == 0,
            lambda v: f"{v:.0f} of {sum(d.pages for d in diffs)}",
        )
    )
    added = [r.series_added() for r in results if r.series is not None]
    worst_added = max((v for v in added if v is not None), default=None)
    targets.append(
        _target(
            f"KPI of 100,000 points adds <= {MAX_SERIES_SECONDS:.0f} s to a warm build",
            worst_added,
            worst_added is not None and worst_added <= MAX_SERIES_SECONDS,
            lambda v: f"{v:+.2f} s",
        )
    )
    serve_name = f"serve: edit shown <= {MAX_SERVE_OVER_WARM}x warm build (M, L)"
    served = [r for r in results if r.size in ("M", "L")]
    if any(r.serve is not None and not r.serve.ok for r in results):
        targets.append(Target(serve_name, "failed", "FAIL"))  # a failed session fails it
    else:
        ratios = [r.serve_over_warm() for r in served]
        worst_serve = max((v for v in ratios if v is not None), default=None)
        targets.append(
            _target(
                serve_name,
                worst_serve,
                worst_serve is not None and worst_serve <= MAX_SERVE_OVER_WARM,
                lambda v: f"{v:.2f}x (worst of M, L)",
            )
        )
    page = large.site.largest_bytes if large and large.site else None
    targets.append(
        _target(
            "largest page of L < 100 KB",
            page,
            page is not None and page < MAX_PAGE_BYTES_L,
            lambda v: f"{v / 1024:.0f} KB",
        )
    )
    rss = large.peak_rss() if large else None
    targets.append(
        _target(
            "peak memory of L build < 1.5 GB",
            rss,
            rss is not None and rss < MAX_RSS_BYTES_L,
            lambda v: f"{v / 2**20:.0f} MB",
        )
    )
    return targets


def _target(name: str, value: float | None, met: bool, show: Callable[[float], str]) -> Target:
    if value is None:
        return Target(name, "not measured", "n/a")
    return Target(name, show(value), "pass" if met else "FAIL")


def _seconds(measurement: Measurement | None) -> str:
    if measurement is None:
        return "n/a"
    return f"{measurement.wall:.2f}" if measurement.ok else "FAIL"


def _maybe(value: float | None, fmt: str) -> str:
    return "n/a" if value is None else format(value, fmt)


def _serve_seconds(serve: ServeMeasurement | None) -> str:
    if serve is None:
        return "n/a"
    return f"{serve.visible:.2f}" if serve.ok and serve.visible is not None else "FAIL"


def _describe_serve(serve: ServeMeasurement) -> str:
    if not serve.ok:
        return f"FAILED ({serve.error}), see {serve.log}"
    return (
        f"server up in {serve.first_build:.2f} s; an edit shown {serve.visible:.2f} s after "
        f"it was saved (rebuild {serve.rebuild:.2f} s), peak {serve.max_rss / 2**20:.0f} MB"
    )


def _plugin_seconds(measurement: Measurement | None) -> float | None:
    return measurement.plugin_seconds if _ok(measurement) else None


def _charts(measurement: Measurement | None) -> str:
    if not _ok(measurement) or measurement.rendered is None:
        return "n/a"
    return str(measurement.rendered)


def results_table(results: Sequence[SizeResult]) -> str:
    """The measurements as a Markdown table, one row per size."""
    header = (
        "| size | pages | cold s | warm s | floor s | warm/floor | warm/floor CPU "
        "| matched floor s | warm/matched | ms/page warm | plugin s warm | charts | drawn cold "
        "| drawn warm | ms/chart | dirty s | dirty/warm | pages differing | serve: edit shown s "
        "| serve/warm | peak MB | largest page KB | check s |"
    )
    rows = [header, _separator(header)]
    for r in results:
        per_chart, source = r.ms_per_chart()
        chart_text = _maybe(per_chart, ".1f") + (" (est.)" if source == "estimate" else "")
        rss = r.peak_rss()
        charts = r.cold.charts if r.cold and r.cold.charts is not None else None
        rows.append(
            "| "
            + " | ".join(
                [
                    r.size,
                    str(r.pages) if r.pages is not None else "n/a",
                    _seconds(r.cold),
                    _seconds(r.warm),
                    _seconds(r.floor),
                    _maybe(r.warm_over_floor(), ".2f"),
                    _maybe(r.warm_over_floor_cpu(), ".2f"),
                    _seconds(r.matched_floor),
                    _maybe(r.warm_over_matched_floor(), ".2f"),
                    _maybe(r.ms_per_page(), ".1f"),
                    _maybe(_plugin_seconds(r.warm), ".2f"),
                    str(charts) if charts is not None else "n/a",
                    _charts(r.cold),
                    _charts(r.warm),
                    chart_text,
                    _seconds(r.dirty.dirty if r.dirty else None),
                    _maybe(r.dirty_over_warm(), ".2f"),
                    str(len(r.dirty.diff.differ)) if r.dirty else "n/a",
                    _serve_seconds(r.serve),
                    _maybe(r.serve_over_warm(), ".2f"),
                    _maybe(rss / 2**20 if rss is not None else None, ".0f"),
                    _maybe(r.site.largest_bytes / 1024 if r.site else None, ".0f"),
                    _seconds(r.check),
                ]
            )
            + " |"
        )
    return "\n".join(rows)


def series_table(results: Sequence[SizeResult]) -> str:
    """What the long KPI series adds to a warm build, per size it was measured on."""
    header = (
        "| size | points | warm without s | warm with s | added s | first build with it s "
        "| peak MB without | peak MB with |"
    )
    rows = [header, _separator(header)]
    for r in results:
        series = r.series
        if series is None:
            continue
        rows.append(
            "| "
            + " | ".join(
                [
                    r.size,
                    f"{series.points:,}",
                    _seconds(series.without),
                    _seconds(series.with_series),
                    _maybe(r.series_added(), "+.2f"),
                    _seconds(series.first),
                    f"{series.without.max_rss / 2**20:.0f}",
                    f"{series.with_series.max_rss / 2**20:.0f}",
                ]
            )
            + " |"
        )
    return "\n".join(rows) if len(rows) > 2 else ""


def _separator(header: str) -> str:
    return "|" + "---|" * (header.count("|") - 1)


#: Rows of the phase table: label and the inclusive timers (bench/phases.py) it adds up.
_PHASE_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("load config (imports plugins)", ("load config (imports plugins)",)),
    ("plugins on_config", ("plugins on_config",)),
    ("clean + collect files", ("clean site dir", "collect files")),
    ("plugins on_files (okrsite)", ("plugins on_files (okrsite)",)),
    ("navigation", ("navigation",)),
    ("markdown (read + convert)", ("markdown (read + convert)",)),
    ("copy static files", ("copy static files",)),
    ("templates", ("templates (+ search pages)",)),
    ("search (per page)", ("search pages",)),
    ("anchor validation", ("anchor validation",)),
    ("plugins on_post_build", ("plugins on_post_build",)),
)


def phase_rows(data: Mapping[str, Any]) -> dict[str, float | None]:
    """Exclusive seconds per phase of one :func:`measure_phases` result."""
    timers: Mapping[str, float] = data.get("seconds", {})
    if not timers:
        return {"process wall": data.get("wall")}
    rows: dict[str, float | None] = {"process wall": data.get("wall")}
    script = float(data.get("script", 0.0))
    rows["interpreter start + exit"] = max(0.0, float(data.get("wall", 0.0)) - script)
    accounted = 0.0
    for label, keys in _PHASE_ROWS:
        value = sum(timers.get(k, 0.0) for k in keys)
        if label == "templates":
            value -= timers.get("search pages", 0.0)  # reported on its own row
        rows[label] = value
        accounted += value
    rows["other"] = max(0.0, script - accounted)
    return rows


def phases_table(results: Sequence[SizeResult]) -> str:
    """Where the time of a warm build goes, okrsite next to the floor, per size."""
    columns = [
        (r.size, kind, r.phases[kind])
        for r in results
        for kind in ("okrsite", "floor")
        if kind in r.phases
    ]
    if not columns:
        return ""
    tables = [phase_rows(data) for _, _, data in columns]
    header = "| phase (s) | " + " | ".join(f"{size} {kind}" for size, kind, _ in columns) + " |"
    lines = [header, _separator(header)]
    for label in tables[0] if tables else ():
        cells = [_maybe(t.get(label), ".2f") for t in tables]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def pages_table(results: Sequence[SizeResult]) -> str:
    """Page sizes of the okrsite site and of its floor, per size."""
    header = (
        "| size | pages | avg page KB | avg content KB | largest page | floor pages "
        "| floor avg page KB | floor avg content KB | site MB |"
    )
    lines = [header, _separator(header)]
    for r in results:
        site, floor = r.site, r.floor_site
        lines.append(
            "| "
            + " | ".join(
                [
                    r.size,
                    str(site.pages) if site else "n/a",
                    f"{site.total_bytes / site.pages / 1024:.1f}" if site else "n/a",
                    f"{site.article_bytes / 1024:.1f}" if site else "n/a",
                    f"{site.largest_path} ({site.largest_bytes / 1024:.0f} KB)" if site else "n/a",
                    str(floor.pages) if floor else "n/a",
                    f"{floor.total_bytes / floor.pages / 1024:.1f}" if floor else "n/a",
                    f"{floor.article_bytes / 1024:.1f}" if floor else "n/a",
                    f"{site.total_bytes / 2**20:.1f}" if site else "n/a",
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def targets_table(targets: Sequence[Target]) -> str:
    """The targets as a Markdown table."""
    rows = ["| target | measured | result |", "|---|---|---|"]
    rows += [f"| {t.name} | {t.measured} | {t.status} |" for t in targets]
    return "\n".join(rows)


# --- Machine and main ---------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    """What the figures were measured on: CPUs, memory, Python and package versions."""
    info: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_count": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": _memory_gb(),
        "packages": {},
    }
    for name in ("mkdocs", "mkdocs-material", "matplotlib", "okrsite", "markdown", "pyyaml"):
        try:
            info["packages"][name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            info["packages"][name] = None
    info["git"] = _git_revision()
    return info


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _git_revision() -> str | None:
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=BENCH_DIR.parent,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return done.stdout.strip() or None


def machine_line(info: Mapping[str, Any]) -> str:
    """One line naming the machine and versions, to print above the tables."""
    packages = info.get("packages", {})
    return (
        f"{info.get('cpu') or 'unknown CPU'}, {info.get('nproc')} CPUs, "
        f"{info.get('memory_gb')} GB; Python {info.get('python')}, "
        f"mkdocs {packages.get('mkdocs')}, mkdocs-material {packages.get('mkdocs-material')}, "
        f"matplotlib {packages.get('matplotlib')}; {info.get('date')}"
    )


def all_tables(results: Sequence[SizeResult], targets: Sequence[Target]) -> str:
    """Every table of a run, as the benchmark prints them after measuring."""
    tables = [
        results_table(results),
        series_table(results),
        pages_table(results),
        phases_table(results),
    ]
    tables.append(targets_table(targets))
    return "\n\n".join(t for t in tables if t)


def report(path: Path) -> int:
    """Print the machine line and the tables of a saved run; 1 if there is none to read."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        results = [SizeResult.from_json(size) for size in payload["sizes"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"bench: cannot read a saved run from {path}: {error}", file=sys.stderr)
        return 1
    print(f"Machine: {machine_line(payload.get('machine', {}))}")
    print(f"Revision: {payload.get('machine', {}).get('git')}")
    print()
    print(all_tables(results, evaluate_targets(results)))
    return 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line of ``python -m bench``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Time okrsite builds of synthetic portals against a plain mkdocs-material "
        "floor.",
    )
    parser.add_argument(
        "--sizes", default="S,M,L", help="comma-separated sizes among XS,S,M,L (default S,M,L)"
    )
    parser.add_argument("--quick", action="store_true", help="size S only")
    parser.add_argument("--repeat", type=int, default=1, help="runs per build; fastest counts")
    parser.add_argument("--seed", type=int, default=2026, help="generator seed")
    parser.add_argument(
        "--phases",
        action="store_true",
        help="one more warm build of each site with a timer per phase (where the time goes)",
    )
    parser.add_argument(
        "--series-sizes",
        default="S",
        help="sizes on which to measure what a long KPI series adds (default S; '' for none)",
    )
    parser.add_argument(
        "--series-points",
        type=int,
        default=LONG_POINTS,
        help=f"points of that series (default {LONG_POINTS:,})",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="work folder")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="JSON output")
    parser.add_argument(
        "--report",
        action="store_true",
        help="measure nothing: print the tables of the run saved in --results",
    )
    args = parser.parse_args(argv)
    sizes = ["S"] if args.quick else [s.strip().upper() for s in args.sizes.split(",") if s]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; choose among {', '.join(SIZES)}")
    args.sizes = sizes
    args.series_sizes = {s.strip().upper() for s in args.series_sizes.split(",") if s.strip()}
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when a build failed, else 0 (targets are reported)."""
    args = parse_args(argv)
    if args.report:
        return report(args.results)
    info = machine_info()
    print(f"Machine: {machine_line(info)}", flush=True)
    results: list[SizeResult] = []
    for name in args.sizes:
        results.append(
            measure_size(
                SIZES[name],
                args.out / name,
                seed=args.seed,
                repeat=args.repeat,
                phases=args.phases,
                series_points=args.series_points if name in args.series_sizes else 0,
                say=lambda text: print(text, flush=True),
            )
        )
    targets = evaluate_targets(results)
    payload = {
        "machine": info,
        "sizes": [r.to_json() for r in results],
        "targets": [asdict(t) for t in targets],
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print()
    print(all_tables(results, targets))
    print(f"\nResults written to {args.results}")
    failed = any(not _ok(m) for r in results for m in (r.cold, r.warm, r.floor))
    failed = failed or any(r.serve is None or not r.serve.ok for r in results)
    return 1 if failed else 0
