"""A KPI with a very long series (an hourly KPI over a year is ~9,000 points; a daily
one over decades, or an imported history, reaches 100,000), added to a generated
portal to measure what its length costs a build.

The series is daily, ends on the portal's as_of, has a ``target`` column that
moves a few times (so the target in force must be looked up along the series),
a ``note`` column filled now and then, and a few gaps.
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from bench.generate import AS_OF

#: The KPI's id (its page is ``goals/kpis/<id>.md``).
LONG_KPI = "long-series"
#: Points in the benchmark's long series.
LONG_POINTS = 100_000


def add_long_kpi(root: Path, points: int = LONG_POINTS, *, seed: int = 1) -> list[Path]:
    """Write a KPI of ``points`` daily points into a portal written by ``generate_portal``.

    Args:
        root: The generated portal (``mkdocs.yml``, ``goals/``).
        points: Rows of the CSV.
        seed: Seed of the values.

    Returns:
        The two files written (page and CSV); remove them to get the portal back.
    """
    rng = random.Random(f"{seed}-long-{points}")
    page = root / "goals" / "kpis" / f"{LONG_KPI}.md"
    csv = page.with_suffix(".csv")
    page.write_text(
        "---\n"
        "name: Sensor readings per day\n"
        "owner: Benchmark Owner\n"
        "definition: Readings received from all harbour sensors in a day\n"
        "source: Telemetry warehouse\n"
        "cadence: daily\n"
        "target: 5200\n"
        "warning: 4800\n"
        "direction: higher\n"
        "unit: readings\n"
        "---\n\n"
        "A long series: every day since the first sensor went live.\n",
        encoding="utf-8",
    )
    rows = ["date,value,target,note"]
    start = AS_OF - timedelta(days=points - 1)
    value = 5000.0
    for index in range(points):
        day = start + timedelta(days=index)
        value = min(9000.0, max(1000.0, value + rng.gauss(0, 60)))
        cell = "" if rng.random() < 0.002 and index < points - 1 else f"{value:.0f}"
        # The target moves every 20,000 days or so; most rows leave it empty.
        target = f"{5000 + (index // 20_000) * 50}" if index % 20_000 == 0 else ""
        note = "sensor swap" if rng.random() < 0.001 else ""
        rows.append(f"{day.isoformat()},{cell},{target},{note}")
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [page, csv]
