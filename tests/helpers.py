"""Small helpers shared by the core tests: write a portal into a temporary folder, build
it as a new process would, run a Python script as a new process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

#: The project's folder: scripts run by :func:`python_lines` import ``bench`` from it.
PROJECT = Path(__file__).resolve().parents[1]


def write_portal(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text, dedented) under ``root/goals``; return that folder.

    Paths are relative to the docs folder (``teams/x.md``, ``kpis/mrr.csv``). A path that
    starts with ``../`` lands beside it (e.g. ``../mkdocs.yml`` writes ``root/mkdocs.yml``).
    """
    docs = root / "goals"
    docs.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = (docs / rel).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return docs


#: The cache key's secret of tests that forge cache files (``keyed_portal``).
CACHE_SECRET = "the build machine's secret"


def build_as_new_process(root: Path, site: str, *, dirty: bool = False) -> dict[str, bytes]:
    """``mkdocs build`` of the project at ``root`` into ``root/site``, with nothing in
    okrsite's text memo (what the cache holds is all a new process knows).

    Returns:
        Every file of the built site: site-relative path -> bytes.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from okrsite.render.textmemo import MEMO

    MEMO.clear()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / site))
    build(config, dirty=dirty)
    folder = root / site
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def python_lines(
    script: str, *args: str, cwd: Path | None = None, timeout: float = 300
) -> list[str]:
    """The lines a Python ``script`` prints, run with ``args`` as a new process in ``cwd``
    (the project's folder is on its import path); a failing script fails the test."""
    path = os.pathsep.join(filter(None, [os.fspath(PROJECT), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
        env={**os.environ, "PYTHONPATH": path},
    )
    return done.stdout.splitlines()
