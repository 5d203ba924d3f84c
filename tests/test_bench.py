"""The benchmark's generator writes valid portals; its harness measures and reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.generate import (
    META_FILE,
    SIZES,
    edit_objective,
    generate_floor,
    generate_portal,
)
from bench.run import (
    Measurement,
    SiteStats,
    SizeResult,
    all_tables,
    evaluate_targets,
    pages_table,
    parse_args,
    phase_rows,
    phases_table,
    read_chart_stats,
    results_table,
    run_measured,
    series_table,
    site_stats,
    targets_table,
)
from bench.run import _build as bench_build
from bench.run import main as bench_main
from bench.series import LONG_KPI
from bench.serve import EDIT_MARK, ServeMeasurement, measure_serve, page_url
from bench.steps import (
    DirtyResult,
    SeriesResult,
    SiteDiff,
    build_shared_floor,
    compare_sites,
    measure_dirty,
    measure_series,
)
from okrsite.cli import main as okrsite_main


def _check(root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """``okrsite check`` in the portal's folder; fails the test on any error."""
    monkeypatch.chdir(root)
    result = CliRunner().invoke(okrsite_main, ["check"])
    assert result.exit_code == 0, result.output
    assert "Found 0 errors" in result.output
    return result.output


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_sizes_are_those_of_the_issue() -> None:
    assert [(s.teams, s.objectives, s.kpis) for s in (SIZES["S"], SIZES["M"], SIZES["L"])] == [
        (20, 200, 40),
        (100, 1_000, 200),
        (500, 10_000, 2_000),
    ]
    assert SIZES["L"].points == 52


def test_xs_portal_passes_okrsite_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    portal = generate_portal("XS", tmp_path / "okr")
    spec = SIZES["XS"]
    assert (portal.teams, portal.objectives, portal.kpis) == (
        spec.teams,
        spec.objectives,
        spec.kpis,
    )
    docs = tmp_path / "okr" / "goals"
    assert len(list((docs / "objectives").rglob("*.md"))) == spec.objectives
    assert len(list((docs / "kpis").glob("*.csv"))) == spec.kpis
    config = (tmp_path / "okr" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "as_of: 2026-11-15" in config
    assert "cache_dir: .cache/okrsite" in config
    _check(tmp_path / "okr", monkeypatch)


def test_xs_portal_has_the_variety_the_benchmark_needs(tmp_path: Path) -> None:
    generate_portal("XS", tmp_path)
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "goals").rglob("*.md")]
    text = "\n".join(pages)
    for needle in ("parent: ", "done: ", "    objective: ", "kpi: ", "confidence: ", "note: "):
        assert needle in text, needle
    periods = {p.parent.parent.name for p in (tmp_path / "goals" / "objectives").rglob("*.md")}
    assert {"2026-Q3", "2026-Q4", "2027-Q1"} <= periods


def test_generation_is_deterministic(tmp_path: Path) -> None:
    generate_portal("XS", tmp_path / "a", seed=7)
    generate_portal("XS", tmp_path / "b", seed=7)
    generate_portal("XS", tmp_path / "c", seed=8)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")


def test_edit_adds_a_check_in_and_keeps_the_portal_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_portal("XS", tmp_path)
    meta = json.loads((tmp_path / META_FILE).read_text(encoding="utf-8"))
    before = (tmp_path / meta["edit_target"]).read_text(encoding="utf-8")
    edited = edit_objective(tmp_path)
    after = edited.read_text(encoding="utf-8")
    assert after.startswith(before.split("\n---\n", 1)[0])
    assert "note: Edited by the benchmark." in after
    assert after.endswith(before.split("\n---\n", 1)[1])
    _check(tmp_path, monkeypatch)


def test_floor_is_a_plain_site_with_a_one_entry_menu(tmp_path: Path) -> None:
    assert generate_floor(tmp_path, 12) == 12
    assert len(list((tmp_path / "docs").rglob("*.md"))) == 12
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.endswith("nav:\n  - Home: index.md\n")
    assert "okrsite" not in config
    # --strict: every link between the floor's pages resolves.
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    stats = site_stats(tmp_path / "site")
    assert stats is not None
    assert stats.pages == 12
    assert 0 < stats.article_bytes < stats.largest_bytes <= stats.total_bytes


def test_floor_pages_grow_to_the_content_size_asked_for(tmp_path: Path) -> None:
    generate_floor(tmp_path / "small", 5)
    generate_floor(tmp_path / "big", 5, article_bytes=20_000)
    small = (tmp_path / "small" / "docs" / "p" / "1.md").stat().st_size
    big = (tmp_path / "big" / "docs" / "p" / "1.md").stat().st_size
    assert 6 * small < big < 14 * small


def test_run_measured_times_and_parses_the_build_log(tmp_path: Path) -> None:
    script = (
        "print('INFO    -  okrsite: 7 pages, 5 charts (3 drawn, 2 from the cache) in 0.42 s');"
        "print('INFO    -  Documentation built in 1.25 seconds')"
    )
    measurement = run_measured(
        [sys.executable, "-c", script], cwd=tmp_path, log=tmp_path / "logs" / "x.log"
    )
    assert measurement.ok
    assert measurement.wall > 0
    assert measurement.cpu is not None and measurement.cpu > 0
    assert measurement.max_rss > 1024 * 1024
    assert (measurement.charts, measurement.rendered, measurement.reused) == (5, 3, 2)
    assert (measurement.plugin_seconds, measurement.built_seconds) == (0.42, 1.25)


def test_run_measured_keeps_the_tail_of_a_failure(tmp_path: Path) -> None:
    script = "import sys; print('boom'); sys.exit(3)"
    measurement = run_measured([sys.executable, "-c", script], cwd=tmp_path, log=tmp_path / "f")
    assert not measurement.ok
    assert measurement.returncode == 3
    assert measurement.tail == ["boom"]


def test_chart_stats_prefer_stats_json_over_the_manifest(tmp_path: Path) -> None:
    cache = tmp_path / ".cache" / "okrsite"
    cache.mkdir(parents=True)
    (cache / "manifest.json").write_text(json.dumps({"charts": {"a": "1", "b": "2"}}))
    measurement = Measurement(wall=1.0, max_rss=1, returncode=0, log="x")
    read_chart_stats(tmp_path, measurement)
    assert measurement.charts == 2
    assert measurement.chart_seconds is None
    (cache / "stats.json").write_text(
        json.dumps({"charts": 3, "rendered": 3, "reused": 0, "chart_seconds": 0.03})
    )
    measurement = Measurement(wall=1.0, max_rss=1, returncode=0, log="x")
    read_chart_stats(tmp_path, measurement)
    assert (measurement.charts, measurement.rendered, measurement.chart_seconds) == (3, 3, 0.03)
    assert measurement.chart_seconds_source == "stats.json"


def _fake(
    size: str,
    *,
    warm: float,
    floor: float,
    pages: int,
    drawn: int = 0,
    shown: float = 0.2,
    dirty: float = 0.2,
    differ: tuple[str, ...] = (),
) -> SizeResult:
    def build(wall: float, rendered: int | None, chart_seconds: float | None = None) -> Measurement:
        return Measurement(
            wall=wall,
            cpu=wall * 0.9,
            max_rss=300 * 2**20,
            returncode=0,
            log="log",
            plugin_seconds=0.5,
            charts=100,
            rendered=rendered,
            reused=None if rendered is None else 100 - rendered,
            chart_seconds=chart_seconds,
            chart_seconds_source=None if chart_seconds is None else "stats.json",
        )

    return SizeResult(
        size=size,
        spec={},
        generated={},
        site=SiteStats(
            pages=pages,
            largest_path="index.html",
            largest_bytes=50 * 1024,
            total_bytes=pages * 20 * 1024,
            article_bytes=5 * 1024,
        ),
        phases={
            "okrsite": {
                "wall": 3.0,
                "script": 2.5,
                "seconds": {
                    "markdown (read + convert)": 1.0,
                    "templates (+ search pages)": 0.8,
                    "search pages": 0.3,
                },
            }
        },
        check=build(1.5, None),
        cold=build(warm * 2, 100, 1.0),
        warm=build(warm, drawn),
        serve=ServeMeasurement(
            first_build=warm, rebuild=warm * shown - 0.5, visible=warm * shown, shows_edit=True
        ),
        floor=build(floor, None),
        matched_floor=build(floor * 4, None),
        dirty=DirtyResult(
            dirty=build(warm * dirty, 0),
            clean=build(warm, 0),
            diff=SiteDiff(pages=pages, differ=list(differ)),
        ),
        series=None
        if size != "S"
        else SeriesResult(
            points=100_000,
            without=build(warm, 0),
            first=build(warm + 2.0, 1),
            with_series=build(warm + 1.0, 0),
        ),
    )


def test_table_and_targets_from_fake_measurements() -> None:
    results = [
        _fake("S", warm=4.0, floor=3.5, pages=400),
        _fake("M", warm=11.0, floor=10.0, pages=2_000),
        _fake("L", warm=150.0, floor=100.0, pages=20_000, drawn=2, shown=1.1, dirty=0.3),
    ]
    table = results_table(results)
    lines = table.splitlines()
    assert len(lines) == 5
    assert lines[0].count("|") == lines[1].count("|") == lines[2].count("|")
    assert lines[3].startswith(
        "| M | 2000 | 22.00 | 11.00 | 10.00 | 1.10 | 1.10 | 40.00 | 0.28 | 5.5 |"
    )
    assert "| 2.20 | 0.20 | 0 | 2.20 | 0.20 |" in lines[3]  # dirty, its ratio, differing; serve
    statuses = {t.name: t.status for t in evaluate_targets(results)}
    assert statuses == {
        "warm M <= 2.0x floor": "pass",
        "warm L <= 2.0x floor": "pass",  # 1.5x
        "per-page time flat (S -> L) <= 1.25x": "pass",  # 7.5 ms vs 10 ms
        "cold charts <= 20 ms per chart": "pass",  # 1 s / 100 charts
        "warm build draws 0 charts": "FAIL",  # L drew 2
        "okrsite check L < 5 s": "pass",
        "dirty build after a check-in on M <= 0.25x warm": "pass",
        "dirty build after a check-in on L <= 0.25x warm": "FAIL",  # 0.3x
        "dirty build: pages differing from a clean build = 0": "pass",
        "KPI of 100,000 points adds <= 2 s to a warm build": "pass",  # +1 s
        "largest page of L < 100 KB": "pass",
        "peak memory of L build < 1.5 GB": "pass",
        "serve: edit shown <= 0.25x warm build (M, L)": "FAIL",  # L: 1.1x
    }
    assert "| warm L <= 2.0x floor | 1.50x | pass |" in targets_table(evaluate_targets(results))
    assert "| S | 100,000 | 4.00 | 5.00 | +1.00 | 6.00 | 300 | 300 |" in series_table(results)
    json.dumps([r.to_json() for r in results])
    assert "| M | 2000 | 20.0 | 5.0 | index.html (50 KB) |" in pages_table(results)


def test_a_saved_run_reads_back_to_the_same_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = [
        _fake("S", warm=4.0, floor=3.5, pages=400),
        _fake("L", warm=150.0, floor=100.0, pages=20_000, drawn=2, shown=1.1),
    ]
    saved = tmp_path / "results.json"
    payload = {"machine": {"cpu": "Test CPU", "git": "abc1234"}}
    payload["sizes"] = [r.to_json() for r in results]
    saved.write_text(json.dumps(payload), encoding="utf-8")
    back = [SizeResult.from_json(size) for size in json.loads(saved.read_text())["sizes"]]
    assert back == results
    assert bench_main(["--report", "--results", str(saved)]) == 0
    printed = capsys.readouterr().out
    assert "Test CPU" in printed and "abc1234" in printed
    assert all_tables(results, evaluate_targets(results)) in printed
    assert "| warm L <= 2.0x floor | 1.50x | pass |" in printed


def test_report_without_a_saved_run_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench_main(["--report", "--results", str(tmp_path / "none.json")]) == 1
    assert "cannot read a saved run" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"sizes": [{"size": "S", "cold": {"wall": 1}}]}', encoding="utf-8")
    assert bench_main(["--report", "--results", str(broken)]) == 1


def test_phase_rows_are_exclusive_and_add_up() -> None:
    rows = phase_rows(
        {
            "wall": 3.0,
            "script": 2.5,
            "seconds": {
                "markdown (read + convert)": 1.0,
                "templates (+ search pages)": 0.8,
                "search pages": 0.3,
            },
        }
    )
    assert rows["interpreter start + exit"] == pytest.approx(0.5)
    assert rows["templates"] == pytest.approx(0.5)
    assert rows["search (per page)"] == pytest.approx(0.3)
    assert rows["other"] == pytest.approx(0.7)
    assert sum(v or 0.0 for k, v in rows.items() if k != "process wall") == pytest.approx(3.0)
    table = phases_table([_fake("S", warm=4.0, floor=3.5, pages=400)])
    assert table.splitlines()[0] == "| phase (s) | S okrsite |"
    assert "| markdown (read + convert) | 1.00 |" in table


def test_targets_of_unmeasured_sizes_are_not_applicable() -> None:
    targets = evaluate_targets([_fake("S", warm=4.0, floor=3.5, pages=400)])
    by_name = {t.name: t for t in targets}
    assert by_name["warm L <= 2.0x floor"].status == "n/a"
    assert by_name["dirty build after a check-in on M <= 0.25x warm"].status == "n/a"
    assert by_name["okrsite check L < 5 s"].measured == "not measured"
    assert by_name["cold charts <= 20 ms per chart"].status == "pass"


def test_failed_build_shows_in_the_table() -> None:
    result = _fake("S", warm=4.0, floor=3.5, pages=400)
    assert result.warm is not None
    result.warm.returncode = 1
    row = results_table([result]).splitlines()[2]
    assert row.split(" | ")[3] == "FAIL"
    assert result.warm_over_floor() is None


def test_command_line_sizes() -> None:
    assert parse_args(["--quick"]).sizes == ["S"]
    assert parse_args(["--sizes", "s,m"]).sizes == ["S", "M"]
    assert parse_args([]).sizes == ["S", "M", "L"]
    with pytest.raises(SystemExit):
        parse_args(["--sizes", "XL"])


def test_a_failed_serve_measurement_fails_its_target() -> None:
    results = [_fake("S", warm=4.0, floor=3.5, pages=400)]
    assert results[0].serve is not None
    results[0].serve.error = "the edit was not rebuilt"
    by_name = {t.name: t for t in evaluate_targets(results)}
    assert by_name["serve: edit shown <= 0.25x warm build (M, L)"].status == "FAIL"
    assert "| FAIL | n/a | 300 |" in results_table(results)


def test_page_url_follows_the_docs_folder(tmp_path: Path) -> None:
    edited = tmp_path / "goals/objectives/2026-Q4/sales/win.md"
    assert page_url(edited, tmp_path / "goals") == "objectives/2026-Q4/sales/win/"


def test_serve_shows_the_edit_and_times_it(tmp_path: Path) -> None:
    """A real ``mkdocs serve`` of the XS portal: the edited page is served with the edit."""
    generate_portal("XS", tmp_path)
    measured = measure_serve(tmp_path, tmp_path / "logs" / "serve.log", edit=edit_objective)
    assert measured.error is None, Path(measured.log).read_text(encoding="utf-8")[-3000:]
    assert measured.ok and measured.shows_edit
    assert measured.first_build is not None and measured.first_build > 0
    assert measured.rebuild is not None and measured.visible is not None
    assert 0 < measured.rebuild <= measured.visible
    assert measured.max_rss > 10 * 2**20
    assert EDIT_MARK in (
        tmp_path / json.loads((tmp_path / META_FILE).read_text())["edit_target"]
    ).read_text(encoding="utf-8")


def test_the_shared_floor_is_the_team_file_and_has_the_page_count_asked_for(
    tmp_path: Path,
) -> None:
    shared = Path(__file__).resolve().parents[1] / "bench" / "floor_site.py"
    team = Path(__file__).resolve().parents[2] / "shared" / "bench" / "floor_site.py"
    if team.is_file():  # in the team's checkout: the copy is the team's file, unchanged
        assert shared.read_bytes() == team.read_bytes()
    build_shared_floor(tmp_path, 12)
    measured = bench_build(tmp_path, tmp_path / "logs" / "floor.log")
    assert measured.ok, measured.tail
    stats = site_stats(tmp_path / "site")
    assert stats is not None and stats.pages == 12


def test_compare_sites_names_what_differs(tmp_path: Path) -> None:
    for side, text in (("a", "one"), ("b", "two")):
        (tmp_path / side / "search").mkdir(parents=True)
        (tmp_path / side / "index.html").write_text("same", encoding="utf-8")
        (tmp_path / side / "page.html").write_text(text, encoding="utf-8")
        (tmp_path / side / "search" / "search_index.json").write_text(text, encoding="utf-8")
    (tmp_path / "a" / "stale.html").write_text("left over", encoding="utf-8")
    diff = compare_sites(tmp_path / "a", tmp_path / "b")
    assert diff.pages == 2
    assert diff.differ == ["page.html", "stale.html"]
    assert diff.volatile_differ == ["search/search_index.json"]


def test_dirty_build_after_a_check_in_equals_a_clean_build(tmp_path: Path) -> None:
    """The XS portal, built, then one check-in and ``mkdocs build --dirty``."""
    generate_portal("XS", tmp_path)
    target = tmp_path / json.loads((tmp_path / META_FILE).read_text())["edit_target"]
    before = target.read_bytes()
    warm = bench_build(tmp_path, tmp_path / "logs" / "warm.log")
    assert warm.ok, warm.tail
    result = measure_dirty(tmp_path, tmp_path / "logs", bench_build)
    assert result.dirty.ok and result.clean.ok, result.dirty.tail + result.clean.tail
    assert result.diff.pages > 30
    assert result.diff.differ == []
    assert result.diff.volatile_differ == []  # sitemap and search index are equal too
    assert target.read_bytes() == before  # the portal is put back


def test_long_series_measured_side_by_side(tmp_path: Path) -> None:
    generate_portal("XS", tmp_path)
    result = measure_series(tmp_path, tmp_path / "logs", bench_build, points=3_000)
    assert result.without.ok and result.first.ok and result.with_series.ok
    assert "Data (latest 100 of 3,000 rows)" in (
        tmp_path / "site" / "kpis" / LONG_KPI / "index.html"
    ).read_text(encoding="utf-8")
    assert not (tmp_path / "goals" / "kpis" / f"{LONG_KPI}.csv").exists()  # removed after
