"""The benchmark's newer steps: the shared floor, the dirty rebuild and the long KPI series.

- :func:`build_shared_floor`: the team's reference floor (``bench/floor_site.py``, a
  copy of ``../shared/bench/floor_site.py``): as many short pages as the okrsite
  site has, search on, a one-entry menu. The warm build is compared with it.
- :func:`measure_dirty`: after a warm build, one objective gains a check-in and
  ``mkdocs build --dirty`` rebuilds the site; a clean build of the same files into
  another folder follows, and every file of the two sites is compared.
- :func:`measure_series`: what a KPI of 100,000 points adds to a warm build,
  measured as two warm builds side by side, without and with it.
"""

from __future__ import annotations

import json
import runpy
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.run import Measurement

from bench.generate import META_FILE, edit_objective
from bench.series import LONG_POINTS, add_long_kpi

BENCH_DIR = Path(__file__).resolve().parent
#: Files a dirty build may leave different from a clean one (MkDocs' own caveat);
#: okrsite keeps them equal too, which the comparison reports separately.
VOLATILE = ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json")

Build = Callable[..., "Measurement"]


def build_shared_floor(out: Path, pages: int) -> int:
    """Write the shared floor with ``pages`` HTML pages (404 aside) into ``out``.

    Returns:
        The page count written (the home page and ``pages - 1`` short pages).
    """
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    floor = runpy.run_path(str(BENCH_DIR / "floor_site.py"))
    floor["main"](str(out), max(1, pages - 1))
    return pages


@dataclass(slots=True, kw_only=True)
class SiteDiff:
    """How a dirty site differs from a clean build of the same files.

    Attributes:
        pages: HTML pages compared.
        differ: Files that differ or exist on one side only, volatile ones aside.
        volatile_differ: Of :data:`VOLATILE`, those that differ.
    """

    pages: int
    differ: list[str] = field(default_factory=list)
    volatile_differ: list[str] = field(default_factory=list)


def compare_sites(dirty: Path, clean: Path) -> SiteDiff:
    """Compare two site folders byte for byte."""

    def listing(site: Path) -> dict[str, Path]:
        return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}

    left, right = listing(dirty), listing(clean)
    result = SiteDiff(pages=sum(1 for name in right if name.endswith(".html")))
    for name in sorted(set(left) | set(right)):
        same = (
            name in left and name in right and left[name].read_bytes() == right[name].read_bytes()
        )
        if same:
            continue
        (result.volatile_differ if name in VOLATILE else result.differ).append(name)
    return result


@dataclass(slots=True, kw_only=True)
class DirtyResult:
    """The dirty rebuild after one check-in, and how its site compares with a clean build."""

    dirty: Measurement
    clean: Measurement
    diff: SiteDiff


def measure_dirty(root: Path, logs: Path, build: Build) -> DirtyResult:
    """One check-in, ``mkdocs build --dirty``, then a clean build into ``site-clean``.

    The portal's files are put back as they were afterwards.

    Args:
        root: The generated portal, built once already (warm).
        logs: Folder for the logs.
        build: ``build(root, log, *extra_args)`` -> a measurement (``run.py``'s).
    """
    meta = json.loads((root / META_FILE).read_text(encoding="utf-8"))
    target = root / meta["edit_target"]
    original = target.read_bytes()
    edit_objective(root)
    try:
        dirty = build(root, logs / "dirty.log", "--dirty")
        clean_dir = root / "site-clean"
        shutil.rmtree(clean_dir, ignore_errors=True)
        clean = build(root, logs / "dirty-clean.log", "--site-dir", str(clean_dir))
        diff = compare_sites(root / "site", clean_dir)
        shutil.rmtree(clean_dir, ignore_errors=True)
    finally:
        target.write_bytes(original)
    return DirtyResult(dirty=dirty, clean=clean, diff=diff)


@dataclass(slots=True, kw_only=True)
class SeriesResult:
    """What a KPI of ``points`` points adds to a warm build of the same portal."""

    points: int
    without: Measurement
    first: Measurement
    with_series: Measurement


def measure_series(root: Path, logs: Path, build: Build, points: int = LONG_POINTS) -> SeriesResult:
    """Warm build without the long KPI, then with it (after one build that draws its chart).

    The KPI's files are removed afterwards.
    """
    without = build(root, logs / "series-without.log")
    added = add_long_kpi(root, points)
    try:
        first = build(root, logs / "series-first.log")
        with_series = build(root, logs / "series-with.log")
    finally:
        for path in added:
            path.unlink(missing_ok=True)
    return SeriesResult(points=points, without=without, first=first, with_series=with_series)
