"""``mkdocs serve``: an edited goal page or CSV shows on the served site after the rebuild."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.serve import fetch, free_port

#: Every wait is bounded: the server is ours, on the loopback address, and stops with the test.
TIMEOUT = 90.0


def _wait_for(url: str, text: str) -> str:
    deadline = time.monotonic() + TIMEOUT
    page = None
    while time.monotonic() < deadline:
        page = fetch(url, timeout=5)
        if page is not None and text in page:
            return page
        time.sleep(0.25)
    raise AssertionError(f"{text!r} did not appear at {url} within {TIMEOUT:.0f} s")


@pytest.fixture()
def served(tmp_path: Path, tiny_portal: Callable[..., Path]) -> Iterator[tuple[Path, str]]:
    root = tiny_portal(tmp_path)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield root, f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_edits_to_goal_pages_and_csvs_show_after_the_rebuild(served: tuple[Path, str]) -> None:
    root, base = served
    objective = root / "goals/objectives/2026-Q4/emea-deals.md"
    page = _wait_for(f"{base}objectives/2026-Q4/emea-deals/", "Win the marina groups")
    assert "Lead the marina groups" not in page

    objective.write_text(
        objective.read_text(encoding="utf-8").replace(
            "Win the marina groups", "Lead the marina groups"
        ),
        encoding="utf-8",
    )
    _wait_for(f"{base}objectives/2026-Q4/emea-deals/", "Lead the marina groups")

    csv = root / "goals/kpis/mrr.csv"
    data = csv.read_text(encoding="utf-8")
    assert "2026-11,131," in data
    csv.write_text(data.replace("2026-11,131,", "2026-11,987,"), encoding="utf-8")
    _wait_for(f"{base}kpis/mrr/", "987")
