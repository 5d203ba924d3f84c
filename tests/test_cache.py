"""The chart cache: content-hash file names, the manifest, pruning, parallel drawing."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import pytest
from helpers import python_lines

from okrsite.charts import Chart, KpiChart, Sparkline, chart_key, render_svg
from okrsite.charts import cache as cache_module
from okrsite.charts.cache import MANIFEST, CacheStats, ChartCache, start_workers
from okrsite.engine.seal import ENV_KEY, mac


def kpi(i: int, value: float = 100.0) -> KpiChart:
    return KpiChart(
        title=f"KPI {i}",
        unit="",
        points=(("2026-01-01", value), ("2026-02-01", value + i)),
        targets=(("2026-01-01", 150.0),),
        warning=None,
        direction="higher",
        status="red",
    )


def spark(i: int) -> Sparkline:
    return Sparkline(
        points=(("2026-01-01", 1.0), ("2026-02-01", float(i))), target=2.0, status="red"
    )


def portal(n: int = 4) -> dict[str, Chart]:
    charts: dict[str, Chart] = {f"kpis/k{i}": kpi(i) for i in range(n)}
    charts.update({f"spark/k{i}": spark(i) for i in range(n)})
    return charts


def svg_files(directory: Path) -> set[str]:
    return {path.name for path in directory.glob("*.svg")}


def test_cold_build_renders_everything_and_writes_files(tmp_path: Path) -> None:
    charts = portal()
    cache = ChartCache(tmp_path)
    svgs = cache.render_all(charts, workers=1)
    assert cache.stats.rendered == 8 and cache.stats.reused == 0
    assert cache.stats.workers == 0 and cache.stats.seconds > 0
    assert svg_files(tmp_path) == {f"{chart_key(c)}.svg" for c in charts.values()}
    assert all(svgs[name] == render_svg(chart) for name, chart in charts.items())


def test_second_build_renders_nothing_and_returns_the_same_bytes(tmp_path: Path) -> None:
    first = ChartCache(tmp_path).render_all(portal())
    again = ChartCache(tmp_path)
    second = again.render_all(portal())
    assert again.stats == CacheStats(rendered=0, reused=8, seconds=again.stats.seconds, workers=0)
    assert second == first


def test_only_changed_charts_are_redrawn(tmp_path: Path) -> None:
    ChartCache(tmp_path).render_all(portal())
    changed = portal()
    changed["kpis/k1"] = kpi(1, value=101.0)
    cache = ChartCache(tmp_path)
    cache.render_all(changed)
    assert (cache.stats.rendered, cache.stats.reused) == (1, 7)


def test_stats_file_tells_what_each_build_drew(tmp_path: Path) -> None:
    ChartCache(tmp_path).render_all(portal(), workers=1)
    cold = json.loads((tmp_path / cache_module.STATS).read_text(encoding="utf-8"))
    assert (cold["charts"], cold["rendered"], cold["reused"], cold["workers"]) == (8, 8, 0, 0)
    assert cold["chart_seconds"] > 0
    ChartCache(tmp_path).render_all(portal())
    warm = json.loads((tmp_path / cache_module.STATS).read_text(encoding="utf-8"))
    assert (warm["charts"], warm["rendered"], warm["reused"]) == (8, 0, 8)


def test_results_come_in_name_order(tmp_path: Path) -> None:
    charts = {"b": spark(1), "a": spark(2), "c/a": spark(3)}
    assert list(ChartCache(tmp_path).render_all(charts)) == ["a", "b", "c/a"]


def test_equal_charts_are_drawn_once(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path)
    svgs = cache.render_all({"one": spark(1), "same": spark(1)})
    assert cache.stats.rendered == 1
    assert svgs["one"] == svgs["same"]


def test_manifest_names_every_chart_and_is_deterministic(tmp_path: Path) -> None:
    charts = portal()
    ChartCache(tmp_path).render_all(charts)
    data = (tmp_path / MANIFEST).read_bytes()
    manifest = json.loads(data)
    assert manifest["version"] == cache_module.MANIFEST_VERSION
    assert manifest["charts"] == {name: chart_key(chart) for name, chart in charts.items()}
    assert list(manifest["charts"]) == sorted(charts)

    other = tmp_path / "other"
    ChartCache(other).render_all(dict(reversed(list(charts.items()))))
    assert (other / MANIFEST).read_bytes() == data


def test_svgs_no_chart_uses_are_pruned(tmp_path: Path) -> None:
    ChartCache(tmp_path).render_all(portal(4))
    (tmp_path / "notes.txt").write_text("mine")
    crashed = tmp_path / ".tmp-crashed.part"
    crashed.write_bytes(b"<?xml half")
    os.utime(crashed, (time.time() - 3600, time.time() - 3600))
    running = tmp_path / ".tmp-another-build.part"  # young: may be in use
    running.write_bytes(b"<?xml half")
    smaller = portal(2)
    ChartCache(tmp_path).render_all(smaller)
    assert svg_files(tmp_path) == {f"{chart_key(c)}.svg" for c in smaller.values()}
    assert (tmp_path / "notes.txt").read_text() == "mine"  # not ours: left alone
    assert not crashed.exists()
    assert running.exists()


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"[]", b'{"charts": 3}', b"\xff\xfe"])
def test_corrupt_manifest_is_replaced(tmp_path: Path, garbage: bytes) -> None:
    first = ChartCache(tmp_path).render_all(portal())
    (tmp_path / MANIFEST).write_bytes(garbage)
    cache = ChartCache(tmp_path)
    assert cache.render_all(portal()) == first
    # The seals were in the manifest: without them no SVG is trusted, all are drawn again.
    assert cache.stats.rendered == 8
    assert json.loads((tmp_path / MANIFEST).read_bytes())["charts"]
    again = ChartCache(tmp_path)
    assert again.render_all(portal()) == first and again.stats.reused == 8


@pytest.mark.parametrize("damage", ["truncate", "empty", "text", "directory"])
def test_damaged_svg_is_redrawn(tmp_path: Path, damage: str) -> None:
    charts = {"a": kpi(1), "b": kpi(2)}
    first = ChartCache(tmp_path).render_all(charts)
    path = tmp_path / f"{chart_key(charts['a'])}.svg"
    if damage == "truncate":
        path.write_bytes(first["a"][: len(first["a"]) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "text":
        path.write_text("hello")
    else:
        path.unlink()
        path.mkdir()
    cache = ChartCache(tmp_path)
    assert cache.render_all(charts) == first
    assert (cache.stats.rendered, cache.stats.reused) == (1, 1)


@pytest.mark.parametrize("forgery", ["unsealed", "seal of another chart", "other key"])
def test_svg_not_drawn_on_this_machine_is_never_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forgery: str
) -> None:
    # A pull request can commit files into the cache folder: an SVG with a script,
    # under the name the next build looks for, with or without a seal it made up.
    charts = {"a": kpi(1), "b": kpi(2)}
    first = ChartCache(tmp_path).render_all(charts)
    name_a, name_b = chart_key(charts["a"]), chart_key(charts["b"])
    evil = first["a"].replace(b"</svg>", b"<script>alert(1)</script></svg>")
    (tmp_path / f"{name_a}.svg").write_bytes(evil)
    manifest = json.loads((tmp_path / MANIFEST).read_bytes())
    if forgery == "seal of another chart":  # b's genuine SVG and seal, under a's name
        (tmp_path / f"{name_a}.svg").write_bytes(first["b"])
        manifest["seals"][name_a] = manifest["seals"][name_b]
    elif forgery == "other key":  # sealed, but with a key the attacker chose
        manifest["seals"][name_a] = mac(b"attacker" * 4, name_a.encode() + b"\0" + evil)
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    cache = ChartCache(tmp_path)
    assert cache.render_all(charts) == first
    assert (cache.stats.rendered, cache.stats.reused) == (1, 1)
    assert (tmp_path / f"{name_a}.svg").read_bytes() == first["a"]


def test_without_a_key_nothing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No environment key and a key file that cannot be made (its folder is a file).
    (tmp_path / "home").write_text("")
    monkeypatch.delenv(ENV_KEY, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    first = ChartCache(tmp_path / "cache").render_all(portal(1))
    again = ChartCache(tmp_path / "cache")
    assert again.render_all(portal(1)) == first and again.stats.rendered == 2
    assert not (tmp_path / "cache").exists()


def test_missing_svg_is_redrawn(tmp_path: Path) -> None:
    charts = {"a": kpi(1)}
    first = ChartCache(tmp_path).render_all(charts)
    (tmp_path / f"{chart_key(charts['a'])}.svg").unlink()
    cache = ChartCache(tmp_path)
    assert cache.render_all(charts) == first
    assert cache.stats.rendered == 1


def test_without_a_directory_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cache = ChartCache(None)
    svgs = cache.render_all(portal(2))
    assert len(svgs) == 4 and cache.stats.rendered == 4
    assert cache.render_all(portal(2)) == svgs
    assert cache.stats.rendered == 4  # nothing kept between calls
    assert list(tmp_path.iterdir()) == []


def test_unwritable_directory_still_renders(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    cache = ChartCache(blocker / "cache")
    with caplog.at_level(logging.WARNING, logger="okrsite.charts.cache"):
        svgs = cache.render_all({"a": spark(1), "b": spark(2), "c": spark(3)})
    assert svgs["a"] == render_svg(spark(1))
    assert cache.stats.rendered == 3
    assert len(caplog.records) == 1  # one warning, not one per chart
    assert "cannot write" in caplog.text


def test_empty_input(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path)
    assert cache.render_all({}) == {}
    assert json.loads((tmp_path / MANIFEST).read_text())["charts"] == {}


def test_parallel_rendering_gives_the_same_bytes(tmp_path: Path) -> None:
    charts = portal(cache_module.PARALLEL_THRESHOLD)  # twice the threshold
    expected = ChartCache(None).render_all(charts, workers=1)
    start_workers()
    parallel = ChartCache(tmp_path)
    assert parallel.render_all(charts, workers=2) == expected
    assert parallel.stats.workers == 2
    assert parallel.stats.rendered == len(charts)


_FEW_CHARTS = """
import json, sys
from okrsite.charts.cache import ChartCache, start_workers
from okrsite.charts import KpiChart
if sys.argv[1] == "server":
    start_workers()
chart = KpiChart(title="KPI", unit="", points=(("2026-01-01", 1.0), ("2026-02-01", 2.0)),
                 targets=(), warning=None, direction="higher", status="green")
cache = ChartCache(None)
svg = cache.render_all({"one": chart})["one"]
print(json.dumps({"workers": cache.stats.workers, "matplotlib": "matplotlib" in sys.modules,
                  "svg": svg.decode()}))
"""


def _draw_one(mode: str) -> dict[str, object]:
    result: dict[str, object] = json.loads(python_lines(_FEW_CHARTS, mode, timeout=120)[-1])
    return result


def test_one_chart_goes_to_the_running_fork_server_and_matplotlib_stays_out() -> None:
    # A check-in's dirty build draws one chart: a worker forked from the server (which
    # imported matplotlib in the background) draws it, the build never imports it.
    served, alone = _draw_one("server"), _draw_one("alone")
    assert served["workers"] == 1 and served["matplotlib"] is False
    # Without the server, forking one would cost more than drawing here.
    assert alone["workers"] == 0 and alone["matplotlib"] is True
    assert served["svg"] == alone["svg"]


def test_one_worker_asked_for_means_in_process(tmp_path: Path) -> None:
    start_workers()
    cache = ChartCache(tmp_path)
    cache.render_all(portal(2), workers=1)
    assert cache.stats.workers == 0
