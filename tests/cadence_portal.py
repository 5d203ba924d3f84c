"""A tiny portal for the cadence commands (due, digest, kpi add, pull), as of 2026-11-15.

Each page is placed to sit on one side of a rule's edge, so the tests can assert
exact sets: who owes a check-in, whose KPI data is late, what the digest of a
window holds and what it leaves out.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from helpers import write_portal

from okrsite.cli import main

AS_OF = "2026-11-15"
URL_ENV = "TINY_WAREHOUSE_URL"

MKDOCS = f"""\
site_name: Tiny goals
site_url: https://goals.example.com/tiny/
docs_dir: goals
plugins:
  - okrsite:
      company: Tiny
      as_of: {AS_OF}
      lint: {{stale_days: 14}}
      connections:
        warehouse: {{url_env: {URL_ENV}}}
"""


def _objective(owner: str, period: str, checkins: str = "", kr_owner: str = "") -> str:
    kr_owner_line = f"\n    owner: {kr_owner}" if kr_owner else ""
    return f"""\
---
objective: Make harbour staff trust the booking screen
period: {period}
owner: {owner}
key_results:
  - id: speed
    title: Median booking time falls from 90 to 30 seconds
    baseline: 90
    target: 30{kr_owner_line}
  - id: errors
    title: Double bookings per month fall from 12 to 2
    baseline: 12
    target: 2
{checkins}---
"""


def _kpi(owner: str, cadence: str, extra: str = "") -> str:
    return f"""\
---
name: {cadence.title()} KPI of {owner}
owner: {owner}
team: ops
definition: What it counts.
source: Where it comes from.
cadence: {cadence}
target: 100
warning: 80
{extra}---
"""


TINY: dict[str, str] = {
    "../mkdocs.yml": MKDOCS,
    "teams/ops.md": "---\nname: Operations\nlead: Lena Lead\n---\n",
    # checked in 5 days before as_of: nothing due; its KR owner owes nothing either
    "objectives/2026-Q4/fresh.md": _objective(
        "Ann Fresh",
        "2026-Q4",
        "checkins:\n"
        "  - date: 2026-11-10\n"
        "    values: {speed: 60}\n"
        "    confidence: 0.7\n"
        "    by: Ann Fresh\n"
        "    note: Inside the window, with the new screen\n"
        "  - date: 2026-11-20\n"
        "    values: {speed: 40}\n"
        "    note: After the window\n",
        kr_owner="Kim Fresh",
    ),
    # latest check-in 26 days old: owner and KR owner owe one
    "objectives/2026-Q4/stale.md": _objective(
        "Bo Stale",
        "2026-Q4",
        "checkins:\n  - date: 2026-10-20\n    values: {speed: 80}\n    note: Before the window\n",
        kr_owner="Kim Kr",
    ),
    # exactly 14 days: not yet due (the rule is "more than stale_days")
    "objectives/2026-Q4/edge.md": _objective(
        "Eve Edge",
        "2026-Q4",
        "checkins:\n  - date: 2026-11-01\n    values: {speed: 85}\n    note: On the edge\n",
    ),
    # no check-in since the period started 45 days ago
    "objectives/2026-Q4/silent.md": _objective("Nia None", "2026-Q4"),
    # finished and planned periods owe nothing
    "objectives/2026-Q3/old.md": _objective("Olga Old", "2026-Q3"),
    "objectives/2027-Q1/next.md": _objective("Pia Planned", "2027-Q1"),
    # weekly, latest 6 days old: fine
    "kpis/weekly-ok.md": _kpi("Wes Weekly", "weekly"),
    "kpis/weekly-ok.csv": "date,value\n2026-10-25,70\n2026-11-01,75\n2026-11-09,120\n",
    # weekly, latest exactly 7 days old: fine; 8 days: due
    "kpis/weekly-edge.md": _kpi("Wes Weekly", "weekly"),
    "kpis/weekly-edge.csv": "date,value\n2026-11-08,90\n",
    "kpis/weekly-late.md": _kpi("Wes Weekly", "weekly"),
    "kpis/weekly-late.csv": "date,value\n2026-11-07,90\n2026-11-20,95\n",
    # monthly: one calendar month back is 2026-10-15
    "kpis/monthly-ok.md": _kpi("Mo Monthly", "monthly"),
    "kpis/monthly-ok.csv": "date,value\n2026-10-15,99\n",
    "kpis/monthly-late.md": _kpi("Mo Monthly", "monthly"),
    "kpis/monthly-late.csv": "date,value\n2026-10-14,99\n",
    # no data at all
    "kpis/empty.md": _kpi("Nia None", "monthly"),
    # filled by okrsite pull from the warehouse
    "kpis/bookings.md": _kpi(
        "Pat Pull",
        "monthly",
        "query: SELECT day AS date, amount AS value FROM bookings ORDER BY day\n"
        "connection: warehouse\n",
    ),
    "kpis/bookings.csv": "date,value\n2026-09-30,101\n2026-10-31,104\n",
}


def make_tiny(root: Path, **changes: str | None) -> Path:
    """Write the tiny portal under ``root`` (with ``changes``: path -> text or None to drop)."""
    files = {**TINY}
    for key, text in changes.items():
        rel = key.replace("__", "/")
        if text is None:
            files.pop(rel, None)
        else:
            files[rel] = text
    write_portal(root, files)
    return root


def cli(*args: str, env: dict[str, str | None] | None = None, cwd: Path | None = None) -> Result:
    """``okrsite ARGS`` in this process (stderr apart from stdout)."""
    runner = CliRunner()
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(old)


def program(
    *args: str, cwd: Path, env: dict[str, Any] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed ``okrsite`` program, for exit codes and what reaches the terminal."""
    okrsite = Path(sys.executable).with_name("okrsite")
    full = {**os.environ, **(env or {})}
    full = {k: v for k, v in full.items() if v is not None}
    return subprocess.run(
        [str(okrsite), *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
