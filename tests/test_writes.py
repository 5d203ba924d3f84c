"""Concurrent writers of one goal file all land (okrsite.writes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from okrsite.writes import rewrite_locked, write_atomically

PAGE = """---
objective: Make onboarding effortless
period: 2026-Q4
owner: Ann Lee
key_results:
  - id: days
    title: Days from signup to first value fall
    baseline: 10
    target: 3
---
Body.
"""

WRITER = """
import sys
from pathlib import Path
from okrsite.authoring.checkin import checkin_file
path, worker, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
for i in range(count):
    checkin_file(path, date="2026-11-%02d" % (1 + i % 28), values={"days": worker * 1000 + i})
"""


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_concurrent_checkin_processes_all_land(tmp_path: Path) -> None:
    page = tmp_path / "goals" / "onboarding.md"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    workers, count = 3, 25
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(page), str(w), str(count)])
        for w in range(1, workers + 1)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0] * workers
    seen = sorted(c["values"]["days"] for c in _front(page)["checkins"])
    expected = sorted(w * 1000 + i for w in range(1, workers + 1) for i in range(count))
    assert seen == expected
    assert page.read_text(encoding="utf-8").endswith("---\nBody.\n")
    assert [p.name for p in page.parent.iterdir()] == ["onboarding.md"]  # no temporary left


def test_a_failing_change_writes_nothing_and_leaves_no_temporary(tmp_path: Path) -> None:
    page = tmp_path / "a.csv"
    page.write_bytes(b"date,value\n")

    def boom(old: bytes) -> bytes:
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        rewrite_locked(page, boom)
    assert page.read_bytes() == b"date,value\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_write_keeps_the_mode_and_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomically(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert real.stat().st_mode & 0o777 == 0o640
