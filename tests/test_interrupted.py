"""Interrupted writers leave nothing half-done: the chart cache, and ``okrsite new``."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from okrsite.writes import create_locked

DRAW = """
import sys
from pathlib import Path
from okrsite.charts import KpiChart
from okrsite.charts.cache import ChartCache

charts = {
    f"kpis/k{i}": KpiChart(
        title=f"KPI {i}", unit="", points=(("2026-01-01", 1.0), ("2026-02-01", float(i))),
        targets=(("2026-01-01", 150.0),), warning=None, direction="higher", status="red",
    )
    for i in range(int(sys.argv[2]))
}
print("drawing", flush=True)
ChartCache(Path(sys.argv[1])).render_all(charts)
"""


@pytest.mark.parametrize("written", [1, 50, 200])
def test_an_interrupted_chart_build_leaves_no_temporary_file(tmp_path: Path, written: int) -> None:
    cache = tmp_path / "cache"
    proc = subprocess.Popen(
        [sys.executable, "-c", DRAW, str(cache), "400"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "drawing\n"
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:  # until it is writing
        if cache.is_dir() and len(list(cache.iterdir())) >= written:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)  # Ctrl-C in the middle of writing the cache
    _, err = proc.communicate(timeout=120)
    assert "KeyboardInterrupt" in err or proc.returncode == 0  # stopped, or done before
    leftovers = [p.name for p in cache.iterdir() if not p.name.endswith((".svg", ".json"))]
    assert leftovers == []


CREATE = """
import sys
from pathlib import Path
from okrsite.writes import create_locked
print(create_locked(Path(sys.argv[1]), sys.argv[2].encode() * 50000))
"""


def test_concurrent_creators_of_one_page_one_wins_whole(tmp_path: Path) -> None:
    page = tmp_path / "goals" / "objectives" / "new.md"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CREATE, str(page), f"w{i}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    results = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert sorted(results) == ["False", "False", "False", "True"]
    winner = results.index("True")
    assert page.read_bytes() == f"w{winner}".encode() * 50000
    assert [p.name for p in page.parent.iterdir()] == ["new.md"]
    assert create_locked(page, b"again") is False
