"""Small helpers shared by the core tests: write a portal into a temporary folder."""

from __future__ import annotations

import textwrap
from pathlib import Path


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
